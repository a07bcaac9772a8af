package dev.tapedeck.wrapper.extract;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.Write;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one session's clean lines into extraction events and code blocks, handed to a sink in the
 * order they are found. Per stream it tracks code blocks (lines inside are not matched; a block that
 * does not close within its bound gives its lines back to be read late, see CodeBlockDetector), the
 * previous line (for patterns with {@code after}) and events waiting for a continuation line. A
 * JSON object line is read as structured agent output instead of being matched by regex. Owned by
 * the recorder thread.
 */
public final class Extractor {
    private static final int MAX_ORIGINAL_LINE_CHARS = 4096;
    /** Found by the same scan as the patterns' keywords, so code block detection costs no extra pass. */
    private static final List<String> FENCES = List.of("```", "~~~");
    /** How much CPU time one pattern may take on one line before it is given up for that line (see TimedText). */
    public static final long BUDGET_MILLIS = 20;
    /** Patterns of this priority and above are tried before the recognisers, the others after. */
    static final int RECOGNISER_PRIORITY = 50;
    /** A problem's continuation lines beyond this many end it (the next line is read on its own). */
    static final int MAX_PROBLEM_LINES = 200;
    static final long BUDGET_NANOS = BUDGET_MILLIS * 1_000_000;

    private final PatternSet patterns;
    private final String agentName;
    private final String sessionId;
    private final Consumer<Write> sink;
    private final StreamState[] streams;
    private final PatternDefinition[] definitions;
    /** The index the extractor's keyword ids belong to (it may hold other users' keywords too). */
    private final KeywordIndex.Builder keywordIds;
    /** Null when the index is shared: then the caller scans each line. */
    private final KeywordIndex.Scanner ownScanner;
    /** Per keyword id, the patterns (bits of their indexes) that keyword lets through, or null. */
    private final long[][] patternsOfKeyword;
    /** The patterns without keywords: tried on every line. */
    private final long[] alwaysTried;
    /** The patterns to try on the current line. */
    private final long[] candidates;
    private final int[] fenceIds;
    /** The patterns whose after regex starts with literal text, and that text's keyword ids. */
    private final int[] afterPatterns;
    private final int[] afterIds;
    private final KeywordIndex.Scanner shellKeywords;
    private final Map<Pattern, String[][]> groupKeys;
    /** The index of the first pattern tried after the recognisers. */
    private final int lowPriority;
    private final Recognizer[] recognizers;
    /** Per recogniser, the ids of its keywords (empty: tried on every line). */
    private final int[][] recognizerIds;
    /** Made once: a method reference passed per line would be a new object per line. */
    private final Consumer<CodeBlock> blockSink = this::emitBlock;
    /** Reads the lines a code block gave back; made when first needed (the index is complete by then). */
    private KeywordIndex.Scanner replayScanner;
    /** Null when events are not redacted here. */
    private final UnaryOperator<String> redaction;
    /** The output of tools that the current JSON line carries (filled by JsonLineEvents). */
    private final List<String> outputs = new ArrayList<>(2);
    /** The API calls whose token usage was reported already (an agent repeats it per content block). */
    private final MessageUsage usageSeen = new MessageUsage();
    /** Reads the tools' output carried in JSON lines; made when first needed. */
    private EmbeddedOutput embedded;
    private long events;
    private long codeBlocks;
    private final Map<String, Long> overruns = new LinkedHashMap<>();

    /** An extractor with a keyword index of its own: lines are passed to {@link #accept(OutputLine)}. */
    public Extractor(PatternSet patterns, String agentName, String sessionId, Consumer<Write> sink) {
        this(patterns, agentName, sessionId, sink, KeywordIndex.builder(), true, null);
    }

    /**
     * An extractor that adds its keywords to an index shared with other users of each line, so that
     * one scan serves them all: lines are passed to {@link #accept(OutputLine, KeywordIndex.Scanner)}
     * with a scanner of the index built from keywords.
     */
    public Extractor(PatternSet patterns, String agentName, String sessionId, Consumer<Write> sink,
                     KeywordIndex.Builder keywords) {
        this(patterns, agentName, sessionId, sink, keywords, null);
    }

    /**
     * An extractor sharing a keyword index whose events' values and metadata texts go through
     * redaction (null: none) before they are handed on. The line's text is redacted before it gets
     * here, but a JSON line's values are decoded from it here, and an escaped secret is whole only
     * once decoded.
     */
    public Extractor(PatternSet patterns, String agentName, String sessionId, Consumer<Write> sink,
                     KeywordIndex.Builder keywords, UnaryOperator<String> redaction) {
        this(patterns, agentName, sessionId, sink, keywords, false, redaction);
    }

