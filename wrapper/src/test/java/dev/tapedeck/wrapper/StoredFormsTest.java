package dev.tapedeck.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Stream;
import dev.tapedeck.wrapper.extract.KeywordIndex;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Lines whose raw bytes hide from the clean text what they write: the raw bytes are redacted too. */
class StoredFormsTest {
    private static final String GITHUB = "ghp_R2d2C3poL1ke5tarWars0000000000000abc";
    private final KeywordIndex.Builder keywords = KeywordIndex.builder();
    private final Redactor redactor = new Redactor(Map.of("MY_API_KEY", "SuperSecretValue123",
            "JSON_TOKEN", "abc/def+ghi&jkl123"), Set.of(), keywords);
    private final KeywordIndex index = keywords.build();
    private final KeywordIndex.Scanner scanner = index.scanner();
    private final StoredForms forms = new StoredForms(redactor, index.scanner());

    /** The stored text and raw bytes (as text, "-" when none) of one line as printed. */
    private String[] store(String printed) {
        String line = printed.endsWith("\n") ? printed.substring(0, printed.length() - 1) : printed;
        String text = LineCleaner.clean(line);
        scanner.scan(text);
        StoredForms.Stored stored = forms.redact(Stream.STDOUT, text,
                text.equals(line) ? null : printed.getBytes(StandardCharsets.UTF_8), scanner);
        return new String[] {stored.text(),
                stored.raw() == null ? "-" : new String(stored.raw(), StandardCharsets.UTF_8)};
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // A token wiped out by a carriage return and an erase of the line.
        "x " + GITHUB + "\\r\\033[2KPROMPT>\\n | PROMPT> | x [REDACTED:github-token]\\r\\033[2KPROMPT>\\n",
        // A window title.
        "\\033]0;ghp_TitleTokenInOSC00000000000000000abc\\007t\\n | t | \\033]0;[REDACTED:github-token]\\007t\\n",
        // An environment value overwritten after a carriage return.
        "SuperSecretValue123\\rXXXXXXXXXXXXXXXXXXXXX\\n | XXXXXXXXXXXXXXXXXXXXX"
            + " | [REDACTED:env:MY_API_KEY]\\rXXXXXXXXXXXXXXXXXXXXX\\n",
        // Backspaced away: the marker is longer than the value, so the redacted bytes render otherwise.
        "SuperSecretValue123\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\boverwritten by this\\n"
            + " | [REDACoverwritten by this | [REDACTED:env:MY_API_KEY]\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b"
            + "\\b\\b\\b\\b\\b\\b\\b\\boverwritten by this\\n",
        // Partly overwritten, the rest still shown: the shown part goes too.
        "SuperSecretValue123\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\bgone\\n"
            + " | [REDACgoneenv:MY_API_KEY] | [REDACTED:env:MY_API_KEY]\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b"
            + "\\b\\b\\b\\b\\b\\b\\b\\bgone\\n",
        // An OSC 8 hyperlink's target, terminated by ST.
        "\\033]8;;https://:hunter2pass@host/x\\033\\\\link\\033]8;;\\033\\\\\\n | link"
            + " | \\033]8;;https://:[REDACTED:url-password]@host/x\\033\\\\link\\033]8;;\\033\\\\\\n",
        // A Google key in a title, coloured text kept.
        "\\033[32mok\\033[0m\\033]2;AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW\\007\\n | ok"
            + " | \\033[32mok\\033[0m\\033]2;[REDACTED:google-api-key]\\007\\n",
        // A visible token in colours keeps its colours.
        "\\033[31m" + GITHUB + "\\033[0m\\n | [REDACTED:github-token] | \\033[31m[REDACTED:github-token]\\033[0m\\n",
        // A secret cut by colour codes, hidden by a redraw: the colours inside it go with it.
        "Super\\033[1mSecret\\033[0mValue123\\r\\033[2Kdone\\n | done | [REDACTED:env:MY_API_KEY]\\r\\033[2Kdone\\n",
        // A shown secret cut by colour codes: the codes inside it go with it, the one before it stays.
        "\\033[1mSuper\\033[0mSecretValue123 shown\\n | [REDACTED:env:MY_API_KEY] shown"
            + " | \\033[1m[REDACTED:env:MY_API_KEY] shown\\n",
        // A charset designation before a hidden token: read as the cleaner reads it.
        "\\033(Bghp_R2d2C3poL1ke5tarWars0000000000000abc\\rok\\n | ok | \\033(B[REDACTED:github-token]\\rok\\n",
        // The start of a private key block, in colours: its line end stays.
        "\\033[1mkey: -----BEGIN RSA PRIVATE KEY-----\\033[0m\\n | key: [REDACTED:private-key]"
            + " | \\033[1mkey: [REDACTED:private-key]\\033[0m\\n",
        // A JSON-escaped environment value in a title.
        "\\033]0;abc\\\\/def+ghi\\\\u0026jkl123\\007t\\n | t | \\033]0;[REDACTED:env:JSON_TOKEN]\\007t\\n"})
    void rawBytesHidingASecretAreStoredRedactedWithTheirRedraws(String printed, String text, String raw) {
        assertThat(store(unescape(printed))).containsExactly(unescape(text), unescape(raw));
    }

    @Test
    void aLineWhoseRedactedRawBytesWouldNotRenderItsTextIsStoredWithoutThem() {
        // The private key's body is replaced whole in the clean text; the raw bytes cannot be cut to match.
        assertThat(store("-----BEGIN RSA PRIVATE KEY-----\n")).containsExactly("[REDACTED:private-key]", "-");
        assertThat(store("\033[33mMIIEowIBAAKCAQEA\033[0m\n")).containsExactly("[REDACTED:private-key]", "-");
        assertThat(store("-----END RSA PRIVATE KEY-----\n")).containsExactly("[REDACTED:private-key]", "-");
    }

    @Test
    void theEscapedFormOfASecretValueIsRedactedInTheCleanText() {
        assertThat(store("{\"env\":\"abc\\/def+ghi\\u0026jkl123\",\"t\":\"ghp_\\u0055234567890abcdefghijABCDEFGHIJ123456\"}"))
                .containsExactly("{\"env\":\"[REDACTED:env:JSON_TOKEN]\",\"t\":\"[REDACTED:github-token]\"}", "-");
        assertThat(redactor.counts()).containsEntry("env", 1L).containsEntry("github-token", 1L);
    }

    /**
     * Terminals show what follows a title (ESC ] or C1 OSC) that CAN or SUB aborts, or that C1 ST or another escape ends, next to
     * what came before it, and carry out a backspace inside a CSI sequence: a secret so cut in two
     * reached replay whole, its raw bytes stored as printed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Super\033]0;x\030SecretValue123\n", "Super\033]0;x\032SecretValue123\n",
        "Super\033]0;x\0337SecretValue123\n", "Super\033Px\030SecretValue123\n", "SuperX\033[\bmSecretValue123\n",
        "SuperX\033[1;\b31mSecretValue123\n", "Super\033]0;x\u009cSecretValue123\n",
        "ghp_R2d2C3po\u009d0;x\u009cL1ke5tarWars0000000000000abc\n"})
    void aSecretThatTerminalsShowAcrossAnInterruptedSequenceIsRedacted(String printed) {
        String[] stored = store(printed);
        assertThat(stored[0]).isIn("[REDACTED:env:MY_API_KEY]", "[REDACTED:github-token]");
        assertThat(stored[1]).isEqualTo("-");
    }

    /**
     * Bytes that are not UTF-8 are C1 controls to a terminal that reads them as 8-bit: a lone 0x9b is
     * a CSI there, so "Super" 0x9b "31m" "SecretValue123" shows the secret whole, while the UTF-8
     * reading (and the clean text) sees U+FFFD. Such raw bytes were stored as printed; now they are not
     * kept, and the secret is counted. Valid UTF-8 around a lone 0xc2 or a cut character is checked too.
     */
    @Test
    void rawBytesThatAreNotUtf8AreReadAsEightBitControlsToo() {
        byte[] eightBit = "Super\u009b31mSecretValue123\n".getBytes(StandardCharsets.ISO_8859_1);
        String text = LineCleaner.clean(new String(eightBit, 0, eightBit.length - 1, StandardCharsets.UTF_8));
        scanner.scan(text);
        StoredForms.Stored stored = forms.redact(Stream.STDOUT, text, eightBit, scanner);
        assertThat(stored.text()).isEqualTo("Super\ufffd31mSecretValue123");
        assertThat(stored.raw()).isNull();
        assertThat(redactor.counts()).isEqualTo(Map.of("env", 1L));
        // Not UTF-8 but nothing secret in either reading: kept as printed.
        byte[] harmless = "\u001b[1mbin\u009b31mary\u00c2\n".getBytes(StandardCharsets.ISO_8859_1);
        String plain = LineCleaner.clean(new String(harmless, 0, harmless.length - 1, StandardCharsets.UTF_8));
        scanner.scan(plain);
        assertThat(forms.redact(Stream.STDOUT, plain, harmless, scanner).raw()).isEqualTo(harmless);
        assertThat(TextView.stylesOnly(harmless)).isFalse();
        assertThat(TextView.stylesOnly("\u001b[1mdéjà vu €\u001b[0m\n".getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    /**
     * A secret the plain text shows only up to an escape in it, and its JSON reading shows whole, is
     * cut whole: cut in the plain text first, its rest after the escape ("\/xyzSecretRest",
     * "\u0056alue123") was stored, and reached the event decoded from the line.
     */
    @Test
    void aSecretCutShortByAnEscapeInItIsRedactedWhole() {
        assertThat(store("{\"msg\":\"Authorization: Bearer abcdefgh12\\/xyzSecretRest\"}"))
                .containsExactly("{\"msg\":\"Authorization: Bearer [REDACTED:bearer-token]\"}", "-");
        assertThat(store("{\"msg\":\"Authorization: Bearer SuperSecret\\u0056alue123\"}"))
                .containsExactly("{\"msg\":\"Authorization: Bearer [REDACTED:bearer-token]\"}", "-");
        assertThat(store("\033]0;Authorization: Bearer abcdefgh12\\/xyzSecretRest\007t\n"))
                .containsExactly("t", "\033]0;Authorization: Bearer [REDACTED:bearer-token]\007t\n");
        assertThat(redactor.counts()).isEqualTo(Map.of("bearer-token", 3L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\033[32mok\033[0m 356a192b7913b04c54574d18c28d46e6395428ab\n",
        "\033]0;build 123e4567-e89b-12d3-a456-426614174000\007progress\r100%\n",
        "\033]8;;https://example.com:8443/a@b\033\\link\033]8;;\033\\\n"})
    void rawBytesWithoutSecretsAreStoredAsTheyAre(String printed) {
        assertThat(store(printed)[1]).isEqualTo(printed);
        assertThat(redactor.counts()).isEmpty();
    }

    /** The C-style escapes of the CSV rows above: \r, \b, \n, \\ and \033. */
    private static String unescape(String s) {
        return s.replace("\\033", "\033").replace("\\r", "\r").replace("\\b", "\b").replace("\\n", "\n")
                .replace("\\007", "\007").replace("\\\\", "\\");
    }
}
