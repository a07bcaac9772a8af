package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.OutputLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pattern set's regex patterns as the extractor applies them: which ones a line's keywords let
 * through, each tried under its time budget, with the previous line for {@code after} and the next
 * one for {@code continuation}. What a match finds goes to the extractor's emit. Owned by the
 * recorder thread.
 */
final class RegexPatterns {
    static final int NONE = 0;
    static final int MATCHED = 1;
    static final int FINAL = 2;

    private final PatternDefinition[] definitions;
    private final Map<Pattern, String[][]> groupKeys;
    /** Per keyword id, the patterns (bits of their indexes) that keyword lets through, or null. */
    private final long[][] patternsOfKeyword;
    /** The patterns without keywords: tried on every line. */
    private final long[] alwaysTried;
    /** The patterns to try on the current line. */
    private final long[] candidates;
    /** The patterns whose after regex starts with literal text, and that text's keyword ids. */
    private final int[] afterPatterns;
    private final int[] afterIds;
    /** The index of the first pattern below the recognisers' priority. */
    private final int lowPriority;
    private final BiConsumer<Found, OutputLine> emit;
    private final Map<String, Long> overruns = new LinkedHashMap<>();

    RegexPatterns(PatternSet patterns, KeywordIndex.Builder keywords, BiConsumer<Found, OutputLine> emit) {
        this.emit = emit;
        this.definitions = patterns.patterns().toArray(new PatternDefinition[0]);
        this.groupKeys = groupKeysOf(definitions);
        int[][] idsOfPattern = new int[definitions.length][];
        int maxId = -1;
        List<Integer> withLiteral = new ArrayList<>();
        List<Integer> literalIds = new ArrayList<>();
        for (int p = 0; p < definitions.length; p++) {
            idsOfPattern[p] = keywords.exact(definitions[p].keywords());
            for (int id : idsOfPattern[p]) {
                maxId = Math.max(maxId, id);
            }
            Pattern after = definitions[p].after();
            String literal = after == null ? null : AnchoredLiteral.of(after);
            if (literal != null) {
                withLiteral.add(p);
                literalIds.add((after.flags() & Pattern.CASE_INSENSITIVE) != 0
                        ? keywords.anyCase(literal) : keywords.exact(literal));
            }
        }
        this.afterPatterns = withLiteral.stream().mapToInt(Integer::intValue).toArray();
        this.afterIds = literalIds.stream().mapToInt(Integer::intValue).toArray();
        int words = (definitions.length + 63) / 64;
        this.patternsOfKeyword = new long[maxId + 1][];
        this.alwaysTried = new long[words];
        this.candidates = new long[words];
        for (int p = 0; p < definitions.length; p++) {
            for (int id : idsOfPattern[p]) {
                if (patternsOfKeyword[id] == null) {
                    patternsOfKeyword[id] = new long[words];
                }
                patternsOfKeyword[id][p >>> 6] |= 1L << p;
            }
            if (idsOfPattern[p].length == 0) {
                alwaysTried[p >>> 6] |= 1L << p;
            }
        }
        int low = 0;
        while (low < definitions.length && definitions[low].priority() >= Extractor.RECOGNISER_PRIORITY) {
            low++;
        }
        this.lowPriority = low;
    }

    /** What one stream needs: a reusable matcher per regex, the previous line, held events. */
    final class Lines {
        private final Matcher[] matchers = new Matcher[definitions.length];
        private final Matcher[] afterMatchers = new Matcher[definitions.length];
        private final TimedText timed = new TimedText();
        private final TimedText timedPrevious = new TimedText();
        private final List<Held> held = new ArrayList<>(2);
        /** Per pattern: whether the previous line can match its after regex (it has the literal start). */
        private final boolean[] afterPossible = new boolean[definitions.length];
        private String previous;

        Lines() {
            Arrays.fill(afterPossible, true);
            for (int i = 0; i < definitions.length; i++) {
                matchers[i] = definitions[i].regex().matcher("");
                afterMatchers[i] = definitions[i].after() == null ? null : definitions[i].after().matcher("");
            }
        }

        /** Notes the line just read, for the patterns that look at the line before theirs. */
        void read(String text, KeywordIndex.Scanner scanned) {
            previous = text;
            for (int a = 0; a < afterPatterns.length; a++) {
                afterPossible[afterPatterns[a]] = scanned.found(afterIds[a]);
            }
        }

        /** When the earliest line of the events waiting for a continuation line was read; null: none wait. */
        Instant heldSince() {
            Instant earliest = null;
            for (Held h : held) {
                earliest = Extractor.earlier(earliest, h.line.timestamp());
            }
            return earliest;
        }

        /** Emits the events waiting for a continuation line, with what next (null: none) adds. */
        void releaseHeld(String next) {
            if (held.isEmpty()) {
                return;
            }
            for (Held h : held) {
                if (next != null) {
                    Matcher m = h.pattern.continuation().matcher(next);
                    if (m.find()) {
                        putGroups(m, h.found.metadata());
                    }
                }
                emit.accept(h.found, h.line);
            }
            held.clear();
        }
    }

