package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.Write;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Code blocks in terminal output: a fence is one only where a person would see one, and a block
 * that never closes gives its lines back instead of silencing the stream.
 */
class CodeBlockDetectorTest {
    private static final Path BLOCKS = Path.of("src/test/resources/blocks");
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private final List<Write> writes = new ArrayList<>();
    private final Extractor extractor = new Extractor(PatternSet.defaults(), "agent", "s-1", writes::add);
    private long number;

    @Test
    void python311CaretLinesOpenNoBlockAndTheOutputAfterThemGivesItsEvents() throws IOException {
        // Real python3.11 tracebacks (~~~~^~~~ and ~~~~^^^^ underlines), then gcc and a shell command.
        List<Write> all = ExtractionRun.of(Files.readAllBytes(BLOCKS.resolve("traceback-then-commands.txt")));
        assertThat(all).noneMatch(CodeBlock.class::isInstance);
        assertThat(events(all)).extracting(Extraction::lineNumber, Extraction::eventType, Extraction::matchedValue)
                .containsExactly(
                        tuple(1L, "shell_command", "python3 t.py"),
                        tuple(11L, "exception", "division by zero"),
                        tuple(12L, "shell_command", "python3 t2.py"),
                        tuple(17L, "exception", "'host'"),
                        tuple(18L, "shell_command", "gcc -c bad.c"),
                        tuple(20L, "compiler_error", "‘y’ undeclared (first use in this function)"),
                        tuple(24L, "compiler_error", "expected ‘;’ before ‘}’ token"),
                        tuple(30L, "shell_command", "rm -rf build"));
    }

