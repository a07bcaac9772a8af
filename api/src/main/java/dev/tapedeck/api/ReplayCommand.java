package dev.tapedeck.api;

import dev.tapedeck.api.export.RecordedTerminal;
import dev.tapedeck.api.replay.Replay;
import dev.tapedeck.api.replay.ReplayTarget;
import dev.tapedeck.api.sse.SessionItems;
import dev.tapedeck.api.sse.StreamItem;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.Stream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tapedeck replay}: plays a recorded session back in the terminal with its original bytes
 * (colours, redraws) and timing, as {@code asciinema play} does. Lines recorded from stdout go to
 * stdout and those from stderr to stderr. A session that is still running is played up to now and
 * then followed live.
 */
@Command(name = "replay",
        description = {"Play a recorded session back in the terminal with its original bytes and timing.",
            "Keys: space pauses and resumes, + and - double and halve the speed, q quits."},
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SESSION", description = "The session: last, last:AGENT, its id, or a unique prefix of the id.")
    String sessionId;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1",
            description = "Playback speed in (0, 100] (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--max-gap", paramLabel = "S",
            description = "Cap idle gaps at S seconds, like asciinema's idle time limit.")
    Double maxGap;

    @Option(names = "--from", paramLabel = "AT",
            description = "Start at AT seconds into the session, or at line:N.")
    String from;

    @Mixin
    DbOption db;

    @Override
    public Integer call() {
        ReplayTarget start;
        try {
            Replay.checkSpeed("--speed", speed);
            if (maxGap != null) {
                Replay.checkMaxGap("--max-gap", maxGap);
            }
            start = from == null ? null : ReplayTarget.parse("--from", from);
        } catch (IllegalArgumentException e) {
            throw new Failures.UserError(e.getMessage(), 2);
        }
        try (Database database = db.openExisting()) {
            Session session = db.session(database, sessionId);
            if (start != null) {
                checkStartWithin(database, session, start);
            }
            TerminalSink sink = new TerminalSink();
            Replay replay = new Replay("terminal", database, session, sink,
                    new SessionItems(database, session, EnumSet.of(StreamItem.Kind.LINE), null), speed, maxGap, start);
            try (TerminalKeys keys = TerminalKeys.attach(replay)) {
                if (keys != null) {
                    System.err.println("tapedeck: replaying " + session.sessionId() + " (" + session.agentName()
                            + "): space pauses, + and - change speed, q quits");
                    warnIfSmaller(RecordedTerminal.of(session));
                }
                replay.run();
                if (keys != null && sink.stopped) {
                    sink.resetAttributes();
                }
            }
        }
        return 0;
    }

    /**
     * A recording made on a bigger terminal than the user's plays wrongly (lines wrap, full-screen
     * programs draw out of place): the user is told, with both sizes, before it starts.
     */
    private static void warnIfSmaller(RecordedTerminal recorded) {
        int[] here = recorded.hasSize() ? TerminalKeys.size() : null;
        if (here != null && (here[0] < recorded.columns() || here[1] < recorded.rows())) {
            System.err.println("tapedeck: warning: your terminal is " + here[0] + "x" + here[1] + ", smaller than the"
                    + " recording's " + recorded.columns() + "x" + recorded.rows() + ": it may not show as it did;"
                    + " make the terminal bigger for a faithful replay");
        }
    }

    /**
     * A start past the end of an ended session would play nothing and exit 0 in silence: it is an
     * error. A running session may still reach it, so there the replay waits for it, live.
     */
    private void checkStartWithin(Database database, Session session, ReplayTarget start) {
        if (!session.status().isEnded()) {
            return;
        }
        if (start.line() != null) {
            if (database.output().listLines(session.sessionId(), start.line(), 1, null).isEmpty()) {
                long lines = session.totals().lines();
                throw new Failures.UserError("--from " + from + " is past the end of session " + session.sessionId()
                        + ", which has " + lines + (lines == 1 ? " line" : " lines"), 1);
            }
            return;
        }
        java.time.Instant last = database.output().findLastOutputTime(session.sessionId()).orElse(session.startedAt());
        double seconds = java.time.Duration.between(session.startedAt(), last).toNanos() / 1e9;
        if (start.offsetSeconds() > seconds) {
            throw new Failures.UserError(String.format(java.util.Locale.ROOT, "--from %s is past the end of session"
                    + " %s, whose last line is at %.3f s", from, session.sessionId(), seconds), 1);
        }
    }

    /** Writes each line's recorded bytes to the stream it came from. Used by the replay's thread. */
    private static final class TerminalSink implements Replay.Sink {
        private final OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        private final OutputStream err = new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 1 << 16);
        private boolean stopped;

        @Override
        public void start(Replay.Start start) {
            // Nothing to show: the recording speaks for itself.
        }

        @Override
        public void send(StreamItem item, String cursorId) throws IOException {
            if (item instanceof StreamItem.Line line) {
                if (line.line().stream() == Stream.STDERR) {
                    out.flush();
                    err.write(line.line().rawBytes());
                    err.flush();
                } else {
                    out.write(line.line().rawBytes());
                }
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            err.flush();
        }

        @Override
        public void end(Replay.End end, String cursorId) {
            stopped = end.reason().equals("stopped");
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        /** After quitting midway: a colour the recording had switched on must not stay on. */
        void resetAttributes() {
            try {
                out.write("\033[0m".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // The terminal is gone; nothing to reset.
            }
        }
    }
}
