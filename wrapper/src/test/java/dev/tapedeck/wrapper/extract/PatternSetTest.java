package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.RiskLevel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatternSetTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultsLoadWithAVersion() {
        PatternSet defaults = PatternSet.defaults();
        assertThat(defaults.version()).isEqualTo("tapedeck-default-1");
        assertThat(defaults.size()).isGreaterThan(50);
    }

    @Test
    void aUserFileExtendsTheDefaultsAndReplacesPatternsOfTheSameName() throws Exception {
        Path file = write("""
                {"version": "team-3", "patterns": [
                  {"name": "deploy", "event_type": "deployment", "regex": "^Deployed (?<value>\\\\S+) to (?<target>\\\\w+)$",
                   "keywords": ["Deployed "], "risk": "medium", "priority": 5},
                  {"name": "generic_error", "event_type": "error", "regex": "^OOPS (?<value>.+)$"}
                ]}""");
        PatternSet set = PatternSet.load(file);
        assertThat(set.version()).isEqualTo("team-3+tapedeck-default-1");
        assertThat(set.size()).isEqualTo(PatternSet.defaults().size() + 1);

        List<Extraction> found = events(set, "Deployed web-7 to prod\nOOPS it broke\nError: not matched any more\n");
        assertThat(found).extracting(Extraction::eventType, Extraction::matchedValue, Extraction::riskLevel)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("deployment", "web-7", RiskLevel.MEDIUM),
                        org.assertj.core.groups.Tuple.tuple("error", "it broke", null));
        assertThat(found.get(0).metadataJson()).isEqualTo("{\"target\":\"prod\"}");
    }

    @Test
    void replaceDefaultsKeepsOnlyTheUsersPatterns() throws Exception {
        Path file = write("""
                {"replace_defaults": true, "patterns": [
                  {"name": "only", "event_type": "marker", "regex": "^MARK$"}]}""");
        PatternSet set = PatternSet.load(file);
        assertThat(set.size()).isEqualTo(1);
        assertThat(set.version()).startsWith("sha256:");
        assertThat(events(set, "MARK\nError: ignored\n")).extracting(Extraction::eventType).containsExactly("marker");
    }

    @Test
    void aRegexThatDoesNotCompileIsReportedWithTheFileThePatternAndTheError() throws Exception {
        Path file = write("""
                {"patterns": [{"name": "broken", "event_type": "error", "regex": "^(unclosed"}]}""");
        assertThatThrownBy(() -> PatternSet.load(file)).isInstanceOf(PatternFileException.class)
                .hasMessage("patterns file " + file + ": pattern 'broken': regex /^(unclosed/ does not compile: "
                        + "Unclosed group near index 10");
    }

    @Test
    void malformedFilesAreReportedInOneLineNamingTheFile() throws Exception {
        String[][] cases = {
            {"{\"patterns\": [", "not valid JSON"},
            {"[1, 2]", "must hold a JSON object, got an array"},
            {"{\"patterns\": [{\"name\": \"a\", \"event_type\": \"error\", \"regex\": \"x\", \"colour\": 1}]}",
                "pattern 'a': unknown field 'colour'"},
            {"{\"pattern\": []}", "unknown field 'pattern'"},
            {"{\"patterns\": [{\"name\": \"a\", \"regex\": \"x\"}]}", "pattern 'a': event_type must be a non-empty string, got null"},
            {"{\"patterns\": [{\"name\": \"a\", \"event_type\": \"Bad Type\", \"regex\": \"x\"}]}", "event_type must be lower_snake_case"},
            {"{\"patterns\": [{\"name\": \"a\", \"event_type\": \"e\", \"regex\": \"x\", \"risk\": \"extreme\"}]}",
                "risk must be one of low, medium, high, shell, got 'extreme'"},
            {"{\"patterns\": [{\"name\": \"a\", \"event_type\": \"e\", \"regex\": \"x\", \"priority\": 1.5}]}", "priority must be a whole number"},
            {"{\"patterns\": [{\"name\": \"a\", \"event_type\": \"e\", \"regex\": \"x\"}, {\"name\": \"a\", \"event_type\": \"e\", \"regex\": \"y\"}]}",
                "pattern 'a' is defined twice"},
            {"{\"patterns\": \"none\"}", "patterns must be an array, got a string"},
            {"{\"patterns\": [], \"shell_risk\": [{\"name\": \"r\", \"regex\": \"[\", \"risk\": \"high\"}]}",
                "shell_risk rule 'r': regex /[/ does not compile"},
            {"", "must hold a JSON object, got null"},
            {"   \n", "must hold a JSON object, got null"},
            {"{\"patterns\": [],}", "not valid JSON"},
            {"// a comment\n{\"patterns\": []}", "not valid JSON"},
            {"{\"patterns\": []} {\"patterns\": []}", "not valid JSON"},
            {"{'patterns': []}", "not valid JSON"},
            {"{\"patterns\": [" + "[".repeat(20_000) + "]}", "not valid JSON"},
            {"{\"patterns\": [{\"name\": \"a\", \"event_type\": \"e\", \"regex\": \"x\", \"priority\": 1e999}]}",
                "priority must be a whole number"},
            {"null", "must hold a JSON object"},
            {"{\"patterns\": [{\"name\": \"a\", \"event_type\": \"e\", \"regex\": \"x\", \"regex\": \"y\"}]}",
                "not valid JSON: key 'regex' given twice at $.patterns[0].regex"},
            {"{\"version\": \"1\", \"version\": \"2\", \"patterns\": []}", "key 'version' given twice"},
        };
        for (String[] c : cases) {
            Path file = write(c[0]);
            assertThatThrownBy(() -> PatternSet.load(file)).as(c[0]).isInstanceOf(PatternFileException.class)
                    .hasMessageStartingWith("patterns file " + file + ": ").hasMessageContaining(c[1])
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void aMissingFileIsReportedNamingIt() {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> PatternSet.load(missing)).isInstanceOf(PatternFileException.class)
                .hasMessageStartingWith("patterns file " + missing + ": cannot read");
    }

    @Test
    void userShellRulesComeBeforeTheDefaultOnes() throws Exception {
        Path file = write("""
                {"patterns": [], "shell_risk": [{"name": "deploy_prod", "regex": "\\\\bdeploy\\\\s+prod\\\\b", "risk": "high"}]}""");
        List<Extraction> found = events(PatternSet.load(file), "$ ./deploy prod\n");
        assertThat(found.get(0).riskLevel()).isEqualTo(RiskLevel.HIGH);
        assertThat(found.get(0).metadataJson()).isEqualTo("{\"risk_rule\":\"deploy_prod\"}");
    }

    private Path write(String json) throws Exception {
        Path file = Files.createTempFile(dir, "patterns", ".json");
        Files.writeString(file, json);
        return file;
    }

    private static List<Extraction> events(PatternSet set, String output) {
        return ExtractionRun.of(output.getBytes(StandardCharsets.UTF_8), set).stream()
                .filter(Extraction.class::isInstance).map(Extraction.class::cast).toList();
    }
}
