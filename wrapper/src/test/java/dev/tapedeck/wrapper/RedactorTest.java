package dev.tapedeck.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.Write;
import dev.tapedeck.wrapper.extract.Extractor;
import dev.tapedeck.wrapper.extract.KeywordIndex;
import dev.tapedeck.wrapper.extract.PatternSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
    private final Redactor redactor = new Redactor(Map.of(
            "ANTHROPIC_API_KEY", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345",
            "DB_PASSWORD", "correct horse battery",
            "MY_SETTING", "not-a-secret-value",
            "PORT_TOKEN", "80",
            "INTERNAL_THING", "internal-thing-value"), Set.of("INTERNAL_THING"));

    private String redact(String text) {
        return redactor.redact(Stream.STDOUT, text);
    }

    /** Real-looking secrets of every supported kind (made up, in the formats the vendors use). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "aws key AKIAIOSFODNN7EXAMPLE in use | aws key [REDACTED:aws-access-key] in use",
        "ASIAY34FZKBOKMUTVV7A | [REDACTED:aws-access-key]",
        "token=ghp_1234567890abcdefghijABCDEFGHIJ123456 | token=[REDACTED:github-token]",
        "gho_16C7e42F292c6912E7710c838347Ae178B4a ok | [REDACTED:github-token] ok",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGH | [REDACTED:github-token]",
        "OPENAI_API_KEY=sk-proj-AbCdEf0123456789GhIjKlMnOpQrStUv | OPENAI_API_KEY=[REDACTED:openai-key]",
        "key sk-ant-api03-ZZZZZZZZZZZZZZZZZZZZZZZZZZ-yyyy | key [REDACTED:anthropic-key]",
        "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx | [REDACTED:slack-token]",
        "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc | stripe [REDACTED:stripe-key]",
        "rk_test_51H8abcdefghijklmnopqrst | [REDACTED:stripe-key]",
        "jwt eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
            + " | jwt [REDACTED:jwt]",
        "curl -H 'Authorization: Bearer abc123.def456-ghi' x | curl -H 'Authorization: Bearer [REDACTED:bearer-token]' x",
        "authorization:bearer QWxhZGRpbjpvcGVuIHNlc2FtZQ== | authorization:bearer [REDACTED:bearer-token]",
        "AUTHORIZATION: BEARER QWxhZGRpbjpvcGVuIHNlc2FtZQ== | AUTHORIZATION: BEARER [REDACTED:bearer-token]",
        "postgres://app:s3cr3t-P4ss@db.internal:5432/app | postgres://app:[REDACTED:url-password]@db.internal:5432/app",
        "https://user:pa%40ss@example.com/x | https://user:[REDACTED:url-password]@example.com/x"})
    void redactsEveryKnownKindOfSecret(String secret, String expected) {
        assertThat(redact(secret)).isEqualTo(expected);
    }

    /** Look-alikes that are not secrets stay as they are. */
    @ParameterizedTest
    @ValueSource(strings = {
        "AKIA is the prefix of AWS keys",
        "AKIAIOSFODNN7EXAMPL",
        "ghp_short",
        "the task-list and disk-usage tools",
        "pip install sk-learn",
        "risk_live_updates and desk_test_cases",
        "eyJhbGciOiJIUzI1NiJ9 alone is just base64 JSON",
        "Authorization: Basic dXNlcjpwYXNz",
        "Bearer of bad news",
        "https://example.com:8443/path?x=1",
        "git@github.com:org/repo.git",
        "ssh://git@host/repo",
        "http://localhost:8080",
        "PORT 80 is open",
        "-----BEGIN PUBLIC KEY-----",
        "a not-a-secret-value shown"})
    void leavesLookAlikesAlone(String text) {
        assertThat(redact(text)).isSameAs(text);
    }

    @Test
    void environmentValuesAreRedactedWhereverTheyAppearAndNamedAfterTheirVariable() {
        assertThat(redact("pw=correct horse battery; again: correct horse battery"))
                .isEqualTo("pw=[REDACTED:env:DB_PASSWORD]; again: [REDACTED:env:DB_PASSWORD]");
        assertThat(redact("value internal-thing-value")).isEqualTo("value [REDACTED:env:INTERNAL_THING]");
        assertThat(redact("sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345"))
                .isEqualTo("[REDACTED:env:ANTHROPIC_API_KEY]");
        assertThat(redactor.counts()).containsEntry("env", 4L);
    }

    @Test
    void aPrivateKeyBlockIsRedactedAcrossLinesOfItsOwnStream() {
        assertThat(redactor.redact(Stream.STDOUT, "key: -----BEGIN OPENSSH PRIVATE KEY-----"))
                .isEqualTo("key: [REDACTED:private-key]");
        assertThat(redactor.redact(Stream.STDERR, "meanwhile on stderr")).isEqualTo("meanwhile on stderr");
        assertThat(redactor.redact(Stream.STDOUT, "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"))
                .isEqualTo("[REDACTED:private-key]");
        assertThat(redactor.redact(Stream.STDOUT, "-----END OPENSSH PRIVATE KEY----- done"))
                .isEqualTo("[REDACTED:private-key] done");
        assertThat(redactor.redact(Stream.STDOUT, "after the key")).isEqualTo("after the key");
        assertThat(redact("one line -----BEGIN RSA PRIVATE KEY-----MIIE-----END RSA PRIVATE KEY----- tail"))
                .isEqualTo("one line [REDACTED:private-key] tail");
        assertThat(redactor.counts()).containsEntry("private-key", 2L);
    }

    @Test
    void sharingOneScanWithTheExtractorChangesNothing() {
        Map<String, String> env = Map.of("DB_PASSWORD", "correct horse battery");
        KeywordIndex.Builder keywords = KeywordIndex.builder();
        List<Write> sharedEvents = new ArrayList<>();
        List<Write> ownEvents = new ArrayList<>();
        Extractor sharedExtractor = new Extractor(PatternSet.defaults(), "a", "s", sharedEvents::add, keywords);
        Redactor shared = new Redactor(env, Set.of(), keywords);
        Extractor ownExtractor = new Extractor(PatternSet.defaults(), "a", "s", ownEvents::add);
        Redactor own = new Redactor(env, Set.of());
        KeywordIndex.Scanner scanner = keywords.build().scanner();
        String[] lines = {"error: cannot find symbol", "ERROR: pw is correct horse battery", "curl -H 'AUTHORIZATION: BEARER abc123.def456-ghi' x",
            "⏺ Bash(rm -rf build)", "```java", "int x = 1;", "```", "Tests run: 3, Failures: 1, Errors: 0, Skipped: 0",
            "-----BEGIN RSA PRIVATE KEY-----", "MIIE", "-----END RSA PRIVATE KEY-----", "plain text"};
        for (int i = 0; i < lines.length; i++) {
            scanner.scan(lines[i]);
            String text = shared.redact(Stream.STDOUT, lines[i], scanner);
            assertThat(text).isEqualTo(own.redact(Stream.STDOUT, lines[i]));
            if (!text.equals(lines[i])) {
                scanner.scan(text);
            }
            OutputLine line = new OutputLine("s", i + 1, Stream.STDOUT, Instant.EPOCH, text, null, false);
            sharedExtractor.accept(line, scanner);
            ownExtractor.accept(line);
        }
        assertThat(sharedEvents).isNotEmpty().isEqualTo(ownEvents);
        assertThat(shared.counts()).isEqualTo(own.counts()).containsKeys("env", "bearer-token", "private-key");

        scanner.scan("something else");
        assertThatThrownBy(() -> shared.redact(Stream.STDOUT, "error: x", scanner))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sharedExtractor.accept(new OutputLine("s", 99, Stream.STDOUT, Instant.EPOCH,
                "error: x", null, false), scanner)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sharedExtractor.accept(new OutputLine("s", 99, Stream.STDOUT, Instant.EPOCH,
                "error: x", null, false))).isInstanceOf(IllegalStateException.class);
    }
}