    int size() {
        return definitions.length;
    }

    /** The index of the first pattern tried after the recognisers. */
    int lowPriority() {
        return lowPriority;
    }

    Map<String, Long> overruns() {
        return overruns;
    }

    /** The patterns the line's keywords let through, as bits of their indexes (priority order). */
    long[] candidates(KeywordIndex.Scanner scanned) {
        System.arraycopy(alwaysTried, 0, candidates, 0, candidates.length);
        long[] found = scanned.foundBits();
        for (int w = 0; w < found.length; w++) {
            for (long bits = found[w]; bits != 0; bits &= bits - 1) {
                int id = (w << 6) + Long.numberOfTrailingZeros(bits);
                long[] patternBits = id < patternsOfKeyword.length ? patternsOfKeyword[id] : null;
                if (patternBits != null) {
                    for (int p = 0; p < candidates.length; p++) {
                        candidates[p] |= patternBits[p];
                    }
                }
            }
        }
        return candidates;
    }

    /**
     * Tries the candidate patterns with indexes in [from, to) on subject (the line, or its body when
     * body is given): NONE, MATCHED or FINAL.
     */
    int match(long[] tried, int from, int to, OutputLine line, String subject, Lines lines, LinePrefix.Body body) {
        int result = NONE;
        for (int w = from >>> 6; w < tried.length && w << 6 < to; w++) {
            for (long bits = tried[w]; bits != 0; bits &= bits - 1) {
                int p = (w << 6) + Long.numberOfTrailingZeros(bits);
                if (p < from) {
                    continue;
                }
                if (p >= to) {
                    return result;
                }
                int r = tryPattern(p, line, subject, lines, body);
                if (r == FINAL) {
                    return FINAL;
                }
                result = Math.max(result, r);
            }
        }
        return result;
    }

    /** Tries one pattern on text: NONE, MATCHED, or FINAL when it matched and is final. */
    private int tryPattern(int i, OutputLine line, String text, Lines lines, LinePrefix.Body body) {
        PatternDefinition pattern = definitions[i];
        Matcher before = null;
        Matcher m;
        try {
            if (pattern.after() != null) {
                if (lines.previous == null || !lines.afterPossible[i]) {
                    return NONE;
                }
                before = lines.afterMatchers[i].reset(lines.timedPrevious.reset(lines.previous, Extractor.BUDGET_NANOS));
                if (!before.find()) {
                    return NONE;
                }
            }
            m = lines.matchers[i].reset(lines.timed.reset(text, Extractor.BUDGET_NANOS));
            if (!m.find()) {
                return NONE;
            }
        } catch (TimedText.Overrun e) {
            overruns.merge(pattern.name(), 1L, Long::sum);
            return NONE;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (before != null) {
            putGroups(before, metadata);
        }
        putGroups(m, metadata);
        if (body != null) {
            body.addTo(metadata);
        }
        Object value = metadata.remove("value");
        Found found = new Found(pattern.eventType(), pattern.name(), (value == null ? m.group() : value.toString()).strip(),
                metadata, pattern.risk(), pattern.classifyShell(), pattern.autoConfirmable());
        if (pattern.continuation() != null) {
            lines.held.add(new Held(found, pattern, line));
        } else {
            emit.accept(found, line);
        }
        return pattern.isFinal() ? FINAL : MATCHED;
    }

    /** Named groups that took part in the match, keys in snake_case, digits as numbers. */
    private void putGroups(Matcher m, Map<String, Object> metadata) {
        String[][] namesAndKeys = groupKeys.get(m.pattern());
        String[] names = namesAndKeys[0];
        for (int g = 0; g < names.length; g++) {
            String value = m.group(names[g]);
            if (value != null) {
                metadata.put(namesAndKeys[1][g], typed(value.strip()));
            }
        }
    }

    /**
     * Per regex of the patterns (main, after and continuation), its group names and the metadata
     * key of each, worked out once instead of for every event.
     */
    private static Map<Pattern, String[][]> groupKeysOf(PatternDefinition[] definitions) {
        Map<Pattern, String[][]> keys = new IdentityHashMap<>();
        for (PatternDefinition definition : definitions) {
            for (Pattern regex : Arrays.asList(definition.regex(), definition.after(), definition.continuation())) {
                if (regex != null) {
                    String[] names = PatternSet.groupNames(regex).toArray(new String[0]);
                    keys.put(regex, new String[][] {names, Arrays.stream(names)
                            .map(name -> name.equals("value") ? name : snakeCase(name)).toArray(String[]::new)});
                }
            }
        }
        return keys;
    }

    private static Object typed(String value) {
        if (value.isEmpty() || value.length() >= 18) {
            return value;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return value;
            }
        }
        return Long.parseLong(value);
    }

    static String snakeCase(String name) {
        StringBuilder snake = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                snake.append('_').append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }

    private record Held(Found found, PatternDefinition pattern, OutputLine line) {
    }
}