    private Extractor(PatternSet patterns, String agentName, String sessionId, Consumer<Write> sink,
                      KeywordIndex.Builder keywords, boolean ownIndex, UnaryOperator<String> redaction) {
        this.patterns = patterns;
        this.redaction = redaction;
        this.agentName = agentName;
        this.sessionId = sessionId;
        this.sink = sink;
        this.definitions = patterns.patterns().toArray(new PatternDefinition[0]);
        this.groupKeys = groupKeysOf(definitions);
        this.keywordIds = keywords;
        this.fenceIds = keywords.exact(FENCES);
        int[][] idsOfPattern = new int[definitions.length][];
        int maxId = -1;
        for (int p = 0; p < definitions.length; p++) {
            idsOfPattern[p] = keywords.exact(definitions[p].keywords());
            for (int id : idsOfPattern[p]) {
                maxId = Math.max(maxId, id);
            }
        }
        List<Integer> withLiteral = new ArrayList<>();
        List<Integer> literalIds = new ArrayList<>();
        for (int p = 0; p < definitions.length; p++) {
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
        while (low < definitions.length && definitions[low].priority() >= RECOGNISER_PRIORITY) {
            low++;
        }
        this.lowPriority = low;
        this.recognizers = patterns.recognizers().toArray(new Recognizer[0]);
        this.recognizerIds = new int[recognizers.length][];
        for (int r = 0; r < recognizers.length; r++) {
            recognizerIds[r] = keywords.exact(recognizers[r].keywords());
        }
        this.ownScanner = ownIndex ? keywords.build().scanner() : null;
        this.shellKeywords = patterns.shellRisk().scanner();
        this.streams = new StreamState[Stream.values().length];
        for (Stream stream : Stream.values()) {
            streams[stream.ordinal()] = new StreamState(new CodeBlockDetector(agentName, sessionId, stream.wireName()),
                    definitions);
        }
    }

    /** Takes the session's next line (an extractor with an index of its own). */
    public void accept(OutputLine line) {
        if (ownScanner == null) {
            throw new IllegalStateException("this extractor shares its keyword index: pass each line's scan");
        }
        ownScanner.scan(line.text());
        accept(line, ownScanner);
    }

    /**
     * Takes the session's next line, whose text scanned has just read with an index built from the
     * keywords this extractor was given (or from its own).
     */
    public void accept(OutputLine line, KeywordIndex.Scanner scanned) {
        String text = line.text();
        if (!scanned.scanned(text) || !scanned.of(keywordIds)) {
            throw new IllegalArgumentException("the scanner passed has not read this line with the extractor's index");
        }
        StreamState state = streams[line.stream().ordinal()];
        boolean fenceLike = scanned.found(fenceIds[0]) || scanned.found(fenceIds[1]);
        if (state.codeBlocks.isOpen()) {
            CodeBlockDetector.Role role = state.codeBlocks.accept(line, fenceLike, blockSink);
            if (role == CodeBlockDetector.Role.RELEASED) {
                readReleased(state);
                accept(line, scanned); // once more, to a block that no longer holds or to none
            } else if (role != CodeBlockDetector.Role.HELD) {
                read(line, state, scanned, false, role == CodeBlockDetector.Role.FENCE);
            }
            return;
        }
        read(line, state, scanned, fenceLike, false);
    }

    /**
     * Reads a line that no block holds: as a continuation of the open problem, as an opening fence
     * (when mayOpen; the block then holds it), or by itself; a closing fence only ends a problem.
     */
    private void read(OutputLine line, StreamState state, KeywordIndex.Scanner scanned, boolean mayOpen,
                      boolean fence) {
        String text = line.text();
        releaseHeld(state, text);
        LinePrefix.Body body = LinePrefix.of(text);
        if (state.problem == null || !continuesProblem(state, body.text(), line)) {
            if (mayOpen && state.codeBlocks.opens(line)) {
                return;
            }
            if (!fence) {
                extractFrom(line, state, scanned, body);
            }
        }
        state.previous = text;
        state.previousBody = body.text();
        for (int a = 0; a < afterPatterns.length; a++) {
            state.afterPossible[afterPatterns[a]] = scanned.found(afterIds[a]);
        }
    }

    /** Structured JSON or, when the line is none, the patterns and recognisers. */
    private void extractFrom(OutputLine line, StreamState state, KeywordIndex.Scanner scanned, LinePrefix.Body body) {
        String text = line.text();
        List<Found> structured = structured(text);
        if (structured == null && body.stripped(text)) {
            structured = structured(body.text());
            if (structured != null) {
                structured = structured.stream().map(f -> withPrefix(f, body)).toList();
            }
        }
        if (structured != null) {
            for (Found found : structured) {
                if (usageSeen.firstTime(found)) {
                    emit(found, line);
                }
            }
            readOutputs(line);
        } else {
            match(line, state, scanned, body);
        }
    }

    /**
     * Reads, in order, the lines an open block gave back, as ordinary lines (never as fences): they
     * are scanned again with a scanner of the extractor's own, the caller's holds the current line.
     */
    private void readReleased(StreamState state) {
        List<OutputLine> lines = state.codeBlocks.takeReleased();
        if (lines.isEmpty()) {
            return;
        }
        if (replayScanner == null) {
            replayScanner = keywordIds.build().scanner();
        }
        for (OutputLine held : lines) {
            replayScanner.scan(held.text());
            read(held, state, replayScanner, false, false);
        }
    }

    /**
     * Offers a line to the problem still open in the stream: true when the line was part of it.
     * A line that is not ends the problem (its event is emitted) and is read on its own.
     */
    private boolean continuesProblem(StreamState state, String body, OutputLine line) {
        Problem problem = state.problem;
        Continuation.Fit fit = problem.draft.lines() >= MAX_PROBLEM_LINES ? Continuation.Fit.NOT
                : problem.rest.next(body, problem.draft);
        if (fit == Continuation.Fit.NOT) {
            endProblem(state);
            return false;
        }
        problem.draft.addDetail(body);
        if (problem.draft.takeAnchor() && !problem.emitted) {
            problem.line = line;
        }
        if (fit == Continuation.Fit.LAST) {
            endProblem(state);
        }
        return true;
    }

    /** Emits the open problem's event, unless a pause emitted it already, and closes it. */
    private void endProblem(StreamState state) {
        Problem problem = state.problem;
        state.problem = null;
        if (!problem.emitted && problem.draft.eventType() != null) {
            emit(problem.draft.toFound(), problem.line);
        }
    }

    /**
     * Emits the events still waiting for a continuation line. The recorder calls this when output
     * has paused: a continuation follows its line at once, and an event must not wait for output
     * that may never come. A code block that has held lines through a long pause gives them back.
     */
    public void releaseWaiting() {
        releaseWaiting(Instant.now());
    }

    /** {@link #releaseWaiting()} at the time now (lines' timestamps are on the same clock). */
    void releaseWaiting(Instant now) {
        for (StreamState state : streams) {
            if (state.codeBlocks.releaseIfPaused(now)) {
                readReleased(state);
            }
            releaseHeld(state, null);
            Problem problem = state.problem;
            if (problem != null && !problem.emitted && problem.draft.eventType() != null && problem.rest.ready()) {
                // Its lines still belong to it when output resumes; only the event stops waiting.
                problem.emitted = true;
                emit(problem.draft.toFound(), problem.line);
            }
        }
    }

    /**
     * Ends the session: an open code block is recorded as unterminated and the lines it held are
     * read as ordinary lines; then waiting events are emitted.
     */
    public void finish() {
        for (StreamState state : streams) {
            state.codeBlocks.finish(blockSink);
            readReleased(state);
            releaseHeld(state, null);
            if (state.problem != null) {
                endProblem(state);
            }
        }
    }

    public long eventCount() {
        return events + (embedded == null ? 0 : embedded.eventCount());
    }

    public long codeBlockCount() {
        return codeBlocks;
    }

    /** Lines on which a pattern ran past its time budget (and so found nothing), by pattern name. */
    public Map<String, Long> overruns() {
        Map<String, Long> all = new LinkedHashMap<>(overruns);
        if (embedded != null) {
            embedded.overruns().forEach((pattern, n) -> all.merge(pattern, n, Long::sum));
        }
        return all;
    }

    /** Reads the tool output the JSON line just read carried, as lines of their own. */
    private void readOutputs(OutputLine line) {
        if (outputs.isEmpty()) {
            return;
        }
        if (embedded == null) {
            embedded = new EmbeddedOutput(patterns, agentName, sessionId, sink, redaction);
        }
        for (String output : outputs) {
            embedded.read(output, line);
        }
        outputs.clear();
    }

    /** The patterns the line's keywords let through, as bits of their indexes (priority order). */
    private long[] candidates(KeywordIndex.Scanner scanned) {
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
     * Tries the patterns of priority 50 and above, the recognisers, then the other patterns, each on
     * the line as it is and, when it found nothing so, on the line without its prefixes (its body).
     * A final match ends it; a recogniser's match is final.
     */
    private void match(OutputLine line, StreamState state, KeywordIndex.Scanner scanned, LinePrefix.Body body) {
        String text = line.text();
        long[] tried = candidates(scanned);
        boolean stripped = body.stripped(text);
        int high = matchRange(tried, 0, lowPriority, line, text, state, null);
        if (high == NONE && stripped) {
            high = matchRange(tried, 0, lowPriority, line, body.text(), state, body);
        }
        if (high == FINAL || high == NONE && recognize(line, state, scanned, body)) {
            return;
        }
        int low = matchRange(tried, lowPriority, definitions.length, line, text, state, null);
        if (low == NONE && high == NONE && stripped) {
            matchRange(tried, lowPriority, definitions.length, line, body.text(), state, body);
        }
    }

    private static final int NONE = 0;
    private static final int MATCHED = 1;
    private static final int FINAL = 2;

    /** Tries the candidate patterns with indexes in [from, to) on subject: NONE, MATCHED or FINAL. */
    private int matchRange(long[] tried, int from, int to, OutputLine line, String subject, StreamState state,
                           LinePrefix.Body body) {
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
                int r = tryPattern(p, line, subject, state, body);
                if (r == FINAL) {
                    return FINAL;
                }
                result = Math.max(result, r);
            }
        }
        return result;
    }

