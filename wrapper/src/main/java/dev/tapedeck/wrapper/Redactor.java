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
 * confidence, and the base64 forms of those values. It works on the clean text, where escape
 * sequences no longer split a value, and on other readings of what is stored ({@link TextView}): the
 * raw bytes as everything they write, shown or not, and JSON text with its escapes decoded (see
 * {@link StoredForms}). A private key block spans lines, so each stream remembers whether it is
 * inside one. Used by the recorder thread only.
 */
public final class Redactor {
    /** Names of variables whose values are secrets. */
    private static final Pattern SECRET_NAME = Pattern.compile("KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL",
            Pattern.CASE_INSENSITIVE);
    /** Shorter values ("1", "true", a port) would be redacted wherever they occur. */
    static final int MIN_VALUE_LENGTH = 8;

    private static final String KEY_HINT = "-----BEGIN";
    private static final Pattern KEY_BEGIN = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----");
    private static final Pattern KEY_END = Pattern.compile("-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----");

    private final List<Map.Entry<String, String>> envValues;
    /** Whether a secret value holds a character JSON always escapes (a quote, a backslash, a control). */
    private final boolean envNeedsEscapes;
    /** The index the hint ids belong to (it may hold other users' keywords too). */
    private final KeywordIndex.Builder hintIds;
    /** Null when the index is shared: then the caller scans each line. */
    private final KeywordIndex.Scanner ownScanner;
    /** Null when the index is shared: a second scanner of its own, for readings of a line. */
    private final KeywordIndex.Scanner ownViews;
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
            if (value != null && (alsoSecret.contains(name) || SECRET_NAME.matcher(name).find())) {
                for (String piece : pieces(value)) {
                    values.add(Map.entry(name, piece));
                }
            }
        });
        for (Map.Entry<String, String> value : List.copyOf(values)) {
            for (String form : SecretFormat.base64Forms(value.getValue(), MIN_VALUE_LENGTH)) {
                values.add(Map.entry(value.getKey(), form));
            }
        }
        // Longest first, so a value containing another is replaced whole.
        values.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getValue().length()).reversed());
        this.envValues = values;
        this.envNeedsEscapes = values.stream().anyMatch(value -> value.getValue().chars()
                .anyMatch(c -> c == '"' || c == '\\' || c < 0x20));
        this.hintIds = keywords;
        this.keyHintId = keywords.anyCase(KEY_HINT);
        this.formatHintIds = SecretFormat.ALL.stream().map(format -> keywords.anyCase(format.hints())).toArray(int[][]::new);
        this.envHintIds = values.stream().mapToInt(value -> keywords.anyCase(envHint(value.getValue()))).toArray();
        this.allHints = KeywordIndex.bits(IntStream.concat(IntStream.of(keyHintId), IntStream.concat(
                Arrays.stream(formatHintIds).flatMapToInt(Arrays::stream), Arrays.stream(envHintIds))).toArray());
        this.formatMatchers = SecretFormat.ALL.stream().map(format -> format.pattern().matcher("")).toArray(Matcher[]::new);
        KeywordIndex own = ownIndex ? keywords.build() : null;
        this.ownScanner = ownIndex ? own.scanner() : null;
        this.ownViews = ownIndex ? own.scanner() : null;
    }

    /**
     * What of a secret value can show on one output line: the value, and without the white space
     * around it (a value read from a file often ends in a line end, which no line holds), and each
     * of its lines when it has several; only those of {@link #MIN_VALUE_LENGTH} or more.
     */
    static List<String> pieces(String value) {
        List<String> pieces = new ArrayList<>();
        List<String> candidates = new ArrayList<>(List.of(value, value.strip()));
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            value.lines().map(String::strip).forEach(candidates::add);
        }
        for (String candidate : candidates) {
            if (candidate.length() >= MIN_VALUE_LENGTH && !pieces.contains(candidate)) {
                pieces.add(candidate);
            }
        }
        return pieces;
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
        for (int f = 0; f < SecretFormat.ALL.size(); f++) {
            if (scanned.foundAny(formatHintIds[f])) {
                out = replace(out, SecretFormat.ALL.get(f), formatMatchers[f]);
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

    private String replace(String text, SecretFormat format, Matcher matcher) {
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

    /** A secret found in a reading of a text: where, its marker's label, and the kind it is counted as. */
    private record Span(int start, int end, String label, String kind) {
    }

    /** Whether the text needs its JSON escapes read before a secret value can be seen in it. */
    boolean mayHideInEscapes(String text) {
        return TextView.hasJsonEscape(text, envNeedsEscapes);
    }

    /**
     * original with every secret that view (a reading of it) shows cut out: each is replaced, from
     * where its first character starts in original to where its last one ends, by its marker; the
     * same instance when the view shows none. views is a scanner of this redactor's index that is
     * free for this use (the line's own scan is left alone); count says whether what is cut is
     * counted. No private key block state is kept: a view is not a line of its stream.
     */
    String redactThrough(String original, TextView view, KeywordIndex.Scanner views, boolean count) {
        return redactThrough(original, List.of(view), views, count);
    }

    /**
     * original with every secret that any of readings shows cut out, in one pass: a secret one
     * reading shows only in part (a bearer token up to its {@code \/}) and another whole is cut
     * whole, where cutting the readings one after the other would leave the rest of it behind.
     * Overlapping secrets are cut, and counted, as one.
     */
    String redactThrough(String original, List<TextView> readings, KeywordIndex.Scanner views, boolean count) {
        List<Span> spans = new ArrayList<>();
        for (TextView view : readings) {
            for (Span span : find(view.text(), views)) {
                spans.add(new Span(view.from()[span.start()], view.to()[span.end() - 1], span.label(), span.kind()));
            }
        }
        if (spans.isEmpty()) {
            return original;
        }
        spans.sort(Comparator.comparingInt(Span::start));
        StringBuilder out = new StringBuilder(original.length());
        int last = 0;
        for (int i = 0; i < spans.size(); i++) {
            Span span = spans.get(i);
            int from = Math.max(last, span.start());
            int to = span.end();
            // Spans that overlap in the original are cut as one.
            while (i + 1 < spans.size() && spans.get(i + 1).start() < to) {
                to = Math.max(to, spans.get(++i).end());
            }
            out.append(original, last, from).append("[REDACTED:").append(span.label()).append(']');
            last = Math.max(last, to);
            if (count) {
                count(span.kind(), 1);
            }
        }
        return out.append(original, last, original.length()).toString();
    }

    /** The scanner for readings of a line of a redactor with an index of its own. */
    KeywordIndex.Scanner ownViews() {
        if (ownViews == null) {
            throw new IllegalStateException("this redactor shares its keyword index: pass a scanner of it");
        }
        return ownViews;
    }

    /** Whether text holds any hint of a secret (scanned with views); a quick look that finds no secret yet. */
    boolean hasHints(String text, KeywordIndex.Scanner views) {
        if (!views.of(hintIds)) {
            throw new IllegalArgumentException("the scanner passed does not read with the redactor's index");
        }
        views.scan(text);
        return views.foundAny(allHints);
    }

    /** Whether the view shows any secret; nothing is counted. */
    boolean holdsSecret(TextView view, KeywordIndex.Scanner views) {
        return !find(view.text(), views).isEmpty();
    }

    /**
     * A value decoded from JSON (an event's value or metadata) with every secret replaced, escaped
     * ones included; counted. The same instance when it holds none.
     */
    public String redactDecoded(String value, KeywordIndex.Scanner views) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (value.indexOf('\\') < 0) {
            // No escape: the value is its only reading, and most values hold no hint at all. One scan
            // decides, without building a reading of it (every event passes here: value, metadata,
            // original line).
            return hasHints(value, views) ? redactThrough(value, TextView.plain(value), views, true) : value;
        }
        return redactThrough(value, TextView.unescaped(value), views, true);
    }

    /** The secrets in text, each with its span; scans text with views first. Keeps no state. */
    private List<Span> find(String text, KeywordIndex.Scanner views) {
        if (!views.of(hintIds)) {
            throw new IllegalArgumentException("the scanner passed does not read with the redactor's index");
        }
        views.scan(text);
        List<Span> found = new ArrayList<>();
        if (!views.foundAny(allHints)) {
            return found;
        }
        if (views.found(keyHintId)) {
            Matcher begin = KEY_BEGIN.matcher(text);
            if (begin.find()) {
                Matcher end = KEY_END.matcher(text);
                int to = text.length();
                while (to > begin.end() && text.charAt(to - 1) == ' ') {
                    to--; // a line end read as a space stays out of it
                }
                found.add(new Span(begin.start(), end.find(begin.end()) ? end.end() : to, "private-key",
                        "private-key"));
            }
        }
        for (int i = 0; i < envValues.size(); i++) {
            if (views.found(envHintIds[i])) {
                String value = envValues.get(i).getValue();
                for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length())) {
                    found.add(new Span(at, at + value.length(), "env:" + envValues.get(i).getKey(), "env"));
                }
            }
        }
        for (int f = 0; f < SecretFormat.ALL.size(); f++) {
            if (views.foundAny(formatHintIds[f])) {
                SecretFormat format = SecretFormat.ALL.get(f);
                Matcher m = formatMatchers[f].reset(text);
                while (m.find()) {
                    if (m.end(format.group()) > m.start(format.group())) {
                        found.add(new Span(m.start(format.group()), m.end(format.group()), format.kind(),
                                format.kind()));
                    }
                }
            }
        }
        return found;
    }

    private void count(String kind, long n) {
        counts.merge(kind, n, Long::sum);
    }

    /** Redactions so far, by kind ({@code env} for environment values). */
    public Map<String, Long> counts() {
        return new LinkedHashMap<>(counts);
    }
}
