package dev.tapedeck.bench;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.StoreConfig;
import dev.tapedeck.store.Stream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sustained recording of output lines, in lines per second: the store's chunked form (batches of
 * 500 lines) against the baseline of one row per line, 500 rows per transaction, on the same kind
 * of file. Lines are about 60 bytes, like agent output.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class LineAppendBenchmark {
    private static final int LINES_PER_OP = 10_000;
    private static final String TEXT = "src/main/java/App.java:42: warning: [unchecked] unchecked call ";

    private Path dir;
    private Database db;
    private Connection baseline;
    private long number;

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
        dir = Files.createTempDirectory("tapedeck-bench");
        db = Database.open(dir.resolve("lines.db"), StoreConfig.DEFAULTS);
        db.writes().append(NewSession.of("bench", "bench-agent", Instant.now()));
        db.flush();
        baseline = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("row-per-line.db"));
        try (Statement s = baseline.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = NORMAL");
            s.execute("""
                    CREATE TABLE output_lines (id INTEGER PRIMARY KEY, session_id TEXT NOT NULL,
                        line_number INTEGER NOT NULL, stream TEXT NOT NULL, timestamp INTEGER NOT NULL,
                        text TEXT NOT NULL, raw BLOB, UNIQUE (session_id, line_number))""");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, SQLException {
        db.close();
        baseline.close();
        BenchFiles.deleteTree(dir);
    }

    /** Appends through the write queue (spinning when it is full) and waits until all is committed. */
    @Benchmark
    @OperationsPerInvocation(LINES_PER_OP)
    public void chunkedLines() {
        Instant now = Instant.now();
        for (int i = 0; i < LINES_PER_OP; i++) {
            OutputLine line = OutputLine.of("bench", ++number, Stream.STDOUT, now, TEXT + number);
            while (!db.writes().append(line)) {
                Thread.onSpinWait();
            }
        }
        db.flush();
    }

    /** The same lines as one row each, 500 rows per transaction, on the calling thread. */
    @Benchmark
    @OperationsPerInvocation(LINES_PER_OP)
    public void rowPerLineBaseline() throws SQLException {
        long now = System.currentTimeMillis() * 1000;
        try (PreparedStatement insert = baseline.prepareStatement(
                "INSERT INTO output_lines (session_id, line_number, stream, timestamp, text, raw) VALUES (?, ?, ?, ?, ?, ?)");
             Statement tx = baseline.createStatement()) {
            for (int i = 0; i < LINES_PER_OP; i += 500) {
                tx.execute("BEGIN IMMEDIATE");
                for (int j = 0; j < 500; j++) {
                    long n = ++number;
                    insert.setString(1, "bench");
                    insert.setLong(2, n);
                    insert.setString(3, "stdout");
                    insert.setLong(4, now);
                    insert.setString(5, TEXT + n);
                    insert.setNull(6, java.sql.Types.BLOB);
                    insert.addBatch();
                }
                insert.executeBatch();
                tx.execute("COMMIT");
            }
        }
    }
}
