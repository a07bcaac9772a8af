package dev.tapedeck.wrapper;

import dev.tapedeck.store.Stream;
import dev.tapedeck.wrapper.extract.KeywordIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

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
    /** The index the hint ids belong to (it may hold other users' keywords too). */
    private final KeywordIndex.Builder hintIds;
    /** Null when the index is shared: then the caller scans each line. */
    private final KeywordIndex.Scanner ownScanner;
    private final int[][] formatHintIds;
    private final int[] envHintIds;
    private final int keyHintId;
    /** Every id above, as bits: a line with none of them has nothing to redact. */
    private final long[] allHints;
    /** Per format, its regex's matcher, reused from line to line (the redactor is one thread's). */
    private final Matcher[] formatMatchers;
    private final boolean[] inKey = new boolean[Stream.values().length];
    private final Map<String, Long> counts = new TreeMap<>();

    /**
     * A redactor with an index of its own, for {@link #redact(Stream, String)}.
     *
     * @param environment the child's environment
     * @param alsoSecret  names of more variables whose values are secrets ({@code --redact-env})
     */
    public Redactor(Map<String, String> environment, Set<String> alsoSecret) {
        this(environment, alsoSecret, KeywordIndex.builder(), true);
    }

    /**
     * A redactor that adds its hints to a keyword index shared with other users of each line, so
     * that one scan serves them all: lines are passed to
     * {@link #redact(Stream, String, KeywordIndex.Scanner)} with a scanner of the index built from
     * keywords.
     */
    public Redactor(Map<String, String> environment, Set<String> alsoSecret, KeywordIndex.Builder keywords) {
        this(environment, alsoSecret, keywords, false);
    }

    private Redactor(Map<String, String> environment, Set<String> alsoSecret, KeywordIndex.Builder keywords,
                     boolean ownIndex) {
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
        this.hintIds = keywords;
        this.keyHintId = keywords.anyCase(KEY_HINT);
        this.formatHintIds = FORMATS.stream().map(format -> keywords.anyCase(format.hints())).toArray(int[][]::new);
        this.envHintIds = values.stream().mapToInt(value -> keywords.anyCase(envHint(value.getValue()))).toArray();
        this.allHints = KeywordIndex.bits(IntStream.concat(IntStream.of(keyHintId), IntStream.concat(
                Arrays.stream(formatHintIds).flatMapToInt(Arrays::stream), Arrays.stream(envHintIds))).toArray());
        this.formatMatchers = FORMATS.stream().map(format -> format.pattern().matcher("")).toArray(Matcher[]::new);
        this.ownScanner = ownIndex ? keywords.build().scanner() : null;
    }

    /** A secret value's first characters: where the value occurs, they do. */
    private static String envHint(String value) {
        return value.substring(0, Math.min(value.length(), 16));
    }

    /** The line's text with every secret replaced; the same instance when it has none. */
    public String redact(Stream stream, String text) {
        if (ownScanner == null) {
            throw new IllegalStateException("this redactor shares its keyword index: pass each line's scan");
        }
        ownScanner.scan(text);
        return redact(stream, text, ownScanner);
    }

    /**
     * The line's text with every secret replaced, the same instance when it has none; scanned has
     * just read text with an index built from the keywords this redactor was given (or its own).
     */
    public String redact(Stream stream, String text, KeywordIndex.Scanner scanned) {
        if (!scanned.scanned(text) || !scanned.of(hintIds)) {
            throw new IllegalArgumentException("the scanner passed has not read this line with the redactor's index");
        }
        int s = stream.ordinal();
        if (!inKey[s] && !scanned.foundAny(allHints)) {
            return text;
        }
        String out = text;
        if (inKey[s] || scanned.found(keyHintId)) {
            String keyed = privateKey(s, text);
            if (keyed != null) {
                out = keyed;
            }
        }
        for (int i = 0; i < envValues.size(); i++) {
            if (!scanned.found(envHintIds[i])) {
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
            if (scanned.foundAny(formatHintIds[f])) {
                out = replace(out, FORMATS.get(f), formatMatchers[f]);
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

    private String replace(String text, Format format, Matcher matcher) {
        Matcher m = matcher.reset(text);
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
