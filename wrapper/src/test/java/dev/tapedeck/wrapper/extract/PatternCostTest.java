package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.Write;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every regex of the default patterns (main, after, continuation) must cost time linear in the
 * line's length, on any line: the extractor's 20 ms budget per line is a safety net, and a line
 * that hits it loses its events and slows the recorder (the audit's 10,000-space line cost every
 * line its full budget and lost half a run).
 *
 * <p>Hostile lines are made from real lines each pattern matches (from the corpus, or an example
 * below) and from its keywords: a long run of a filler (spaces, dots, word characters, digits,
 * colons, slashes, quotes, brackets, and mixes) is put in at every point where the kind of
 * character changes, followed by the rest of the line, by a character that spoils the match, or by
 * nothing. A screen at 1 KiB flags any line that takes long; a flagged line is timed again, the
 * best of several tries, at 4 KiB and 64 KiB, and must grow at most about linearly (16 times the
 * length: under 64 times the time plus 2 ms, where a quadratic regex takes 256 times, or 1 s).
 * Taking the best of several tries and comparing growth rather than absolute times keeps it steady
 * on a loaded machine.
 */
class PatternCostTest {
    private static final int SCREEN_CHARS = 1024;
    private static final int SHORT_CHARS = 4 * 1024;
    private static final int LONG_CHARS = 64 * 1024;
    /** A linear match of 1 KiB takes microseconds; a quadratic one milliseconds. */
    private static final long SCREEN_NANOS = 1_000_000;
    private static final long SCREEN_CAP_NANOS = 50_000_000L;
    /** A linear match of 64 KiB takes well under a millisecond; a quadratic one seconds. */
    private static final long CAP_NANOS = 1_000_000_000L;
    private static final List<String> FILLERS = List.of(" ", ".", "a", "1", ":", "/", "\\", "\"", "'", "(", ")",
            "[", "]", "{", "}", "-", ",", "\t", "a.", "a:", "a ", " a", ". ", ": ", "a/", "1.", "1 ", "()", "[]",
            "((", "a(", "(a", "a)", "([{", "{[(", "x: ", "$ ", "…", "a.B", " ::", "= ", "\"a\": ", "-- ", "a,", "1 a, ");
    private static final List<String> TAILS = List.of("", "y", "\u0001", ")");
    /** Lines for patterns that no corpus transcript shows. */
    private static final Map<String, List<String>> EXAMPLES = Map.ofEntries(
            Map.entry("claude_thinking", List.of("✻ Thinking… (esc to interrupt)")),
            Map.entry("codex_tokens_used_inline", List.of("tokens used: 1,234")),
            Map.entry("rust_log_warning", List.of("2025-01-01T00:00:00.000Z  WARN codex_core::x: slow")),
            Map.entry("maven_compiler_warning", List.of("[WARNING] /a/B.java:[3,5] unchecked call to add(E)")),
            Map.entry("generic_warning", List.of("Warning: the cache is stale", "[WARNING] Using platform encoding")),
            Map.entry("cargo_finished", List.of("    Finished `dev` profile [unoptimized + debuginfo] target(s) in 0.40s",
                    "    Finished release [optimized] target(s) in 1.2s")),
            Map.entry("make_not_remade", List.of("make: Target 'all' not remade because of errors.")),
            Map.entry("javac_summary", List.of("1 error", "5 warnings")),
            Map.entry("javac_note", List.of("Note: app/Inventory.java uses unchecked or unsafe operations.")),
            Map.entry("lint_success", List.of("Success: no issues found in 3 source files", "All checks passed!")),
            Map.entry("eslint_summary", List.of("✖ 5 problems (3 errors, 2 warnings)")),
            Map.entry("diagnostic_summary", List.of("Found 2 errors in 1 file (checked 5 source files)",
                    "Found 1 error in ts/b.ts:1", "Found 3 errors (2 fixed, 1 remaining).")),
            Map.entry("kotlin_error", List.of("e: file:///a/B.kt:3:5 Unresolved reference: x")),
            Map.entry("kotlin_warning", List.of("w: /a/B.kts:3:5: Variable 'x' is never used")),
            Map.entry("cargo_test_failure", List.of("test tests::it_works ... FAILED")),
            Map.entry("tsc_error_classic", List.of("src/a.ts(3,5): error TS2322: Type 'x' is wrong.")),
            Map.entry("pytest_error", List.of("ERROR tests/test_a.py::test_b - ValueError: x")),
            Map.entry("git_conflict", List.of("CONFLICT (content): Merge conflict in a.txt")),
            Map.entry("git_merge_failed", List.of("Automatic merge failed; fix conflicts and then commit.")),
            Map.entry("claude_tool_call", List.of("⏺ mcp__x__y(query: \"a\")")),
            Map.entry("aider_permission_prompt", List.of("Add file to the chat? (y/n)",
                    "Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]: y")),
            Map.entry("aider_answered_prompt", List.of("> Attempt to fix lint errors? y")),
            Map.entry("aider_running_command", List.of("Running npm test -- --watch=false")),
            Map.entry("aider_tokens_total", List.of("$ 0.0188    6,257 tokens total")),
            Map.entry("claude_version", List.of(" ▐▛███▜▌   Claude Code v2.0.14", "╭─── Claude Code v2.0.0 ───╮")),
            Map.entry("claude_banner_model", List.of("▝▜█████▛▘  Sonnet 4.5 · Claude Pro",
                    "│          Opus 4.1 · Claude Max          │ Recent activity      │")),
            Map.entry("aider_run_command", List.of("> /run npm test", "#### /test pytest -q", "architect> !ls -la")),
            Map.entry("git_commit_line", List.of("[main (root-commit) 6526bfc] first commit", "[feature/x 7450b89] feat: e")),
            Map.entry("git_remote_warning", List.of("remote: warning: Large files detected.")),
            Map.entry("claude_mcp_call", List.of("⏺ linear - get_issue (MCP)(id: \"SHOP-142\")")),
            Map.entry("claude_todos", List.of("⏺ Update Todos")),
            Map.entry("claude_task_done", List.of("  ⎿  Done (6 tool uses · 14.2k tokens · 26.8s)")),
            Map.entry("aider_created_file", List.of("Applied edit to src/inventory/errors.py")),
            Map.entry("claude_exit", List.of("  ⎿  Goodbye!")),
            Map.entry("compose_exited", List.of("api-1 exited with code 1", "db_1 exited with code 137")));

