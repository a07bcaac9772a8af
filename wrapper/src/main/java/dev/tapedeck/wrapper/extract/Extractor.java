package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.Write;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Turns one session's clean lines into extraction events and code blocks, handed to a sink in the
 * order they are found. Per stream it tracks code blocks (lines inside are not matched; a block that
 * does not close within its bound gives its lines back to be read late, see CodeBlockDetector), the
 * previous line (for patterns with {@code after}) and events waiting for a continuation line. A
 * JSON object line is read as structured agent output instead of being matched by regex. Events and
 * blocks reach the sink in the order of their timestamps, not in the order they are found (an event
 * waiting for its continuation lines would otherwise follow the other stream's later events): see
 * {@link TimeOrder}. Owned by the recorder thread.
 */
public final class Extractor {
    /** Found by the same scan as the patterns' keywords, so code block detection costs no extra pass. */
    private static final List<String> FENCES = List.of("```", "~~~");
    /** How much CPU time one pattern may take on one line before it is given up for that line (see TimedText). */
    public static final long BUDGET_MILLIS = 20;
    /** Patterns of this priority and above are tried before the recognisers, the others after. */
    static final int RECOGNISER_PRIORITY = 50;
    /** A problem's continuation lines beyond this many end it (the next line is read on its own). */
    static final int MAX_PROBLEM_LINES = 200;
    static final long BUDGET_NANOS = BUDGET_MILLIS * 1_000_000;
    /**
     * How long what is found may wait behind an earlier event still being read (see TimeOrder):
     * as long as a code block may hold its lines through a pause. Past it, live streams would show
     * the other stream's events too late; the late event then comes out of time order.
     */
    static final java.time.Duration MAX_ORDER_WAIT = CodeBlockDetector.MAX_HELD_PAUSE;

    private final StreamState[] streams;
    /** The index the extractor's keyword ids belong to (it may hold other users' keywords too). */
    private final KeywordIndex.Builder keywordIds;
    /** Null when the index is shared: then the caller scans each line. */
    private final KeywordIndex.Scanner ownScanner;
    private final int[] fenceIds;
    private final RegexPatterns regexes;
    private final RecognizerSet recognizers;
    private final JsonLines json;
    private final EventWriter writer;
    /** Everything found goes through it to the sink. */
    private final TimeOrder order;
    /** Made once: a method reference passed per line would be a new object per line. */
    private final Consumer<CodeBlock> blockSink;
    /** Reads the lines a code block gave back; made when first needed (the index is complete by then). */
    private KeywordIndex.Scanner replayScanner;

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
        this.order = new TimeOrder(sink);
        this.writer = new EventWriter(patterns, agentName, sessionId, order, redaction);
        this.blockSink = writer::emitBlock;
        this.keywordIds = keywords;
        this.fenceIds = keywords.exact(FENCES);
        this.regexes = new RegexPatterns(patterns, keywords, writer::emit);
        this.recognizers = new RecognizerSet(patterns.recognizers(), keywords);
        this.json = new JsonLines(patterns, agentName, sessionId, order, redaction);
        this.ownScanner = ownIndex ? keywords.build().scanner() : null;
        this.streams = new StreamState[Stream.values().length];
        for (Stream stream : Stream.values()) {
            streams[stream.ordinal()] = new StreamState(new CodeBlockDetector(agentName, sessionId, stream.wireName()),
                    regexes.new Lines());
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
        if (!scanned.scanned(line.text()) || !scanned.of(keywordIds)) {
            throw new IllegalArgumentException("the scanner passed has not read this line with the extractor's index");
        }
        take(line, scanned);
        releaseInOrder(line.timestamp());
    }

    private void take(OutputLine line, KeywordIndex.Scanner scanned) {
        StreamState state = streams[line.stream().ordinal()];
        boolean fenceLike = scanned.found(fenceIds[0]) || scanned.found(fenceIds[1]);
        if (state.codeBlocks.isOpen()) {
            CodeBlockDetector.Role role = state.codeBlocks.accept(line, fenceLike, blockSink);
            if (role == CodeBlockDetector.Role.RELEASED) {
                readReleased(state);
                take(line, scanned); // once more, to a block that no longer holds or to none
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
        state.regex.releaseHeld(text);
        LinePrefix.Body body = LinePrefix.of(text);
        if (state.problem == null || !continuesProblem(state, body.text(), line)) {
            if (mayOpen && state.codeBlocks.opens(line)) {
                return;
            }
            if (!fence) {
                extractFrom(line, state, scanned, body);
            }
        }
        state.regex.read(text, scanned);
        state.previousBody = body.text();
    }

    /** Structured JSON or, when the line is none, the patterns and recognisers. */
    private void extractFrom(OutputLine line, StreamState state, KeywordIndex.Scanner scanned, LinePrefix.Body body) {
        String text = line.text();
        List<Found> structured = json.read(text);
        if (structured == null && body.stripped(text)) {
            structured = json.read(body.text());
            if (structured != null) {
                structured = structured.stream().map(f -> withPrefix(f, body)).toList();
            }
        }
        if (structured != null) {
            for (Found found : structured) {
                writer.emit(found, line);
            }
            json.readOutputs(line);
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
            writer.emit(problem.draft.toFound(), problem.line);
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
            state.regex.releaseHeld(null);
            Problem problem = state.problem;
            if (problem != null && !problem.emitted && problem.draft.eventType() != null && problem.rest.ready()) {
                // Its lines still belong to it when output resumes; only the event stops waiting.
                problem.emitted = true;
                writer.emit(problem.draft.toFound(), problem.line);
            }
        }
        releaseInOrder(now);
    }

    /**
     * Hands on what was found that nothing found later can precede: events up to the earliest line
     * still waiting (an open problem's, a held pattern's, a holding block's), blocks up to the
     * earliest open block's fence. What has waited {@link #MAX_ORDER_WAIT} of output time (now: the
     * last line's time, or the clock's at a pause) holds nothing back any more: output found after
     * it goes on, and its own event, should it come, comes out of time order.
     */
    private void releaseInOrder(Instant now) {
        if (order.isEmpty()) {
            return;
        }
        Instant since = now.minus(MAX_ORDER_WAIT);
        Instant events = null;
        Instant blocks = null;
        for (StreamState state : streams) {
            Problem problem = state.problem;
            if (problem != null && !problem.emitted) {
                events = earlier(events, notBefore(problem.line.timestamp(), since));
            }
            events = earlier(earlier(events, notBefore(state.regex.heldSince(), since)),
                    notBefore(state.codeBlocks.holdingSince(), since));
            blocks = earlier(blocks, notBefore(state.codeBlocks.openedAt(), since));
        }
        if (events == null && blocks == null) {
            order.releaseAll();
            return;
        }
        order.release(events == null ? Instant.MAX : events, blocks == null ? Instant.MAX : blocks);
    }

    /** at, or null when it is null or before since. */
    private static Instant notBefore(Instant at, Instant since) {
        return at == null || at.isBefore(since) ? null : at;
    }

    /** The earlier of two times, either of which may be null (none). */
    static Instant earlier(Instant a, Instant b) {
        return a == null || b != null && b.isBefore(a) ? b : a;
    }

    /**
     * Ends the session: an open code block is recorded as unterminated and the lines it held are
     * read as ordinary lines; then waiting events are emitted.
     */
    public void finish() {
        try {
            for (StreamState state : streams) {
                state.codeBlocks.finish(blockSink);
                readReleased(state);
                state.regex.releaseHeld(null);
                if (state.problem != null) {
                    endProblem(state);
                }
            }
        } finally {
            // What was found before a failure here is recorded all the same.
            order.releaseAll();
        }
    }

    public long eventCount() {
        return writer.events() + json.eventCount();
    }

    public long codeBlockCount() {
        return writer.codeBlocks();
    }

    /** Lines on which a pattern ran past its time budget (and so found nothing), by pattern name. */
    public Map<String, Long> overruns() {
        Map<String, Long> all = new LinkedHashMap<>(regexes.overruns());
        json.addOverruns(all);
        return all;
    }

    /**
     * Tries the patterns of priority 50 and above, the recognisers, then the other patterns, each on
     * the line as it is and, when it found nothing so, on the line without its prefixes (its body).
     * A final match ends it; a recogniser's match is final.
     */
    private void match(OutputLine line, StreamState state, KeywordIndex.Scanner scanned, LinePrefix.Body body) {
        String text = line.text();
        long[] tried = regexes.candidates(scanned);
        boolean stripped = body.stripped(text);
        int low = regexes.lowPriority();
        int high = regexes.match(tried, 0, low, line, text, state.regex, null);
        if (high == RegexPatterns.NONE && stripped) {
            high = regexes.match(tried, 0, low, line, body.text(), state.regex, body);
        }
        if (high == RegexPatterns.FINAL || high == RegexPatterns.NONE && recognize(line, state, scanned, body)) {
            return;
        }
        int generic = regexes.match(tried, low, regexes.size(), line, text, state.regex, null);
        if (generic == RegexPatterns.NONE && high == RegexPatterns.NONE && stripped) {
            regexes.match(tried, low, regexes.size(), line, body.text(), state.regex, body);
        }
    }

    /** Runs the recognisers the line's keywords let through; true when one found something. */
    private boolean recognize(OutputLine line, StreamState state, KeywordIndex.Scanner scanned, LinePrefix.Body body) {
        RecognizerSet.Match match = recognizers.recognize(scanned, body.text(), state.previousBody, state.notes);
        if (match == null) {
            return false;
        }
        Recognizer.Recognized found = match.recognized();
        if (found.found() == null) {
            if (found.rest() != null) {
                Problem silent = new Problem(new Draft(Found.of(null, match.name(), null, Map.of())), found.rest(), line);
                silent.emitted = true;
                state.problem = silent;
            }
        } else if (found.rest() == null) {
            writer.emit(withPrefix(found.found(), body), line);
        } else {
            state.problem = new Problem(new Draft(withPrefix(found.found(), body)), found.rest(), line);
        }
        return true;
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

    /** Per stream: code blocks, the patterns' state, the open problem, what recognisers noted. */
    private static final class StreamState {
        final CodeBlockDetector codeBlocks;
        final RegexPatterns.Lines regex;
        /** The previous line's body (LinePrefix), for recognisers. */
        String previousBody;
        /** The problem whose continuation lines are being read, or null. */
        Problem problem;
        /** What recognisers noted about earlier lines of the stream. */
        final StreamNotes notes = new StreamNotes();

        StreamState(CodeBlockDetector codeBlocks, RegexPatterns.Lines regex) {
            this.codeBlocks = codeBlocks;
            this.regex = regex;
        }
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