    /** Runs the recognisers whose keywords the line holds; true when one found an event. */
    private boolean recognize(OutputLine line, StreamState state, KeywordIndex.Scanner scanned, LinePrefix.Body body) {
        for (int r = 0; r < recognizers.length; r++) {
            if (recognizerIds[r].length > 0 && !scanned.foundAny(recognizerIds[r])) {
                continue;
            }
            Recognizer.Recognized found = recognizers[r].recognize(body.text(), state.previousBody, state.notes);
            if (found != null && found.found() == null) {
                if (found.rest() != null) {
                    Problem silent = new Problem(new Draft(Found.of(null, recognizers[r].name(), null, Map.of())),
                            found.rest(), line);
                    silent.emitted = true;
                    state.problem = silent;
                }
                return true;
            }
            if (found != null) {
                Found event = withPrefix(found.found(), body);
                if (found.rest() == null) {
                    emit(event, line);
                } else {
                    state.problem = new Problem(new Draft(event), found.rest(), line);
                }
                return true;
            }
        }
        return false;
    }

    /** The event with what the line's prefixes said (service, pid) in its metadata. */
    private static Found withPrefix(Found found, LinePrefix.Body body) {
        if (body.service() == null && body.pid() == null) {
            return found;
        }
        Map<String, Object> metadata = new LinkedHashMap<>(found.metadata());
        body.addTo(metadata);
        return new Found(found.eventType(), found.pattern(), found.value(), metadata, found.risk(),
                found.classifyShell(), found.autoConfirmable());
    }

