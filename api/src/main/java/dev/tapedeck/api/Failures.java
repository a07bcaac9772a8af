package dev.tapedeck.api;

import dev.tapedeck.store.StoreException;
import picocli.CommandLine;

/**
 * Turns what a command throws into one line on stderr and an exit code. A {@link UserError} or a
 * {@link StoreException} is the user's input or environment at fault: no stack trace. Anything else
 * is a bug, shown with its stack trace.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {

    /** An error the user can fix, with the exit code to leave with. */
    static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        UserError(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        if (e instanceof UserError user) {
            commandLine.getErr().println("tapedeck: " + user.getMessage());
            return user.exitCode;
        }
        if (e instanceof StoreException || e instanceof IllegalArgumentException) {
            commandLine.getErr().println("tapedeck: " + e.getMessage());
            return 1;
        }
        commandLine.getErr().println("tapedeck: unexpected error, please report it:");
        e.printStackTrace(commandLine.getErr());
        return 70;
    }
}
