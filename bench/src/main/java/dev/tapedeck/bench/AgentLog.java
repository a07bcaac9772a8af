package dev.tapedeck.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Benchmark input built from the corpus of real agent and tool output: the corpus transcripts'
 * lines, in order, repeated until the wanted number of lines. Lines longer than 2,000 bytes (large
 * tool results in JSON streams) are left out so the log has the ~60-byte average of agent output.
 */
final class AgentLog {
    static final Path DEFAULT_CORPUS = Path.of("wrapper/src/test/resources/corpus");
    private static final int MAX_LINE_BYTES = 2000;

    private AgentLog() {
    }

    static List<String> corpusLines(Path corpus) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".source.txt") || name.equals("README.md")) {
                    continue;
                }
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.getBytes(StandardCharsets.UTF_8).length <= MAX_LINE_BYTES) {
                        lines.add(line);
                    }
                }
            }
        }
        if (lines.isEmpty()) {
            throw new IOException("no corpus lines under " + corpus.toAbsolutePath()
                    + " (run from the repository root, or pass --corpus DIR)");
        }
        return lines;
    }

    /** Writes count lines cycling through the corpus; returns the file's size in bytes. */
    static long write(Path target, Path corpus, int count) throws IOException {
        List<String> lines = corpusLines(corpus);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 20)) {
            for (int i = 0; i < count; i++) {
                out.write(lines.get(i % lines.size()).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        return Files.size(target);
    }
}