    /** Tries one pattern on text (the line or its body): NONE, MATCHED, or FINAL when it matched and is final. */
    private int tryPattern(int i, OutputLine line, String text, StreamState state, LinePrefix.Body body) {
        PatternDefinition pattern = definitions[i];
        Matcher before = null;
        Matcher m;
        try {
            if (pattern.after() != null) {
                if (state.previous == null || !state.afterPossible[i]) {
                    return NONE;
                }
                before = state.afterMatchers[i].reset(
                        state.timedPrevious.reset(state.previous, BUDGET_NANOS));
                if (!before.find()) {
                    return NONE;
                }
            }
            m = state.matchers[i].reset(state.timed.reset(text, BUDGET_NANOS));
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
        Found found = new Found(pattern.eventType(), pattern.name(), clean(value == null ? m.group() : value.toString()),
                metadata, pattern.risk(), pattern.classifyShell(), pattern.autoConfirmable());
        if (pattern.continuation() != null) {
            state.held.add(new Held(found, pattern, line));
        } else {
            emit(found, line);
        }
        return pattern.isFinal() ? FINAL : MATCHED;
    }

    private void releaseHeld(StreamState state, String next) {
        if (state.held.isEmpty()) {
            return;
        }
        for (Held held : state.held) {
            if (next != null) {
                Matcher m = held.pattern.continuation().matcher(next);
                if (m.find()) {
                    putGroups(m, held.found.metadata());
                }
            }
            emit(held.found, held.line);
        }
        state.held.clear();
    }

    private List<Found> structured(String text) {
        outputs.clear();
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end - start < 2 || text.charAt(start) != '{' || text.charAt(end - 1) != '}') {
            return null;
        }
        if (!JsonLineEvents.worthParsing(text, start)) {
            return List.of();
        }
        String trimmed = text.substring(start, end);
        try {
            JsonElement element = JsonParser.parseString(trimmed);
            return element.isJsonObject() ? JsonLineEvents.of(element.getAsJsonObject(), outputs) : null;
        } catch (JsonParseException | IllegalStateException e) {
            // Braces but not JSON: an ordinary line.
            return null;
        }
    }

