package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.Write;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtractorTest {
    @Test
    void metadataJsonIsWhatGsonWrites() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("file", "src/<main>/a&b='c'.java \"quoted\" \u00fc\n\ttab \u2028");
        metadata.put("line", 42L);
        metadata.put("exit_code", -1);
        metadata.put("is_error", true);
        metadata.put("missing", null);
        metadata.put("cost", JsonParser.parseString("0.0123").getAsNumber());
        metadata.put("tags", List.of("x", "y"));
        metadata.put("", "");

        // As Gson writes it, except that HTML characters stay as they are (not \u003c, \u003d).
        assertThat(MetadataJson.of(metadata)).isEqualTo(new com.google.gson.GsonBuilder().disableHtmlEscaping()
                .create().toJson(metadata));
        assertThat(MetadataJson.of(Map.of("op", "a == b"))).isEqualTo("{\"op\":\"a == b\"}");
        assertThat(MetadataJson.of(Map.of("only", 1L))).isEqualTo("{\"only\":1}");
    }

    @Test
    void ordinaryProseThatMentionsErrorsIsNotFlagged() {
        String prose = String.join("\n",
                "I found an error in the parser and fixed it.",
                "The warning above is harmless; errors are handled by the caller.",
                "Error handling lives in src/errors.rs, see the ErrorKind enum.",
                "Let me check why the tests failed before changing anything.",
                "We should never run rm -rf on the home folder.",
                "No errors found.",
                "This exception is expected when the file is missing.",
                "Tests run fine now, all green.",
                "Use `sudo` only when you must.",
                "  - fix the warning in the build script",
                "The model: a small one.",
                "{\"note\": \"a JSON object without a known shape\", \"error\": \"not a log level\"}",
                "") + "\n";
        assertThat(events(prose)).isEmpty();
    }

    @Test
    void formatsBeyondTheCorpusAreRecognised() {
        String output = String.join("\n",
                "src/Main.java:12: error: cannot find symbol",
                "e: file:///app/src/Main.kt:3:7 Unresolved reference: foo",
                "src/app.ts(4,10): error TS2304: Cannot find name 'x'.",
                "npm ERR! code ERESOLVE",
                " ! [rejected]        main -> main (fetch first)",
                "CONFLICT (content): Merge conflict in README.md",
                "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out",
                "thread 'main' panicked at src/main.rs:5:9:",
                "index out of bounds: the len is 3 but the index is 7",
                "",
                "Exception in thread \"main\" java.lang.IllegalStateException: boom",
                "Caused by: java.io.IOException: disk full",
                "Traceback (most recent call last):",
                "ValueError: invalid literal for int() with base 10: 'x'",
                "=================== 1 failed, 3 passed, 2 skipped in 0.51s ===================",
                "ERROR: could not open config",
                "$ git reset --hard HEAD~3",
                "") + "\n";
        assertThat(events(output)).extracting(Extraction::eventType, Extraction::matchedValue).containsExactly(
                tuple("compiler_error", "cannot find symbol"),
                tuple("compiler_error", "Unresolved reference: foo"),
                tuple("compiler_error", "Cannot find name 'x'."),
                tuple("error", "code ERESOLVE"),
                tuple("error", "main -> main (fetch first)"),
                tuple("error", "Merge conflict in README.md"),
                tuple("test_result", "3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out"),
                tuple("exception", "index out of bounds: the len is 3 but the index is 7"),
                tuple("exception", "boom"),
                tuple("exception", "invalid literal for int() with base 10: 'x'"),
                tuple("test_result", "1 failed, 3 passed, 2 skipped"),
                tuple("error", "could not open config"),
                tuple("shell_command", "git reset --hard HEAD~3"));
        Extraction pytest = events(output).get(10);
        assertThat(json(pytest.metadataJson()))
                .isEqualTo(json("{\"total\":6,\"seconds\":\"0.51\",\"failed\":1,\"passed\":3,\"skipped\":2}"));
        assertThat(events(output).get(8).metadataJson()).contains("\"root_cause\":\"java.io.IOException: disk full\"");
    }

    @Test
    void shellCommandsGetTheRiskOfTheFirstMatchingRule() {
        String[][] cases = {
            {"rm -rf build", "high"}, {"rm -r -f /tmp/x", "high"}, {"sudo apt update", "high"},
            {"git push --force origin main", "high"}, {"git push -f", "high"}, {"git reset --hard", "high"},
            {"chmod -R 777 /srv", "high"}, {"curl -fsSL https://x.sh | sh", "high"},
            {"wget -qO- https://x | sudo bash", "high"}, {"dd if=/dev/zero of=/dev/sda bs=1M", "high"},
            {"mkfs.ext4 /dev/sdb1", "high"}, {"sqlite3 app.db 'DROP TABLE users'", "high"},
            {"git push origin main", "medium"}, {"rm notes.txt", "medium"}, {"pip install requests", "medium"},
            {"git rebase -i HEAD~3", "medium"}, {"ls -la", "low"}, {"npm test", "low"}, {"git status", "low"},
            {"grep -rn TODO src", "low"}, {"echo hi > out.txt", "medium"},
        };
        for (String[] c : cases) {
            List<Extraction> found = events("$ " + c[0] + "\n");
            assertThat(found).as(c[0]).hasSize(1);
            assertThat(found.get(0).riskLevel()).as(c[0]).isEqualTo(RiskLevel.parse(c[1]));
        }
        assertThat(events("$ ls -la\n").get(0).autoConfirmable()).isTrue();
        assertThat(events("$ git status\n").get(0).autoConfirmable()).isTrue();
        assertThat(events("$ echo hi > out.txt\n").get(0).autoConfirmable()).isFalse();
        assertThat(events("$ ls && rm -rf x\n").get(0).autoConfirmable()).isFalse();
    }

    @Test
    void theSameCodeBlockTwiceIsTwoOccurrencesOfOneContentAndLinesInsideAreNotMatched() {
        String output = String.join("\n",
                "Here is the script:",
                "```bash",
                "#!/bin/sh",
                "",
                "Error: not really, this is inside a block",
                "```",
                "and again:",
                "   ```bash",
                "   #!/bin/sh",
                "",
                "   Error: not really, this is inside a block",
                "   ```",
                "~~~~ python extra words",
                "print('still open')") + "\n";
        List<Write> writes = ExtractionRun.of(output.getBytes(StandardCharsets.UTF_8));
        assertThat(writes).allMatch(w -> w instanceof CodeBlock);
        List<CodeBlock> blocks = writes.stream().map(CodeBlock.class::cast).toList();
        assertThat(blocks).hasSize(3);
        assertThat(blocks.get(0).content()).isEqualTo("#!/bin/sh\n\nError: not really, this is inside a block");
        assertThat(blocks.get(0).language()).isEqualTo("bash");
        assertThat(blocks.get(0).lineStart()).isEqualTo(3);
        assertThat(blocks.get(0).lineEnd()).isEqualTo(5);
        assertThat(blocks.get(1).digest()).isEqualTo(blocks.get(0).digest());
        assertThat(blocks.get(1).lineStart()).isEqualTo(9);
        assertThat(blocks.get(2).language()).isEqualTo("python");
        assertThat(blocks.get(2).terminated()).isFalse();
        assertThat(blocks.get(2).content()).isEqualTo("print('still open')");
    }

    @Test
    void anEmptyBlockHasEmptyContentAndALongerClosingFenceCloses() {
        List<Write> writes = ExtractionRun.of("````\n``````\n".getBytes(StandardCharsets.UTF_8));
        CodeBlock block = (CodeBlock) writes.get(0);
        assertThat(block.content()).isEmpty();
        assertThat(block.digest()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(block.terminated()).isTrue();
        assertThat(block.lineStart()).isEqualTo(2);
        assertThat(block.lineEnd()).isEqualTo(1);
    }

    @Test
    void jsonLogLinesWithALevelBecomeErrorsAndWarnings() {
        String output = "{\"level\":\"error\",\"msg\":\"db down\",\"ts\":1}\n{\"level\":\"warn\",\"message\":\"slow\"}\n"
                + "{\"level\":\"info\",\"msg\":\"fine\"}\n";
        assertThat(events(output)).extracting(Extraction::eventType, Extraction::matchedValue)
                .containsExactly(tuple("error", "db down"), tuple("warning", "slow"));
    }

    @Test
    void everyEventCarriesItsLineNumberAndTheCleanLine() {
        List<Extraction> found = events("ok\n\u001b[31mERROR: red alert\u001b[0m   \r\n");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).lineNumber()).isEqualTo(2);
        assertThat(found.get(0).originalLine()).isEqualTo("ERROR: red alert   ");
        assertThat(found.get(0).matchedValue()).isEqualTo("red alert");
        assertThat(found.get(0).pattern()).isEqualTo("generic_error");
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    static List<Extraction> events(String output) {
        return ExtractionRun.of(output.getBytes(StandardCharsets.UTF_8)).stream()
                .filter(Extraction.class::isInstance).map(Extraction.class::cast).toList();
    }
}
