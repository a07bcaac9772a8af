package dev.tapedeck.store;

import static dev.tapedeck.store.TestSupport.T0;
import static dev.tapedeck.store.TestSupport.createSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputTest {
    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() {
        // Small batches, so that a session's lines span many chunk rows.
        db = Database.open(dir.resolve("t.db"), StoreConfig.DEFAULTS.withBatch(7, Duration.ofMillis(200)));
        createSession(db, "s-1", "claude", T0);
        createSession(db, "s-2", "codex", T0);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void linesReadBackExactlyWithStreamRawBytesSplitMarkAndMicroseconds() {
        List<OutputLine> written = List.of(
                OutputLine.of("s-1", 1, Stream.STDOUT, T0.plusNanos(1_000), "plain"),
                OutputLine.of("s-1", 2, Stream.STDERR, T0.plusNanos(2_000), "error: boom"),
                new OutputLine("s-1", 3, Stream.STDOUT, T0.plusNanos(3_000), "100%",
                        "progress\r50%\r100%\r\n".getBytes(StandardCharsets.UTF_8), false),
                new OutputLine("s-1", 4, Stream.STDOUT, T0.plusNanos(4_000), "\u001b is gone, ü stays, \uFFFD",
                        new byte[] {0x1b, '[', '1', 'm', (byte) 0xc3, (byte) 0xbc, 0, (byte) 0xff, '\n'}, false),
                new OutputLine("s-1", 5, Stream.STDOUT, T0.plusNanos(5_000), "x".repeat(10), null, true),
                OutputLine.of("s-1", 6, Stream.STDOUT, T0.plusNanos(6_000), ""),
                new OutputLine("s-1", 7, Stream.STDOUT, T0.plusSeconds(3600), "last, no newline",
                        "last, no newline".getBytes(StandardCharsets.UTF_8), false));
        db.writes().appendAll(written);
        db.flush();

        assertThat(db.output().listLines("s-1", 1, 100, null)).containsExactlyElementsOf(written);
        assertThat(written.get(0).rawBytes()).isEqualTo("plain\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLineIsFlaggedAsciiOnlyWhenItsTextIs() {
        assertThat(OutputLine.of("s-1", 1, Stream.STDOUT, T0, "plain text\t42").ascii()).isTrue();
        assertThat(OutputLine.of("s-1", 1, Stream.STDOUT, T0, "über").ascii()).isFalse();
        // The store copies a flagged line's characters as bytes: a wrong flag is caught where
        // assertions are on (as in these tests) rather than stored garbled unseen.
        assertThatThrownBy(() -> new OutputLine("s-1", 1, Stream.STDOUT, T0, "über", null, false, 6, true))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void readsFromALineNumberAcrossChunksWithALimitAndAStreamFilter() {
        List<OutputLine> written = writeLines("s-1", 100);
        // Another session's lines interleaved must not show up.
        writeLines("s-2", 30);

        assertThat(db.output().listLines("s-1", 1, 1000, null)).containsExactlyElementsOf(written);
        assertThat(db.output().listLines("s-1", 50, 10, null)).containsExactlyElementsOf(written.subList(49, 59));
        assertThat(db.output().listLines("s-1", 95, 10, null)).containsExactlyElementsOf(written.subList(94, 100));
        assertThat(db.output().listLines("s-1", 101, 10, null)).isEmpty();
        List<OutputLine> errors = written.stream().filter(l -> l.stream() == Stream.STDERR).toList();
        assertThat(db.output().listLines("s-1", 1, 1000, Stream.STDERR)).containsExactlyElementsOf(errors);
        assertThat(db.output().listLines("s-1", 20, 3, Stream.STDERR))
                .containsExactlyElementsOf(errors.stream().filter(l -> l.number() >= 20).limit(3).toList());
        assertThat(db.output().listLines("nope", 1, 10, null)).isEmpty();
    }

    @Test
    void readsInTimeOrderFromAPointInTime() {
        List<OutputLine> written = writeLines("s-1", 60);
        Instant from = written.get(33).timestamp().minusNanos(1_000);
        assertThat(db.output().listLinesByTime("s-1", from, 5)).containsExactlyElementsOf(written.subList(33, 38));
        assertThat(db.output().listLinesByTime("s-1", T0.minusSeconds(1), 1)).containsExactly(written.get(0));
        assertThat(db.output().listLinesByTime("s-1", T0.plusSeconds(3600), 5)).isEmpty();
    }

    @Test
    void findsTheFirstOfTheLastLinesAcrossChunksCountingLinesNotNumbers() {
        assertThat(db.output().findFirstOfLastLines("s-1", 10)).isEqualTo(1);
        assertThat(db.output().findFirstOfLastLines("s-1", 0)).isEqualTo(1);
        List<OutputLine> lines = new ArrayList<>();
        // Lines 21 to 30 were lost: numbers 1..20 and 31..40, 30 lines in chunks of at most 7.
        for (int i = 1; i <= 40; i++) {
            if (i <= 20 || i > 30) {
                lines.add(OutputLine.of("s-1", i, Stream.STDOUT, T0.plusMillis(i), "line " + i));
            }
        }
        db.writes().appendAll(lines);
        writeLines("s-2", 3);

        assertThat(db.output().findFirstOfLastLines("s-1", 1)).isEqualTo(40);
        assertThat(db.output().findFirstOfLastLines("s-1", 10)).isEqualTo(31);
        assertThat(db.output().findFirstOfLastLines("s-1", 11)).isEqualTo(20);
        assertThat(db.output().findFirstOfLastLines("s-1", 15)).isEqualTo(16);
        assertThat(db.output().findFirstOfLastLines("s-1", 30)).isEqualTo(1);
        assertThat(db.output().findFirstOfLastLines("s-1", 1_000_000)).isEqualTo(1);
        assertThat(db.output().findFirstOfLastLines("s-1", 0)).isEqualTo(41);
        assertThat(db.output().listLines("s-1", db.output().findFirstOfLastLines("s-1", 12), 100, null))
                .extracting(OutputLine::number).containsExactly(19L, 20L, 31L, 32L, 33L, 34L, 35L, 36L, 37L, 38L,
                        39L, 40L);
        assertThatThrownBy(() -> db.output().findFirstOfLastLines("s-1", -1))
                .hasMessage("count must be at least 0, got -1");
    }

    @Test
    void lineTimesComeInOrderFromEveryChunkWithoutReadingTheText() {
        List<OutputLine> written = new ArrayList<>(writeLines("s-1", 40));
        // Raw bytes and a gap in the numbering (lines the recorder lost) decode as well.
        OutputLine raw = new OutputLine("s-1", 45, Stream.STDOUT, T0.plusSeconds(9), "red",
                "\u001b[31mred\u001b[0m\n".getBytes(StandardCharsets.UTF_8), false);
        db.writes().append(raw);
        writeLines("s-2", 30);
        db.flush();
        written.add(raw);

        List<long[]> times = new ArrayList<>();
        db.output().forEachLineTime("s-1", (line, micros) -> times.add(new long[] {line, micros}));
        assertThat(times).extracting(t -> t[0]).containsExactlyElementsOf(written.stream().map(OutputLine::number).toList());
        assertThat(times).extracting(t -> t[1]).containsExactlyElementsOf(written.stream()
                .map(l -> Duration.between(Instant.EPOCH, l.timestamp()).toNanos() / 1_000).toList());
        List<long[]> none = new ArrayList<>();
        db.output().forEachLineTime("no-such-session", (line, micros) -> none.add(new long[] {line, micros}));
        assertThat(none).isEmpty();
    }

    private List<OutputLine> writeLines(String sessionId, int count) {
        List<OutputLine> lines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Stream stream = i % 5 == 0 ? Stream.STDERR : Stream.STDOUT;
            lines.add(OutputLine.of(sessionId, i, stream, T0.plusMillis(i * 10L).plusNanos(i * 1000L),
                    sessionId + " line " + i));
        }
        db.writes().appendAll(lines);
        db.flush();
        return lines;
    }
}