    private void emit(Found found, OutputLine line) {
        RiskLevel risk = found.risk();
        boolean autoConfirmable = found.autoConfirmable();
        Map<String, Object> metadata = new LinkedHashMap<>(found.metadata());
        String value = found.value();
        if (redaction != null) {
            value = redaction.apply(value);
            metadata.replaceAll((key, v) -> v instanceof String text ? redaction.apply(text)
                    : v instanceof com.google.gson.JsonElement json ? ToolInput.redacted(json, redaction) : v);
        }
        if (found.classifyShell() && value != null) {
            ShellRisk.Verdict verdict = patterns.shellRisk().classify(value, shellKeywords);
            risk = verdict.risk();
            autoConfirmable |= verdict.autoConfirmable();
            if (verdict.rule() != null) {
                metadata.put("risk_rule", verdict.rule());
            }
        }
        if (found.eventType().equals("test_result")) {
            TestCounts.complete(value, metadata);
        }
        // The line's text is redacted already, in both its plain and its JSON-decoded reading
        // (StoredForms, before the extractor sees the line): a copy of it needs no second pass.
        String original = line.text().length() <= MAX_ORIGINAL_LINE_CHARS ? line.text()
                : line.text().substring(0, MAX_ORIGINAL_LINE_CHARS) + "…";
        events++;
        sink.accept(new Extraction(0, agentName, sessionId, line.timestamp(), found.eventType(), found.pattern(),
                value, original, line.number(), metadata.isEmpty() ? null : MetadataJson.of(metadata), null, risk,
                autoConfirmable));
    }

    private void emitBlock(CodeBlock block) {
        codeBlocks++;
        sink.accept(block);
    }

    /** Named groups that took part in the match, keys in snake_case, digits as numbers. */
    private void putGroups(Matcher m, Map<String, Object> metadata) {
        String[][] namesAndKeys = groupKeys.get(m.pattern());
        String[] names = namesAndKeys[0];
        for (int g = 0; g < names.length; g++) {
            String value = m.group(names[g]);
            if (value != null) {
                metadata.put(namesAndKeys[1][g], typed(clean(value)));
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

    private static String clean(String value) {
        return value.strip();
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

    /** Per stream: code blocks, held events, the previous line, and one reusable matcher per regex. */
    private static final class StreamState {
        final CodeBlockDetector codeBlocks;
        final List<Held> held = new ArrayList<>(2);
        final Matcher[] matchers;
        final Matcher[] afterMatchers;
        final TimedText timed = new TimedText();
        final TimedText timedPrevious = new TimedText();
        String previous;
        /** The previous line's body (LinePrefix), for recognisers. */
        String previousBody;
        /** The problem whose continuation lines are being read, or null. */
        Problem problem;
        /** What recognisers noted about earlier lines of the stream. */
        final StreamNotes notes = new StreamNotes();
        /** Per pattern: whether the previous line can match its after regex (it has the literal start). */
        final boolean[] afterPossible;

        StreamState(CodeBlockDetector codeBlocks, PatternDefinition[] definitions) {
            this.codeBlocks = codeBlocks;
            this.matchers = new Matcher[definitions.length];
            this.afterMatchers = new Matcher[definitions.length];
            this.afterPossible = new boolean[definitions.length];
            Arrays.fill(afterPossible, true);
            for (int i = 0; i < definitions.length; i++) {
                matchers[i] = definitions[i].regex().matcher("");
                afterMatchers[i] = definitions[i].after() == null ? null : definitions[i].after().matcher("");
            }
        }
    }

    private record Held(Found found, PatternDefinition pattern, OutputLine line) {
    }

    /** A recogniser's event whose problem goes on over the next lines. */
    private static final class Problem {
        final Draft draft;
        final Continuation rest;
        /** The line the event is stored on: the headline's, or a later one the continuation chose. */
        OutputLine line;
        /**
         * Set when a pause in the output emitted the event before the problem ended, or from the
         * start for a silent problem. A draft without a type (yet) is not emitted either.
         */
        boolean emitted;

        Problem(Draft draft, Continuation rest, OutputLine line) {
            this.draft = draft;
            this.rest = rest;
            this.line = line;
        }
    }
}
