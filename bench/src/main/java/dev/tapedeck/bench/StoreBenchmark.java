package dev.tapedeck.bench;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The original store's four figures, on a file database in WAL mode: a write is measured until it
 * is committed (append, then flush), a read is a lookup through the read pool.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StoreBenchmark {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Path dir;
    private Database db;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("tapedeck-bench");
        db = Database.open(dir.resolve("bench.db"), StoreConfig.DEFAULTS);
        db.writes().append(NewSession.of("bench", "bench-agent", Instant.now()));
        for (int i = 0; i < 1000; i++) {
            db.writes().append(NewSession.of("existing-" + i, "bench-agent", Instant.now()));
        }
        db.flush();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        db.close();
        BenchFiles.deleteTree(dir);
    }

    /**
     * Every event is new, with the current time, as in real output: re-inserting one event with one
     * timestamp would measure a pathological index pattern instead.
     */
    @Benchmark
    public void extractionInsert() {
        db.writes().append(event(0));
        db.flush();
    }

    @Benchmark
    public void extractionBatchOf100() {
        List<Extraction> batch = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
            batch.add(event(i));
        }
        db.writes().appendAll(batch);
        db.flush();
    }

    private static Extraction event(int i) {
        String line = "Error: connection refused (attempt " + i + ")";
        return Extraction.of("bench-agent", "bench", Instant.now(), i % 2 == 0 ? "error" : "warning",
                "generic_error", line).withLine(i, line).withRisk(RiskLevel.LOW, false);
    }

    @Benchmark
    public void sessionCreate() {
        db.writes().append(NewSession.of("s-" + SEQUENCE.incrementAndGet(), "bench-agent", Instant.now()));
        db.flush();
    }

    @Benchmark
    public Session sessionGet() {
        return db.sessions().get("existing-" + (SEQUENCE.incrementAndGet() % 1000));
    }
}
