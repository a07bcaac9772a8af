package dev.tapedeck.api;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.StoreConfig;
import dev.tapedeck.store.StoreException;
import dev.tapedeck.wrapper.OrphanedSessions;
import dev.tapedeck.wrapper.PtyMode;
import dev.tapedeck.wrapper.RunOptions;
import dev.tapedeck.wrapper.RunOutcome;
import dev.tapedeck.wrapper.Terminal;
import dev.tapedeck.wrapper.WrappedCommand;
import dev.tapedeck.wrapper.extract.PatternFileException;
import dev.tapedeck.wrapper.extract.PatternSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tapedeck run}: wrap a command, pass its output through, record everything. */
@Command(name = "run",
        description = {"Run COMMAND, pass its output through untouched and record every line.",
                "The exit code is the command's (128+N when killed by signal N, 127 when not found)."},
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class RunCommand implements Callable<Integer> {
    /**
     * How {@code run} writes: batches of up to 16,384 writes (the store's default is 500) still
     * committed within 200 ms, with a 32 MiB page cache that holds such a batch's changed pages
     * until it commits. Under a burst most of a commit's cost is rewriting the same index pages, so
     * fewer, larger commits cost the writer less (docs/benchmarks.md). A queue of 32,768 writes or
     * 16 MiB: with the recorder's bounded waits it only has to absorb bursts, and it bounds the
     * batch in flight too; a longer queue costs more in garbage collection than it gains.
     */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);
    private static final StoreConfig RECORDING = StoreConfig.DEFAULTS.withQueue(32_768, 16L << 20)
            .withBatch(16_384, StoreConfig.DEFAULTS.batchAge()).withWriterCache(32L << 20);

    @Spec
    CommandSpec spec;

    @Option(names = "--agent", paramLabel = "NAME", description = "Agent name (default: the command's file name).")
    String agent;

    @Option(names = "--db", paramLabel = "PATH",
            description = {DatabasePath.HELP, DatabasePath.HELP_DEFAULT})
    Path db;

    @Option(names = "--patterns", paramLabel = "FILE",
            description = "Pattern file that extends (or replaces) the built-in patterns; see docs/patterns.md.")
    Path patternsFile;

    @Option(names = "--session-id", paramLabel = "ID",
            description = "Session id: 1 to 128 letters, digits, '-', '_' or '.' (default: a new one).")
    String sessionId;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds (default: ${DEFAULT-VALUE}) that output still open after the command exits (a"
                    + " background job's) is recorded, and that the command and its descendants are given after a"
                    + " SIGTERM, SIGHUP or SIGINT passed on to them before what is left is killed (SIGKILL).")
    double graceSeconds;

    @Option(names = "--pty", paramLabel = "WHEN", defaultValue = "auto",
            description = "Run COMMAND on a terminal of its own: auto (when stdin and stdout are terminals), always or"
                    + " never (default: ${DEFAULT-VALUE}). On a terminal its stderr is recorded as stdout.")
    String pty;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the session line on stderr.")
    boolean quiet;

    @Option(names = "--no-redact",
            description = "Record secrets as printed (by default they are replaced with [REDACTED:kind]).")
    boolean noRedact;

    @Option(names = "--redact-env", paramLabel = "NAME",
            description = "Also redact the value of this environment variable (repeatable); variables named like"
                    + " *KEY*, *TOKEN*, *SECRET*, *PASSWORD*, *CREDENTIAL* always are.")
    List<String> redactEnv = new java.util.ArrayList<>();

    @Option(names = "--record-env", paramLabel = "NAME",
            description = "Record this environment variable's value with the session (repeatable; redacted like"
                    + " everything else). TERM, SHELL, the locale and the terminal's size always are.")
    List<String> recordEnv = new java.util.ArrayList<>();

    @Option(names = "--record-input",
            description = "Record what you type (PTY mode only; redacted; nothing typed while the terminal's echo is"
                    + " off, as at a password prompt). Off by default.")
    boolean recordInput;

    @Option(names = "--require-db",
            description = "Exit 1 before starting the command if the database cannot be opened or written.")
    boolean requireDb;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command;

    @Override
    public Integer call() {
        Path dbPath = DatabasePath.resolve(db);
        // A database that exists opens on a thread of its own while the patterns are read and the
        // options checked: each takes tens of milliseconds of every start, and the command waits for
        // both. A new one is made only once the options are known to be good: a usage error must not
        // leave a database behind.
        FutureTask<Database> opening = new FutureTask<>(() -> Database.openWritable(DatabasePath.withDefaultFolder(db),
                RECORDING));
        boolean ahead = Files.exists(dbPath);
        if (ahead) {
            Thread opener = new Thread(opening, "open-database");
            opener.setDaemon(true);
            opener.start();
        }
        String session = sessionId != null ? checkedSessionId() : SessionIds.next();
        RunOptions options;
        try {
            options = RunOptions.of(agentName(), session, command).withGrace(grace()).withPatterns(patterns())
                    .withPty(ptyMode()).withRecordEnv(recordEnvNames()).withRecordInput(recordInput).withRedaction(noRedact ? RunOptions.Redaction.OFF
                            : new RunOptions.Redaction(true, java.util.Set.copyOf(redactEnv)));
        } catch (RuntimeException e) {
            // A usage error: the database is not used, and not spoken of either.
            if (ahead) {
                closeOnceOpen(opening);
            }
            throw e;
        }
        if (!ahead) {
            opening.run();
        }
        Database database = opened(opening);
        try {
            if (database != null && database.sessions().find(session).isPresent()) {
                throw new Failures.UserError("session '" + session + "' already exists in " + dbPath, 2);
            }
            if (database != null) {
                markOrphans(database);
            }
            if (!quiet) {
                spec.commandLine().getErr().println("tapedeck: session " + session
                        + (database == null ? " (not recorded)" : " recording to " + dbPath));
                spec.commandLine().getErr().flush();
            }
            RunOutcome outcome = new WrappedCommand(options, database == null ? null : database.writes(),
                    Terminal.system()).run();
            return outcome.exitCode();
        } finally {
            if (database != null) {
                // The run's final flushes have waited for the writer already (WrappedCommand.FINAL_FLUSH):
                // what a stuck database did not take by then is not waited for again.
                database.close(CLOSE_WAIT);
            }
        }
    }

    /** The patterns to extract with; a file that cannot be used is a usage error, before anything runs. */
    private PatternSet patterns() {
        if (patternsFile == null) {
            return PatternSet.defaults();
        }
        try {
            return PatternSet.load(patternsFile);
        } catch (PatternFileException e) {
            throw new Failures.UserError(e.getMessage(), 2);
        }
    }

    /** Ends sessions whose recorder died; a failure here must not stop the command from running. */
    private static void markOrphans(Database database) {
        try {
            OrphanedSessions.markInterrupted(database, false);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(RunCommand.class).warn("checking for interrupted sessions failed: {}", e.toString());
        }
    }

    /** The database once open; null (after a warning) when it could not be opened. */
    private Database opened(FutureTask<Database> opening) {
        try {
            return opening.get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof StoreException failure)) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
            if (requireDb) {
                throw new Failures.UserError(failure.getMessage(), 1);
            }
            spec.commandLine().getErr().println("tapedeck: warning: running unrecorded: " + failure.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the database", e);
        }
    }

    private static void closeOnceOpen(FutureTask<Database> opening) {
        try {
            opening.get().close();
        } catch (ExecutionException e) {
            // It did not open: nothing to close.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String agentName() {
        if (agent != null) {
            return agent;
        }
        Path name = Path.of(command.get(0)).getFileName();
        return name == null ? command.get(0) : name.toString();
    }

    /**
     * An id given with --session-id: it must fit in a URL path segment as it is and never collide
     * with a reference word ({@code last}, {@code .} and {@code ..}).
     */
    private String checkedSessionId() {
        try {
            return SessionIds.check(sessionId);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--session-id " + e.getMessage());
        }
    }

    private List<String> recordEnvNames() {
        for (String name : recordEnv) {
            if (name.isEmpty() || name.contains("=")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--record-env takes a variable's name (not empty, no '='), got '" + name + "'");
            }
        }
        return recordEnv;
    }

    private PtyMode ptyMode() {
        try {
            return PtyMode.parse(pty);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--pty: " + e.getMessage());
        }
    }

    private Duration grace() {
        if (!(graceSeconds >= 0 && graceSeconds <= 3600)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--grace must be in [0, 3600] seconds, got " + graceSeconds);
        }
        return Duration.ofMillis(Math.round(graceSeconds * 1000));
    }
}
