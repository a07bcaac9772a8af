package dev.tapedeck.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.Write;
import dev.tapedeck.wrapper.extract.Extractor;
import dev.tapedeck.wrapper.extract.KeywordIndex;
import dev.tapedeck.wrapper.extract.PatternSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
        "https://user:pa%40ss@example.com/x | https://user:[REDACTED:url-password]@example.com/x",
        "redis://:hunter2hunter2@cache:6379/0 | redis://:[REDACTED:url-password]@cache:6379/0",
        "https://:pw@example.com | https://:[REDACTED:url-password]@example.com",
        "mysql://root:p@ss@w0rd@db/x?y=a@b | mysql://root:[REDACTED:url-password]@db/x?y=a@b",
        "{\"url\":\"amqp://u:a@b@mq\",\"to\":\"x@y\"} | {\"url\":\"amqp://u:[REDACTED:url-password]@mq\",\"to\":\"x@y\"}",
        "maps key AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW ok | maps key [REDACTED:google-api-key] ok",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | aws_secret_access_key = [REDACTED:aws-secret-key]",
        "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | aws_secret_access_key=[REDACTED:aws-secret-key]",
        "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | AWS_SECRET_ACCESS_KEY=[REDACTED:aws-secret-key]",
        "export AWS_SECRET_ACCESS_KEY=\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\" | export AWS_SECRET_ACCESS_KEY=\"[REDACTED:aws-secret-key]\"",
        "aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' | aws_secret_access_key: '[REDACTED:aws-secret-key]'",
        "\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\", | \"SecretAccessKey\": \"[REDACTED:aws-secret-key]\",",
        "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | [REDACTED:aws-access-key] [REDACTED:aws-secret-key]",
        "AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | [REDACTED:aws-access-key],[REDACTED:aws-secret-key]",
        "aws_access_key_id=AKIAIOSFODNN7EXAMPLE aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
            + " | aws_access_key_id=[REDACTED:aws-access-key] aws_secret_access_key=[REDACTED:aws-secret-key]",
        "{\"key\":\"AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU-_\"} | {\"key\":\"[REDACTED:google-api-key]\"}",
        "postgresql://:s3cr3t@db/app | postgresql://:[REDACTED:url-password]@db/app",
        "amqps://guest:gu@st:pw@rabbit:5671 | amqps://guest:[REDACTED:url-password]@rabbit:5671",
        "gh token ghp_R2d2C3poL1ke5tarWars0000000000000 cut short | gh token [REDACTED:github-token] cut short"})
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
        "a not-a-secret-value shown",
        "commit 356a192b7913b04c54574d18c28d46e6395428ab",
        "Merge 356a192b7913b04c54574d18c28d46e6395428ab into 1b6453892473a467d07372d45eb05abc2031647a",
        "id 123e4567-e89b-12d3-a456-426614174000",
        "sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
        "digest 2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a48812d711642b726b04401627ca9fbac32f5",
        "AIzaShort",
        "aws_secret_access_key=YOUR_SECRET_HERE",
        "secret_access_key: 356a192b7913b04c54574d18c28d4",
        "redis://cache:6379/0",
        "https://host/path@v2",
        "user@example.com and a:b@c",
        "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrSt (34 after AIza)",
        "AKIA 356a192b7913b04c54574d18c28d46e6395428ab",
        "ssh://git@github.com:22/org/repo.git",
        "http://[::1]:8080/status",
        "mailto:someone@example.com",
        "dGhpcyBpcyBqdXN0IGJhc2U2NCB0ZXh0IG5vdCBhIHNlY3JldA==",
        "ghp_0123456789abcdefghijklmnopq (29 characters)"})
    void leavesLookAlikesAlone(String text) {
        assertThat(redact(text)).isSameAs(text);
    }

    /**
     * A 64 KiB line (the longest one recorded) of a repeated unit around a format's hint, with every
     * hint once at its end, is redacted in linear time: jwt and url-password read the rest of the run
     * again from each "eyJ" after a '-' and each letter after a '.', 24 s for one such line. The bound
     * is 60 times what a linear pass takes here, so only a super-linear regex misses it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"a.", "a-", "a+", "eyJ-", "eyJa.", "eyJ_", "a.://", "a://:", ":@", "sk-", "sk-ant-",
        "ghp_-", "AKIA", "AKIAIOSFODNN7EXAMPLE ", "secret_access_key=", "Authorization: Bearer ", "bearer ",
        "xoxb-", "AIza-", "-----BEGIN A", "-----BEGIN PRIVATE KEY-----", " ", "\\u00"})
    void aLongAdversarialLineIsRedactedInLinearTime(String unit) {
        String hints = " ://x eyJ AKIA ghp_ sk- Bearer AIza xox secret_access_key -----BEGIN";
        String line = unit.repeat((64 * 1024 - hints.length()) / unit.length()) + hints;
        KeywordIndex.Builder keywords = KeywordIndex.builder();
        Redactor fresh = new Redactor(Map.of("MY_API_KEY", "abc/def+ghi&jkl123"), Set.of(), keywords);
        KeywordIndex index = keywords.build();
        KeywordIndex.Scanner scanned = index.scanner();
        KeywordIndex.Scanner views = index.scanner();
        assertTimeout(Duration.ofSeconds(2), () -> {
            scanned.scan(line);
            fresh.redact(Stream.STDOUT, line, scanned);
            fresh.redactDecoded(line, views);
        }, () -> "unit '" + unit + "' x " + line.length() / unit.length());
    }

    @Test
    void anAccessKeyIdNextToAGitShaLeavesTheShaAlone() {
        assertThat(redact("AKIAIOSFODNN7EXAMPLE 356a192b7913b04c54574d18c28d46e6395428ab"))
                .isEqualTo("[REDACTED:aws-access-key] 356a192b7913b04c54574d18c28d46e6395428ab");
    }

    /** "abc/def+ghi&jkl123" encoded at each of the three alignments, alone or inside a longer blob. */
    @ParameterizedTest
    @ValueSource(strings = {
        "YWJjL2RlZitnaGkmamtsMTIz", "YWJjL2RlZitnaGkmamtsMTIzPz8+", "eGFiYy9kZWYrZ2hpJmprbDEyMz8/Pg==",
        "eHlhYmMvZGVmK2doaSZqa2wxMjM/Pz4=", "YWJjL2RlZitnaGkmamtsMTIz-_8=", "eGFiYy9kZWYrZ2hpJmprbDEyM_v_",
        "eHlhYmMvZGVmK2doaSZqa2wxMjP7_w=="})
    void theBase64FormsOfASecretValueAreRedactedAtEveryAlignment(String encoded) {
        Redactor base64 = new Redactor(Map.of("MY_API_KEY", "abc/def+ghi&jkl123"), Set.of());
        String text = "Authorization: Basic " + encoded + " sent";
        assertThat(base64.redact(Stream.STDOUT, text)).startsWith("Authorization: Basic ").contains("[REDACTED:env:MY_API_KEY]")
                .doesNotContain(encoded.substring(3, encoded.length() - 4));
    }

    /** A value read from a file keeps its line end; a value of several lines prints as several lines. */
    @Test
    void aSecretValueIsRedactedWithoutTheWhiteSpaceAroundItAndLineByLine() {
        Redactor lined = new Redactor(Map.of("MY_API_KEY", "SuperSecretValue123\n", "CERT_SECRET",
                "  first-line-of-it\r\nsecond-line-of-it\nshort\n"), Set.of());
        assertThat(lined.redact(Stream.STDOUT, "val SuperSecretValue123 end")).isEqualTo("val [REDACTED:env:MY_API_KEY] end");
        assertThat(lined.redact(Stream.STDOUT, "  first-line-of-it")).isEqualTo("  [REDACTED:env:CERT_SECRET]");
        assertThat(lined.redact(Stream.STDOUT, "second-line-of-it")).isEqualTo("[REDACTED:env:CERT_SECRET]");
        assertThat(lined.redact(Stream.STDOUT, "short")).isEqualTo("short");
    }

    /** {@code printf %s "$LONG_TOKEN" | base64} wraps at 76 columns, openssl at 64: each line is redacted. */
    @Test
    void theWrappedBase64LinesOfALongSecretValueAreRedacted() {
        String value = "k".repeat(60) + "Zz9-long-secret-value-of-ninety-bytes-abcdefghijklmn";
        Redactor wrapped = new Redactor(Map.of("LONG_TOKEN", value), Set.of());
        String encoded = java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        for (int width : new int[] {76, 64}) {
            for (int at = 0; at < encoded.length(); at += width) {
                String line = encoded.substring(at, Math.min(encoded.length(), at + width));
                assertThat(wrapped.redact(Stream.STDOUT, line)).as("width %d at %d", width, at)
                        .matches("\\[REDACTED:env:LONG_TOKEN\\][A-Za-z0-9+/]?=*"); // at most the last, mixed character
            }
        }
    }

    @Test
    void valuesDecodedFromJsonAreRedactedWithTheirEscapesRead() {
        KeywordIndex.Builder keywords = KeywordIndex.builder();
        Redactor json = new Redactor(Map.of("MY_API_KEY", "abc/def+ghi&jkl123"), Set.of(), keywords);
        KeywordIndex.Scanner views = keywords.build().scanner();
        assertThat(json.redactDecoded("key abc/def+ghi&jkl123 used", views)).isEqualTo("key [REDACTED:env:MY_API_KEY] used");
        assertThat(json.redactDecoded("escaped abc\\/def+ghi\\u0026jkl123 too", views))
                .isEqualTo("escaped [REDACTED:env:MY_API_KEY] too");
        assertThat(json.redactDecoded("ghp_\\u0055234567890abcdefghijABCDEFGHIJ123456", views))
                .isEqualTo("[REDACTED:github-token]");
        assertThat(json.redactDecoded("{\\\"url\\\":\\\"https://:pw\\u0040x@host\\\"}", views))
                .isEqualTo("{\\\"url\\\":\\\"https://:[REDACTED:url-password]@host\\\"}");
        assertThat(json.counts()).containsEntry("env", 2L).containsEntry("github-token", 1L)
                .containsEntry("url-password", 1L);
    }

    @Test
    void eventsDecodedFromAJsonLineAreRedactedAfterDecoding() {
        KeywordIndex.Builder keywords = KeywordIndex.builder();
        Redactor json = new Redactor(Map.of("JSON_API_KEY", "abc/def+ghi&jkl123"), Set.of(), keywords);
        KeywordIndex.Scanner[] views = new KeywordIndex.Scanner[1];
        List<Write> events = new ArrayList<>();
        Extractor extractor = new Extractor(PatternSet.defaults(), "a", "s", events::add, keywords,
                value -> json.redactDecoded(value, views[0]));
        KeywordIndex index = keywords.build();
        KeywordIndex.Scanner scanner = index.scanner();
        views[0] = index.scanner();
        // The line as the extractor sees it, its escapes unread: the redactor's text pass alone misses them.
        String text = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\","
                + "\"name\":\"Bash\",\"input\":{\"command\":\"curl -u abc\\/def+ghi\\u0026jkl123 -H ghp_\\u0055234567890"
                + "abcdefghijABCDEFGHIJ123456\",\"description\":\"with abc\\/def+ghi\\u0026jkl123\"}}]}}";
        scanner.scan(text);
        extractor.accept(new OutputLine("s", 1, Stream.STDOUT, Instant.EPOCH, text, null, false), scanner);
        extractor.finish();
        // What the extractor decoded: each event's value and metadata. (Its copy of the line is the
        // line's text, which the recorder redacts in both readings before the extractor sees it.)
        List<String> decoded = events.stream().map(Extraction.class::cast)
                .map(event -> event.matchedValue() + " " + event.metadataJson()).toList();
        assertThat(decoded).hasSize(2).allSatisfy(event -> assertThat(event)
                .doesNotContain("jkl123\"").doesNotContain("abc/def").doesNotContain("\\u0026jkl")
                .doesNotContain("ghp_U"));
        assertThat(decoded.get(1)).contains("curl -u [REDACTED:env:JSON_API_KEY] -H [REDACTED:github-token]",
                "with [REDACTED:env:JSON_API_KEY]");
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
