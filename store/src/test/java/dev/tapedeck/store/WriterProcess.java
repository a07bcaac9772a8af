package dev.tapedeck.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A separate process that writes one session of lines and events, for the two-process test. Exits
 * 0 only when every write was committed; prints its stats on stderr.
 */
public final class WriterProcess {
    private WriterProcess() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        String sessionId = args[1];
        int lines = Integer.parseInt(args[2]);
        try (Database db = Database.open(file)) {
            db.writes().append(NewSession.of(sessionId, "proc", Instant.now()));
            for (int i = 1; i <= lines; i++) {
                OutputLine line = OutputLine.of(sessionId, i, Stream.STDOUT, Instant.now(), sessionId + " line " + i);
                while (!db.writes().append(line)) {
                    // Queue full: this producer may wait, the test counts every row.
                    db.flush();
                }
                if (i % 10 == 0) {
                    Extraction x = Extraction.of("proc", sessionId, Instant.now(), "error", "p", "e" + i);
                    while (!db.writes().append(x)) {
                        db.flush();
                    }
                }
            }
            db.writes().append(new SessionEnd(sessionId, SessionStatus.COMPLETED, 0, Instant.now(), 0, null));
            db.flush();
            WriterStats stats = db.writes().stats();
            System.err.println(stats);
            System.exit(stats.failed() == 0 && stats.failedBatches() == 0 ? 0 : 1);
        }
    }
}
