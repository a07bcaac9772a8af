package dev.tapedeck.wrapper.extract;

import static dev.tapedeck.wrapper.extract.GnuDiagnosticTest.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tapedeck.store.Extraction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real output of cargo 1.95 (build, clippy, in colour) and ruff 0.16, made for these tests. */
class RustDiagnosticTest {

    @Test
    void aRustcErrorIsOneEventWithTheArrowsLocationAndCargosVerdictIsABuildResult() {
        String cargo = """
                   Compiling demo v0.1.0 (/tmp/diag14/rs/demo)
                error[E0425]: cannot find value `z` in this scope
                 --> src/main.rs:6:20
                  |
                6 |     println!("{}", z);
                  |                    ^
                  |
                help: a local variable with a similar name exists
                  |
                6 -     println!("{}", z);
                6 +     println!("{}", v);
                  |

                error[E0308]: mismatched types
                 --> src/main.rs:3:18
                  |
                3 |     let x: i32 = "s";
                  |            ---   ^^^ expected `i32`, found `&str`
                  |            |
                  |            expected due to this

                Some errors have detailed explanations: E0308, E0425.
                For more information about an error, try `rustc --explain E0308`.
                error: could not compile `demo` (bin "demo") due to 2 previous errors
                """;
        assertThat(events(cargo)).extracting(Extraction::lineNumber, Extraction::eventType, Extraction::pattern,
                Extraction::matchedValue).containsExactly(
                        tuple(2L, "compiler_error", "rustc", "cannot find value `z` in this scope"),
                        tuple(14L, "compiler_error", "rustc", "mismatched types"),
                        tuple(24L, "build_result", "cargo_build_result", "could not compile `demo` (bin \"demo\") due to 2 previous errors"));
        assertThat(events(cargo).get(0).metadataJson()).startsWith(
                "{\"code\":\"E0425\",\"file\":\"src/main.rs\",\"line\":6,\"column\":20,\"detail\":\"--> src/main.rs:6:20");
    }

    @Test
    void clippyAndRustcWarningsAreCompilerWarningsAndCargosCountOfThemIsSilent() {
        String clippy = """
                warning: length comparison to zero
                 --> src/main.rs:5:8
                  |
                5 |     if v.len() == 0 { println!("{}", y) }
                  |        ^^^^^^^^^^^^ help: using `is_empty` is clearer and more explicit: `v.is_empty()`
                  |
                  = help: for further information visit https://rust-lang.github.io/rust-clippy/rust-1.95.0/index.html#len_zero
                  = note: `#[warn(clippy::len_zero)]` on by default

                warning: `demo` (bin "demo") generated 1 warning (run `cargo clippy --fix --bin "demo" -p demo -- ` to apply 1 suggestion)
                    Finished `dev` profile [unoptimized + debuginfo] target(s) in 0.08s
                """;
        assertThat(events(clippy)).extracting(Extraction::lineNumber, Extraction::eventType, Extraction::matchedValue)
                .containsExactly(tuple(1L, "compiler_warning", "length comparison to zero"),
                        tuple(11L, "build_result", "Finished"));
        assertThat(events(clippy).get(0).metadataJson()).startsWith(
                "{\"file\":\"src/main.rs\",\"line\":5,\"column\":8,\"code\":\"clippy::len_zero\"");
    }

    @Test
    void aClippyLintDeniedByDashDWarningsIsAnErrorNamedByItsFlag() {
        String denied = """
                error: this `if` has identical blocks
                 --> src/main.rs:3:15
                  |
                3 |     if x > 1 { 1 } else { 1 }
                  |               ^^^^^
                  |
                  = note: `-D clippy::if-same-then-else` implied by `-D warnings`
                """;
        assertThat(events(denied)).extracting(Extraction::eventType, Extraction::pattern, Extraction::metadataJson)
                .extracting(t -> t.toList().get(0) + " " + t.toList().get(1) + " " + ((String) t.toList().get(2)).replaceAll(",\"detail\".*", "}"))
                .containsExactly("compiler_error rustc {\"file\":\"src/main.rs\",\"line\":3,\"column\":15,"
                        + "\"code\":\"clippy::if-same-then-else\"}");
    }

