package dev.tapedeck.api;

import dev.tapedeck.store.StoreException;
import picocli.CommandLine;

/**
 * Turns what a command throws into one line on stderr and an exit code. A {@link UserError}, a
 * {@link StoreException} or an I/O error is the user's input or environment at fault: no stack trace. Anything else
 * is a bug, shown with its stack trace. A usage error (picocli's parameter errors, and ours thrown
 * as {@link CommandLine.ParameterException}) is one line and a pointer to {@code --help}, as git
 * does, not the whole help: exit 2.
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

    /** The parameter exception handler: {@code tapedeck: error} and {@code See 'tapedeck run --help'.} */
    static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        java.io.PrintWriter err = command.getErr();
        String message = e.getMessage() == null ? "bad usage" : e.getMessage();
        if (!message.isEmpty() && Character.isUpperCase(message.charAt(0))
                && (message.length() == 1 || !Character.isUpperCase(message.charAt(1)))) {
            // picocli's own messages start in capitals ("Unknown option: '--bogus'"); ours do not.
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        err.println("tapedeck: " + message);
        err.println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
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
        if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
            // A file the command was pointed at: the environment's fault, in words, not a stack trace.
            commandLine.getErr().println("tapedeck: " + dev.tapedeck.store.FileMessages.of(e));
            return 1;
        }
        commandLine.getErr().println("tapedeck: unexpected error, please report it:");
        e.printStackTrace(commandLine.getErr());
        return 70;
    }
}
