package dev.tapedeck.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several writers opening a database that does not exist yet, at the same moment: the first
 * recorders of a new machine, or a test reading the file its recorder is creating. Switching the new
 * file to WAL answered SQLITE_BUSY without waiting about once in 200 opens here, and that writer
 * failed to open the database (a recorder then runs its command unrecorded).
 */
class FreshFileTest {
    private static final int ROUNDS = 150;
    private static final int WRITERS = 4;

    @TempDir
    Path dir;

    @Test
    void writersOpeningANewFileTogetherAllOpenIt() throws Exception {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int round = 0; round < ROUNDS; round++) {
            Path file = dir.resolve("fresh-" + round + ".db");
            CyclicBarrier start = new CyclicBarrier(WRITERS);
            List<Thread> writers = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                Thread writer = new Thread(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                        try (Database database = Database.open(file)) {
                            assertThat(database.takesWrites()).isTrue();
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                writer.start();
                writers.add(writer);
            }
            for (Thread writer : writers) {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(TestSupport.pragma(file, "journal_mode")).isEqualTo("wal");
        }
        assertThat(failures).as("opens that failed").isEmpty();
    }
}