    @Test
    void colourDoesNotChangeTheEvents() {
        String plain = "error[E0425]: cannot find value `z` in this scope\n --> src/main.rs:4:20\n  |\n\n"
                + "error: could not compile `demo` (bin \"demo\") due to 1 previous error\n";
        String colour = "\u001b[1m\u001b[91merror[E0425]\u001b[0m\u001b[1m: cannot find value `z` in this scope\u001b[0m\n"
                + " \u001b[1m\u001b[94m--> \u001b[0msrc/main.rs:4:20\n  \u001b[1m\u001b[94m|\u001b[0m\n\n"
                + "\u001b[1m\u001b[91merror\u001b[0m: could not compile `demo` (bin \"demo\") due to 1 previous error\n";
        assertThat(describe(events(colour))).isEqualTo(describe(events(plain))).hasSize(2);
    }

    @Test
    void aCodelessErrorFromAnotherToolStaysAnErrorAndKeepsTheLinesAfterIt() {
        String git = """
                error: pathspec 'nosuch' did not match any file(s) known to git
                fatal: not a git repository (or any of the parent directories): .git
                warning: LF will be replaced by CRLF in a.txt
                """;
        assertThat(events(git)).extracting(Extraction::eventType, Extraction::pattern).containsExactly(
                tuple("error", "generic_error"), tuple("error", "git_fatal"), tuple("warning", "generic_warning"));
    }

    @Test
    void ruffsFullFormatIsOneEventPerFindingOnItsArrowLine() {
        String ruff = """
                F401 [*] `os` imported but unused
                 --> a.py:1:8
                  |
                1 | import os
                  |        ^^
                  |
                help: Remove unused import: `os`

                invalid-syntax: Expected `)`, found newline
                 --> b.py:1:8
                  |
                1 | def h(:
                  |        ^

                Found 2 errors.
                [*] 1 fixable with the `--fix` option.
                """;
        assertThat(events(ruff)).extracting(Extraction::lineNumber, Extraction::eventType, Extraction::matchedValue)
                .containsExactly(tuple(2L, "compiler_warning", "`os` imported but unused"),
                        tuple(10L, "compiler_error", "Expected `)`, found newline"),
                        tuple(15L, "build_result", "2 errors"));
    }

    @Test
    void cargoTestsOwnVerdictLinesAreOneResult() {
        String test = """
                test result: FAILED. 4 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

                error: test failed, to rerun pass `--lib`
                error: 1 target failed:
                    `--lib`
                """;
        assertThat(events(test)).extracting(Extraction::lineNumber, Extraction::eventType).containsExactly(
                tuple(1L, "test_result"), tuple(4L, "test_result"));
    }

    @Test
    void aHostileLineWithTheKeywordsCostsLinearTime() {
        Recognizer rust = new RustDiagnostic();
        for (String filler : List.of(" ", ":", "[", "-->", "1:", "|")) {
            GnuDiagnosticTest.assertLinear("filler " + filler, chars -> {
                String body = filler.repeat(chars / filler.length());
                Draft draft = new Draft(Found.of("error", "t", "v", new HashMap<>()));
                return () -> {
                    rust.recognize("error[" + body + "]: x", null);
                    rust.recognize("--> " + body + ":1:2", "F401 " + body);
                    new RustSnippet(false).next("--> a" + body, draft);
                };
            });
        }
    }

    private static List<String> describe(List<Extraction> events) {
        return events.stream().map(e -> e.lineNumber() + " " + e.eventType() + " " + e.matchedValue() + " " + e.metadataJson())
                .map(s -> s.replaceAll("\\\\u001b\\[[0-9;]*m", "")).toList();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
