package dev.tapedeck.api;

import dev.tapedeck.api.cli.Screen;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.PageRequest;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionFilter;
import dev.tapedeck.store.Stream;
import dev.tapedeck.wrapper.OrphanedSessions;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tapedeck tail}: the last lines of a session, and with {@code -f} the lines it records from
 * then on, until it ends. Both streams go to stdout in the order they were read (line order), so
 * that a pipe gets them all; on a terminal, unless {@code NO_COLOR} is set, stderr's lines are red.
 * Clean text is stripped of what a terminal acts on ({@link TerminalText}); {@code --raw} prints
 * the bytes as recorded, escapes included, because that is what was asked for.
 *
 * <p>Following polls the store every {@link #POLL_MILLIS} ms on this thread: the session's status
 * first, then its lines after the last one printed, so that the poll that sees it ended has read
 * every line committed before its end. It reads through the same store queries as the HTTP routes.
 */
@Command(name = "tail",
        description = {"Print the last lines of a session; with -f, follow it until it ends.",
            "Without SESSION: the newest running session, else the newest session."},
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class TailCommand implements Callable<Integer> {
    static final long POLL_MILLIS = 200;
    /** How often a follow looks for a recorder that died (kill -9) and would leave it waiting forever. */
    private static final long ORPHAN_CHECK_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int PAGE = 1000;
    private static final byte[] RED = "\033[31m".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESET = "\033[0m".getBytes(StandardCharsets.US_ASCII);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SESSION",
            description = "The session: last, last:AGENT, its id, or a unique prefix of the id.")
    String reference;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "10",
            description = "Print the last N lines (default: ${DEFAULT-VALUE}); 0 prints none (with -f: only new lines).")
    long count;

    @Option(names = "--raw", description = "The bytes as printed (colours, escapes, \\r redraws), not the clean text.")
    boolean raw;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines while the session runs; stop when it ends.")
    boolean follow;

    @Mixin
    DbOption db;

    @Override
    public Integer call() throws InterruptedException {
        if (count < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-n must be at least 0, got " + count);
        }
        try (Database database = db.openExisting()) {
            Session session = reference == null ? newest(database) : db.session(database, reference);
            String id = session.sessionId();
            Printer printer = new Printer(raw, !raw && colourful());
            try {
                long next = database.output().findFirstOfLastLines(id, count);
                if (count > 0) {
                    next = print(database, id, next, count, printer);
                }
                if (follow) {
                    follow(database, id, next, printer);
                }
            } catch (IOException e) {
                // Whatever reads our output has gone (a pager quit, `| head`): nothing more to do.
            }
        }
        return 0;
    }

    /** The newest running session, else the newest session. */
    private Session newest(Database database) {
        List<Session> running = database.sessions().list(SessionFilter.ALL.active(true), PageRequest.first(1)).items();
        if (!running.isEmpty()) {
            return running.get(0);
        }
        return database.sessions().findLast(null).orElseThrow(
                () -> new Failures.UserError("no session to tail: nothing is recorded in " + db.path(), 1));
    }

    private void follow(Database database, String id, long next, Printer printer)
            throws IOException, InterruptedException {
        long orphansChecked = System.nanoTime();
        while (true) {
            boolean ended = database.sessions().find(id).map(s -> s.status().isEnded()).orElse(true);
            next = print(database, id, next, Long.MAX_VALUE, printer);
            if (ended) {
                return;
            }
            if (System.nanoTime() - orphansChecked > ORPHAN_CHECK_NANOS) {
                OrphanedSessions.markInterrupted(database, true);
                orphansChecked = System.nanoTime();
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Prints up to max lines from line number from on; returns the number after the last printed. */
    private static long print(Database database, String id, long from, long max, Printer printer) throws IOException {
        long next = from;
        long left = max;
        while (left > 0) {
            int want = (int) Math.min(PAGE, left);
            List<OutputLine> lines = database.output().listLines(id, next, want, null);
            for (OutputLine line : lines) {
                printer.print(line);
                next = line.number() + 1;
            }
            printer.flush();
            left -= lines.size();
            if (lines.size() < want) {
                break;
            }
        }
        return next;
    }

    /** Colour as every listing has it: stdout a terminal, no NO_COLOR, TERM not dumb ({@link Screen}). */
    private static boolean colourful() {
        return Screen.detect(true).colour();
    }

    /** Writes lines to stdout, raw or clean; owned by the command's thread. */
    private static final class Printer {
        private final OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        private final boolean raw;
        private final boolean markStderr;

        Printer(boolean raw, boolean markStderr) {
            this.raw = raw;
            this.markStderr = markStderr;
        }

        void print(OutputLine line) throws IOException {
            if (raw) {
                out.write(line.rawBytes());
                return;
            }
            boolean mark = markStderr && line.stream() == Stream.STDERR;
            if (mark) {
                out.write(RED);
            }
            out.write(TerminalText.strip(line.text()).getBytes(StandardCharsets.UTF_8));
            if (mark) {
                out.write(RESET);
            }
            if (!line.split()) {
                out.write('\n');
            }
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
