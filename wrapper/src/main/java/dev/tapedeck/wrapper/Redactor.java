package dev.tapedeck.wrapper;

import dev.tapedeck.store.Stream;
import dev.tapedeck.wrapper.extract.KeywordIndex;
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

    /**
     * A token format: hints are literals (any case) one of which every match contains, found by one
     * scan of the line before the regex runs; group is the part replaced (0: the whole match).
     */
    private record Format(String kind, Pattern pattern, int group, List<String> hints) {
    }

    /** Token formats, most specific first. */
    private static final List<Format> FORMATS = List.of(
            new Format("anthropic-key", Pattern.compile("\\bsk-ant-[A-Za-z0-9_-]{20,}"), 0, List.of("sk-ant-")),
            new Format("openai-key", Pattern.compile("\\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"), 0,
                    List.of("sk-")),
            new Format("github-token", Pattern.compile(
                    "\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b"), 0,
                    List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
            new Format("aws-access-key", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), 0, List.of("AKIA", "ASIA")),
            new Format("slack-token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"), 0, List.of("xox")),
            new Format("stripe-key", Pattern.compile("\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\\b"), 0,
                    List.of("sk_live_", "sk_test_", "rk_live_", "rk_test_")),
            new Format("jwt", Pattern.compile(
                    "\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"), 0, List.of("eyJ")),
            new Format("bearer-token", Pattern.compile(
                    "(?i)\\bAuthorization\\s*:\\s*Bearer\\s+([A-Za-z0-9._~+/=-]{8,})"), 1, List.of("bearer")),
            new Format("url-password", Pattern.compile(
                    "\\b[A-Za-z][A-Za-z0-9+.-]*://[^\\s:/@]+:([^\\s/@]{1,256})@"), 1, List.of("://")));
    private static final String KEY_HINT = "-----BEGIN";
    private static final Pattern KEY_BEGIN = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----");
    private static final Pattern KEY_END = Pattern.compile("-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----");

    private final List<Map.Entry<String, String>> envValues;
    /** One scan finds every hint: the formats', the private key's and each secret value's start. */
    private final KeywordIndex.Scanner hints;
    private final int[][] formatHintIds;
    private final int[] envHintIds;
    private final int keyHintId;
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
        List<String> all = new ArrayList<>(List.of(KEY_HINT));
        FORMATS.forEach(format -> all.addAll(format.hints()));
        values.forEach(value -> all.add(envHint(value.getValue())));
        KeywordIndex index = new KeywordIndex(all, true);
        this.hints = index.scanner();
        this.keyHintId = index.idOf(KEY_HINT);
        this.formatHintIds = FORMATS.stream().map(format -> index.idsOf(format.hints())).toArray(int[][]::new);
        this.envHintIds = values.stream().mapToInt(value -> index.idOf(envHint(value.getValue()))).toArray();
    }

    /** A secret value's first characters: where the value occurs, they do. */
    private static String envHint(String value) {
        return value.substring(0, Math.min(value.length(), 16));
    }

    /** The line's text with every secret replaced; the same instance when it has none. */
    public String redact(Stream stream, String text) {
        int s = stream.ordinal();
        if (!hints.scan(text) && !inKey[s]) {
            return text;
        }
        String out = text;
        if (inKey[s] || hints.found(keyHintId)) {
            String keyed = privateKey(s, text);
            if (keyed != null) {
                out = keyed;
            }
        }
        for (int i = 0; i < envValues.size(); i++) {
            if (!hints.found(envHintIds[i])) {
                continue;
            }
            Map.Entry<String, String> env = envValues.get(i);
            int found = occurrences(out, env.getValue());
            if (found > 0) {
                out = out.replace(env.getValue(), "[REDACTED:env:" + env.getKey() + "]");
                count("env", found);
            }
        }
        for (int f = 0; f < FORMATS.size(); f++) {
            if (hints.foundAny(formatHintIds[f])) {
                out = replace(out, FORMATS.get(f));
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
