package dev.tapedeck.wrapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A token format that is a secret with high confidence: hints are literals (any case) one of which
 * every match contains, found by one scan of the line before the regex runs; group is the part
 * replaced (0: the whole match); kind names the marker and the count.
 */
record SecretFormat(String kind, Pattern pattern, int group, List<String> hints) {
    /** Token formats, most specific first. */
    static final List<SecretFormat> ALL = List.of(
            new SecretFormat("anthropic-key", Pattern.compile("\\bsk-ant-[A-Za-z0-9_-]{20,}"), 0, List.of("sk-ant-")),
            new SecretFormat("openai-key", Pattern.compile("\\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"), 0,
                    List.of("sk-")),
            new SecretFormat("github-token", Pattern.compile(
                    "\\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})\\b"), 0,
                    List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
            // Before the access key format: the id stays readable to it, only the secret is cut.
            new SecretFormat("aws-secret-key", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b[\\s:=,;|\"']{1,8}"
                    + "((?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"),
                    1, List.of("AKIA", "ASIA")),
            new SecretFormat("aws-secret-key", Pattern.compile("(?i)(?:aws_?)?secret_?access_?key[\"']?\\s*[:=]\\s*[\"']?"
                    + "([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"), 1, List.of("secret_access_key", "secretaccesskey")),
            new SecretFormat("aws-access-key", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), 0, List.of("AKIA", "ASIA")),
            new SecretFormat("slack-token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"), 0, List.of("xox")),
            new SecretFormat("stripe-key", Pattern.compile("\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\\b"), 0,
                    List.of("sk_live_", "sk_test_", "rk_live_", "rk_test_")),
            // Starts only where a run of token characters starts (not after each '-' of it, as \\b
            // would): a long run of "eyJ-" without a '.' is read once, not once per "eyJ".
            new SecretFormat("jwt", Pattern.compile(
                    "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}+\\.eyJ[A-Za-z0-9_-]{8,}+\\.[A-Za-z0-9_-]{8,}"), 0,
                    List.of("eyJ")),
            new SecretFormat("bearer-token", Pattern.compile(
                    "(?i)\\bAuthorization\\s*:\\s*Bearer\\s+([A-Za-z0-9._~+/=-]{8,})"), 1, List.of("bearer")),
            new SecretFormat("google-api-key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"), 0,
                    List.of("AIza")),
            // The user may be empty; the password runs to the last '@' before the host (an '@' in it
            // is often left unencoded), not across a path, query, quote or space. The scheme is read
            // as at most its last 32 characters: unbounded, each start in a long run like "a.a.a..."
            // read the whole run again.
            new SecretFormat("url-password", Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,31}://[^\\s:/@]*:"
                    + "(?!\\[REDACTED:)([^\\s/?#\"'<>`]{1,256})@"), 1, List.of("://")));

    /**
     * The parts of a value's base64 forms (standard and URL-safe) that hold only its own bits, at each
     * of the three alignments the value can start at in a longer encoded text: a value encoded alone
     * or inside a larger blob shows one of them.
     */
    static List<String> base64Forms(String value, int minLength) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        List<String> forms = new ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            byte[] padded = new byte[offset + bytes.length + 2];
            System.arraycopy(bytes, 0, padded, offset, bytes.length);
            // Characters wholly made of the value's bits: 6 * i >= 8 * offset and 6 * (i + 1) <= 8 * (offset + n).
            int first = (8 * offset + 5) / 6;
            int end = 8 * (offset + bytes.length) / 6;
            for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                String form = encoder.encodeToString(padded).substring(first, end);
                add(forms, form, value, minLength);
                if (offset == 0) {
                    // Encoded alone, a long value is wrapped by base64 (76 columns) or openssl (64).
                    for (int width : WRAP_WIDTHS) {
                        for (int at = 0; form.length() > width && at < form.length(); at += width) {
                            add(forms, form.substring(at, Math.min(form.length(), at + width)), value, minLength);
                        }
                    }
                }
            }
        }
        return forms;
    }

    /** The line widths base64 encoders wrap at: base64(1) and MIME, and openssl and PEM. */
    private static final int[] WRAP_WIDTHS = {76, 64};

    private static void add(List<String> forms, String form, String value, int minLength) {
        if (form.length() >= minLength && !forms.contains(form) && !form.equals(value)) {
            forms.add(form);
        }
    }
}
