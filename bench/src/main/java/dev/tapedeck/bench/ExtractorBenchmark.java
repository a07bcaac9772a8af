package dev.tapedeck.bench;

import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Stream;
import dev.tapedeck.wrapper.LineSplitting;
import dev.tapedeck.wrapper.extract.Extractor;
import dev.tapedeck.wrapper.extract.PatternSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The extractor alone, in lines per second: 100,000 lines of the corpus (cycled), already cut and
 * cleaned, through the default patterns, structured JSON and code block detection. Run from the
 * repository root; {@code extractC1} uses the program's JIT setting (C1 only), {@code extractC2}
 * the JVM's default.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExtractorBenchmark {
    private static final int LINES = 100_000;

    private List<OutputLine> lines;
    private PatternSet patterns;

    @Setup(Level.Trial)
    public void load() throws IOException {
        List<String> corpus = AgentLog.corpusLines(AgentLog.DEFAULT_CORPUS);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            text.append(corpus.get(i % corpus.size())).append('\n');
        }
        lines = new ArrayList<>(LINES);
        Instant now = Instant.now();
        LineSplitting.split(text.toString().getBytes(StandardCharsets.UTF_8), 64 * 1024, (line, raw, split) ->
                lines.add(new OutputLine("bench", lines.size() + 1, Stream.STDOUT, now, line, raw, split)));
        patterns = PatternSet.defaults();
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    @Fork(value = 1, jvmArgsAppend = {"-XX:TieredStopAtLevel=1"})
    public void extractC1(Blackhole sink) {
        extractAll(sink);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    @Fork(1)
    public void extractC2(Blackhole sink) {
        extractAll(sink);
    }

    private void extractAll(Blackhole sink) {
        Extractor extractor = new Extractor(patterns, "bench", "bench", sink::consume);
        for (OutputLine line : lines) {
            extractor.accept(line);
        }
        extractor.finish();
    }
}