    @Test
    void aFenceThatNeverClosesGivesTheEventsOfTheCompilerErrorsAfterIt() throws IOException {
        List<String> rustc = rustcErrors();
        feed("Building it:", "```bash", "$ cargo build");
        feed(rustc.toArray(String[]::new));
        extractor.finish();
        List<Extraction> found = events(writes);
        assertThat(found).filteredOn(e -> e.pattern().equals("rustc")).hasSize(60);
        Extraction first = found.stream().filter(e -> e.pattern().equals("rustc")).findFirst().orElseThrow();
        assertThat(first.lineNumber()).isEqualTo(4);
        assertThat(first.timestamp()).isEqualTo(T0.plusMillis(4));
        assertThat(first.originalLine()).isEqualTo(rustc.get(0));
        assertThat(found.get(0).matchedValue()).isEqualTo("cargo build");
        // The block is recorded as the session left it: open.
        List<CodeBlock> blocks = blocks(writes);
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).terminated()).isFalse();
        assertThat(blocks.get(0).lineStart()).isEqualTo(3);
        assertThat(blocks.get(0).lineEnd()).isEqualTo(3 + rustc.size());
    }

    @Test
    void aBlockPastItsBoundGivesItsLinesBackWithoutWaitingForTheEnd() throws IOException {
        List<String> rustc = rustcErrors();
        feed("```");
        for (int i = 0; i < 3; i++) {
            feed(rustc.toArray(String[]::new));
        }
        // 3 x 363 lines: all but the last few hundred are read before the session ends.
        assertThat(events(writes)).filteredOn(e -> e.pattern().equals("rustc")).hasSize(180);
        assertThat(blocks(writes)).isEmpty();
        feed("```", "Error: after the block");
        extractor.finish();
        // The fence closes the block it opened; it opens no new one that would hold the next line.
        assertThat(blocks(writes)).singleElement().satisfies(b -> {
            assertThat(b.terminated()).isTrue();
            assertThat(b.lineEnd() - b.lineStart() + 1).isEqualTo(3 * rustc.size());
        });
        assertThat(events(writes).get(events(writes).size() - 1).matchedValue()).isEqualTo("after the block");
    }

    @Test
    void aClosedBlockStillSilencesWhatItHolds() {
        feed("Here is the log it prints:", "```text", "Error: not really, a quoted log line",
                "Traceback (most recent call last):", "ValueError: quoted", "```", "Error: a real one");
        extractor.finish();
        assertThat(events(writes)).extracting(Extraction::lineNumber, Extraction::matchedValue)
                .containsExactly(tuple(7L, "a real one"));
        assertThat(blocks(writes)).singleElement().satisfies(b -> {
            assertThat(b.language()).isEqualTo("text");
            assertThat(b.content()).isEqualTo("Error: not really, a quoted log line\n"
                    + "Traceback (most recent call last):\nValueError: quoted");
        });
    }

    @Test
    void aBareFenceFollowedByTheNextBlocksOpeningWasAStrayClosingFence() {
        // The opening fence of the first block was lost (cut off above the recording).
        feed("print('end of a block whose start was not recorded')", "```", "Error: between the blocks",
                "```python", "raise ValueError('quoted')", "```", "Error: after them");
        extractor.finish();
        assertThat(events(writes)).extracting(Extraction::lineNumber, Extraction::matchedValue)
                .containsExactly(tuple(3L, "between the blocks"), tuple(7L, "after them"));
        assertThat(blocks(writes)).singleElement().satisfies(b -> {
            assertThat(b.language()).isEqualTo("python");
            assertThat(b.content()).isEqualTo("raise ValueError('quoted')");
        });
    }

    @Test
    void aLongPauseWithABlockHoldingLinesGivesThemBack() {
        feed("```", "Error: printed, then nothing for a while");
        extractor.releaseWaiting(T0.plusSeconds(1));
        assertThat(events(writes)).isEmpty();
        extractor.releaseWaiting(T0.plusMillis(2).plus(CodeBlockDetector.MAX_HELD_PAUSE));
        assertThat(events(writes)).extracting(Extraction::lineNumber, Extraction::timestamp)
                .containsExactly(tuple(2L, T0.plusMillis(2)));
        // The block goes on: when it closes it is recorded, and lines after the pause are read at once.
        feed("Error: more", "```");
        assertThat(events(writes)).hasSize(2);
        assertThat(blocks(writes)).singleElement().extracting(CodeBlock::content)
                .isEqualTo("Error: printed, then nothing for a while\nError: more");
    }

    @Test
    void anExtractorSharingItsKeywordIndexReadsTheLinesGivenBackWithAScannerOfItsOwn() {
        KeywordIndex.Builder keywords = KeywordIndex.builder();
        List<Write> shared = new ArrayList<>();
        Extractor sharing = new Extractor(PatternSet.defaults(), "agent", "s-1", shared::add, keywords);
        KeywordIndex.Scanner scanner = keywords.build().scanner();
        for (String text : new String[] {"```", "error[E0425]: cannot find value `x` in this scope", " --> a.rs:2:19"}) {
            scanner.scan(text);
            sharing.accept(line(text), scanner);
        }
        sharing.finish();
        assertThat(events(shared)).singleElement().satisfies(e -> {
            assertThat(e.pattern()).isEqualTo("rustc");
            assertThat(e.metadataJson()).contains("\"file\":\"a.rs\"");
        });
    }

    @Test
    void aFloodOfLinesInABlockThatNeverClosesHoldsAtMostTheBound() {
        // Wide lines reach the bound in bytes first, short ones in lines.
        for (String text : new String[] {"x".repeat(2000), "short"}) {
            CodeBlockDetector detector = new CodeBlockDetector("agent", "s-1", "stdout");
            assertThat(detector.opens(line("```"))).isTrue();
            long given = 0;
            for (int i = 0; i < 100_000; i++) {
                CodeBlockDetector.Role role = detector.accept(line(text), false, b -> { });
                OpenBlock open = detector.openBlock();
                assertThat(open.held().size()).isLessThanOrEqualTo(OpenBlock.MAX_HELD_LINES);
                assertThat(open.heldBytes()).isLessThanOrEqualTo(OpenBlock.MAX_HELD_BYTES);
                if (role == CodeBlockDetector.Role.RELEASED) {
                    given += detector.takeReleased().size();
                    assertThat(detector.accept(line(text), false, b -> { })).isEqualTo(CodeBlockDetector.Role.TEXT);
                }
            }
            long bound = Math.min(OpenBlock.MAX_HELD_LINES, 1 + (OpenBlock.MAX_HELD_BYTES - 4) / (text.length() + 1));
            assertThat(given).as(text.length() + "-char lines").isEqualTo(bound);
            assertThat(detector.openBlock().held()).isEmpty();
        }
    }

    private static List<String> rustcErrors() throws IOException {
        // Real: rustc --color never on a file with 60 undefined names.
        return Files.readAllLines(BLOCKS.resolve("rustc-60-errors.txt"), StandardCharsets.UTF_8);
    }

    private void feed(String... lines) {
        for (String text : lines) {
            extractor.accept(line(text));
        }
    }

    private OutputLine line(String text) {
        number++;
        return OutputLine.of("s-1", number, Stream.STDOUT, T0.plusMillis(number), text);
    }

    private static List<Extraction> events(List<Write> writes) {
        return writes.stream().filter(Extraction.class::isInstance).map(Extraction.class::cast).toList();
    }

    private static List<CodeBlock> blocks(List<Write> writes) {
        return writes.stream().filter(CodeBlock.class::isInstance).map(CodeBlock.class::cast).toList();
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