    private static Map<String, Set<String>> corpusLines;

    @BeforeAll
    static void readTheCorpus() throws IOException {
        corpusLines = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/corpus"))) {
            for (Path file : files.sorted().toList()) {
                if (file.toString().endsWith(".source.txt") || file.endsWith("README.md")) {
                    continue;
                }
                for (Write write : ExtractionRun.of(Files.readAllBytes(file))) {
                    if (write instanceof Extraction x && x.originalLine() != null && x.originalLine().length() < 4096) {
                        Set<String> lines = corpusLines.computeIfAbsent(x.pattern(), p -> new LinkedHashSet<>());
                        if (lines.size() < 2) {
                            // A pattern may have matched the line without its prefixes (LinePrefix).
                            String line = x.originalLine();
                            lines.add(findsIn(x.pattern(), line) ? line : LinePrefix.of(line).text());
                        }
                    }
                }
            }
        }
    }

    private static boolean findsIn(String patternName, String line) {
        return PatternSet.defaults().patterns().stream().filter(p -> p.name().equals(patternName))
                .anyMatch(p -> p.regex().matcher(line).find());
    }

    static Stream<String> patternNames() {
        return PatternSet.defaults().patterns().stream().map(PatternDefinition::name);
    }

    @Test
    void everyDefaultPatternHasALineItMatchesToAttackFrom() {
        for (PatternDefinition pattern : PatternSet.defaults().patterns()) {
            if (pattern.regex().pattern().startsWith("^\\{")) {
                continue; // JSON lines are read as JSON before any regex
            }
            List<String> seeds = examples(pattern);
            assertThat(seeds).as("lines that %s matches", pattern.name()).isNotEmpty();
            for (String seed : seeds) {
                assertThat(pattern.regex().matcher(seed).find()).as("%s matches its example %s", pattern.name(), seed)
                        .isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patternNames")
    void aDefaultPatternsCostGrowsLinearlyWithTheLine(String name) {
        PatternDefinition pattern = PatternSet.defaults().patterns().stream().filter(p -> p.name().equals(name))
                .findFirst().orElseThrow();
        List<String> seeds = new ArrayList<>(examples(pattern));
        seeds.addAll(pattern.keywords());
        for (Pattern regex : new Pattern[] {pattern.regex(), pattern.after(), pattern.continuation()}) {
            if (regex != null) {
                assertLinear(name, regex, seeds);
            }
        }
    }

    @Test
    void theShellRiskRulesCostGrowsLinearlyWithTheCommand() {
        for (ShellRisk.Rule rule : PatternSet.defaults().shellRisk().rules()) {
            List<String> seeds = new ArrayList<>(rule.keywords());
            seeds.add("git push --force origin main");
            seeds.add("rm -rf /tmp/x");
            seeds.add("curl -s https://x | sh");
            assertLinear(rule.name(), rule.regex(), seeds);
        }
    }

    /** Asserts the regex's cost is linear on every hostile line made from the seeds. */
    static void assertLinear(String name, Pattern regex, List<String> seeds) {
        // A regex whose linear cost is high (a bounded repeat tried at every start) is timed carefully
        // once, then screened against its own cost.
        long threshold = SCREEN_NANOS;
        for (String seed : seeds) {
            for (int cut : cuts(seed)) {
                for (String filler : FILLERS) {
                    List<String> tails = new ArrayList<>(TAILS);
                    tails.add(seed.substring(cut));
                    for (String rest : tails) {
                        String head = seed.substring(0, cut);
                        long screened = screenNanos(regex, head, filler, rest, SCREEN_CHARS);
                        if (screened > threshold) {
                            assertGrowthLinear(name, regex, head, filler, rest);
                            threshold = Math.max(threshold, 4 * screened);
                        }
                    }
                }
            }
        }
    }

    /** The points of the seed where the kind of character changes, and its ends. */
    private static List<Integer> cuts(String seed) {
        List<Integer> cuts = new ArrayList<>(List.of(0, seed.length()));
        for (int i = 1; i < seed.length(); i++) {
            if (kind(seed.charAt(i)) != kind(seed.charAt(i - 1))) {
                cuts.add(i);
            }
        }
        return cuts;
    }

    private static int kind(char c) {
        return Character.isLetterOrDigit(c) ? 0 : Character.isWhitespace(c) ? 1 : c;
    }

    private static void assertGrowthLinear(String name, Pattern regex, String head, String filler, String rest) {
        long small = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5; attempt++) {
            small = Math.min(small, timeNanos(regex, line(head, filler, rest, SHORT_CHARS)));
        }
        // 16 times the length: a linear regex takes about 16 times as long, a quadratic one 256 times
        // (and hits the cap). The best of up to five tries, stopping at the first that is in time.
        long limit = Math.min(CAP_NANOS, 64 * small + 2_000_000);
        long large = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5 && large >= limit; attempt++) {
            large = Math.min(large, timeNanos(regex, line(head, filler, rest, LONG_CHARS)));
        }
        assertThat(large).as("pattern %s on %s + %s * %d + %s: %d µs at 4 KiB, %d µs at 64 KiB (want at most"
                        + " about 16 times: linear)", name, quoted(head), quoted(filler), LONG_CHARS / filler.length(),
                quoted(rest), small / 1000, large / 1000)
                .isLessThan(limit);
    }

    private static long screenNanos(Pattern regex, String head, String filler, String rest, int chars) {
        return timeNanos(regex, line(head, filler, rest, chars), SCREEN_CAP_NANOS);
    }

    private static long timeNanos(Pattern regex, String line) {
        return timeNanos(regex, line, CAP_NANOS);
    }

    private static long timeNanos(Pattern regex, String line, long cap) {
        TimedText timed = new TimedText().reset(line, cap);
        Matcher m = regex.matcher(timed);
        long start = System.nanoTime();
        try {
            m.find();
        } catch (TimedText.Overrun e) {
            return cap;
        } catch (StackOverflowError e) {
            throw new AssertionError("pattern /" + regex + "/ overflows the stack on a line of " + line.length()
                    + " characters (a repeated group recurses once per repetition): " + quoted(line.substring(0, 40)));
        }
        return System.nanoTime() - start;
    }

    private static String line(String head, String filler, String rest, int chars) {
        return head + filler.repeat(Math.max(1, chars / filler.length())) + rest;
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\u0001", "\\u0001").replace("\t", "\\t") + "\"";
    }

    private static List<String> examples(PatternDefinition pattern) {
        List<String> lines = new ArrayList<>(corpusLines.getOrDefault(pattern.name(), Set.of()));
        lines.addAll(EXAMPLES.getOrDefault(pattern.name(), List.of()));
        return lines;
    }
}
