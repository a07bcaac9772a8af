package dev.tapedeck.store;

import static dev.tapedeck.store.TestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwoProcessTest {
    private static final int LINES = 30_000;

    @TempDir
    Path dir;

    @Test
    void twoProcessesWritingOneFileAtOnceLoseNoRowAndNeverSeeBusy() throws Exception {
        Path file = dir.resolve("shared.db");
        List<Process> processes = new ArrayList<>();
        for (String session : new String[] {"p-1", "p-2"}) {
            Path log = dir.resolve(session + ".log");
            processes.add(new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
                    WriterProcess.class.getName(), file.toString(), session, Integer.toString(LINES))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start());
        }
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("process %d finished", i).isTrue();
            String log = Files.readString(dir.resolve("p-" + (i + 1) + ".log"));
            assertThat(log).doesNotContain("SQLITE_BUSY").doesNotContainIgnoringCase("database is locked");
            assertThat(p.exitValue()).as("exit of process %d, log: %s", i, log).isZero();
        }
        assertThat(count(file, "SELECT sum(line_count) FROM output_chunks")).isEqualTo(2L * LINES);
        assertThat(count(file, "SELECT count(*) FROM extraction_events")).isEqualTo(2L * LINES / 10);
        assertThat(count(file, "SELECT sum(total_lines_processed) FROM process_sessions")).isEqualTo(2L * LINES);
        assertThat(count(file, "SELECT count(*) FROM process_sessions WHERE status = 'completed'")).isEqualTo(2);
        assertThat(TestSupport.pragma(file, "integrity_check")).isEqualTo("ok");
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
