package dev.tapedeck.wrapper;

import dev.tapedeck.store.Stream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in recorded text with {@code [REDACTED:kind]} before anything is stored,
 * streamed or exported: the values of environment variables whose names look secret (or are named
 * with {@code --redact-env}), wherever they appear, and token formats that are secrets with high
 * confidence. It works on the clean text, where escape sequences no longer split a value. A private
 * key block spans lines, so each stream remembers whether it is inside one. Used by the recorder
 * thread only.
 */
public final class Redactor {
    /** Names of variables whose values are secrets. */
    private static final Pattern SECRET_NAME = Pattern.compile("KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL",
            Pattern.CASE_INSENSITIVE);
    /** Shorter values ("1", "true", a port) would be redacted wherever they occur. */
    static final int MIN_VALUE_LENGTH = 8;

    private record Format(String kind, Pattern pattern, int group) {
    }

    /** Token formats, most specific first; group is the part replaced (0: the whole match). */
    private static final List<Format> FORMATS = List.of(
            new Format("anthropic-key", Pattern.compile("\\bsk-ant-[A-Za-z0-9_-]{20,}"), 0),
            new Format("openai-key", Pattern.compile("\\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"), 0),
            new Format("github-token", Pattern.compile(
                    "\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b"), 0),
            new Format("aws-access-key", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), 0),
            new Format("slack-token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"), 0),
            new Format("stripe-key", Pattern.compile("\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\\b"), 0),
            new Format("jwt", Pattern.compile(
                    "\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"), 0),
            new Format("bearer-token", Pattern.compile(
                    "(?i)\\bAuthorization\\s*:\\s*Bearer\\s+([A-Za-z0-9._~+/=-]{8,})"), 1),
            new Format("url-password", Pattern.compile(
                    "\\b[A-Za-z][A-Za-z0-9+.-]*://[^\\s:/@]+:([^\\s/@]{1,256})@"), 1));
    /** A cheap test before the patterns run: every format contains one of these. */
    private static final String[] HINTS = {"sk-", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "AKIA",
        "ASIA", "xox", "_live_", "_test_", "eyJ", "earer", "://"};
    private static final Pattern KEY_BEGIN = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----");
    private static final Pattern KEY_END = Pattern.compile("-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----");

    private final List<Map.Entry<String, String>> envValues;
    private final boolean[] inKey = new boolean[Stream.values().length];
    private final Map<String, Long> counts = new TreeMap<>();

    /**
     * @param environment the child's environment
     * @param alsoSecret  names of more variables whose values are secrets ({@code --redact-env})
     */
    public Redactor(Map<String, String> environment, Set<String> alsoSecret) {
        List<Map.Entry<String, String>> values = new ArrayList<>();
        environment.forEach((name, value) -> {
            if (value != null && value.length() >= MIN_VALUE_LENGTH
                    && (alsoSecret.contains(name) || SECRET_NAME.matcher(name).find())) {
                values.add(Map.entry(name, value));
            }
        });
        // Longest first, so a value containing another is replaced whole.
        values.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getValue().length()).reversed());
        this.envValues = values;
    }

    /** The line's text with every secret replaced; the same instance when it has none. */
    public String redact(Stream stream, String text) {
        int s = stream.ordinal();
        String out = text;
        if (inKey[s] || text.contains("-----BEGIN")) {
            String keyed = privateKey(s, text);
            if (keyed != null) {
                out = keyed;
            }
        }
        for (Map.Entry<String, String> env : envValues) {
            int found = occurrences(out, env.getValue());
            if (found > 0) {
                out = out.replace(env.getValue(), "[REDACTED:env:" + env.getKey() + "]");
                count("env", found);
            }
        }
        if (hinted(out)) {
            for (Format format : FORMATS) {
                out = replace(out, format);
            }
        }
        return out;
    }

    /** The text of a line in or at the edge of a private key block, or null when it is neither. */
    private String privateKey(int stream, String text) {
        if (!inKey[stream]) {
            Matcher begin = KEY_BEGIN.matcher(text);
            if (!begin.find()) {
                return null;
            }
            count("private-key", 1);
            Matcher end = KEY_END.matcher(text);
            if (end.find(begin.end())) {
                return text.substring(0, begin.start()) + "[REDACTED:private-key]" + text.substring(end.end());
            }
            inKey[stream] = true;
            return text.substring(0, begin.start()) + "[REDACTED:private-key]";
        }
        Matcher end = KEY_END.matcher(text);
        if (end.find()) {
            inKey[stream] = false;
            return "[REDACTED:private-key]" + text.substring(end.end());
        }
        return "[REDACTED:private-key]";
    }

    private static int occurrences(String text, String value) {
        int n = 0;
        for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length())) {
            n++;
        }
        return n;
    }

    private static boolean hinted(String text) {
        for (String hint : HINTS) {
            if (text.contains(hint)) {
                return true;
            }
        }
        return false;
    }

    private String replace(String text, Format format) {
        Matcher m = format.pattern().matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            out.append(text, last, m.start(format.group())).append("[REDACTED:").append(format.kind()).append(']');
            last = m.end(format.group());
            count(format.kind(), 1);
        } while (m.find());
        return out.append(text, last, text.length()).toString();
    }

    private void count(String kind, long n) {
        counts.merge(kind, n, Long::sum);
    }

    /** Redactions so far, by kind ({@code env} for environment values). */
    public Map<String, Long> counts() {
        return new LinkedHashMap<>(counts);
    }
}
