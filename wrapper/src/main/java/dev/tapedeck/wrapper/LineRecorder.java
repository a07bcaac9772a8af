package dev.tapedeck.wrapper;

import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.OutputLines;
import dev.tapedeck.store.RedactionCounts;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.Write;
import dev.tapedeck.store.WriteQueue;
import dev.tapedeck.wrapper.extract.Extractor;
import dev.tapedeck.wrapper.extract.KeywordIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder thread: takes what the pumps read from the {@link Tap}, cuts it into lines per
 * stream, numbers them in the order they were read, appends them to the store and runs the
 * extractor on them. It runs beside the pass-through: whatever it does, the child's output has
 * already reached the terminal. A failure of the extractor on one line is logged (once) and counted,
 * and recording goes on.
 */
final class LineRecorder implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LineRecorder.class);
    /** The longest the recorder waits for room in the store's queue before it gives way. */
    static final Duration MAX_WAIT = Duration.ofMillis(250);
    /**
     * How long the recorder waits for the store while the tap is less than half full and the writer
     * keeps committing: the child is not held by it then (the tap still takes its output), so a
     * writer that is merely slow, such as one of many recorders queueing for the database's write
     * lock, costs nothing. A writer that commits nothing for {@link #STALL} is taken to be stuck (a
     * database locked by someone else, a dead disk) and the recorder gives way.
     */
    static final Duration PATIENT_WAIT = Duration.ofSeconds(30);
    /**
     * SQLite's busy handler is not fair: among ten recorders on one database, one can wait seconds
     * for the write lock while the others commit (2 s was seen to be too short on two cores). The
     * writer itself waits for the lock as long as the store's busy timeout (10 s) before its batch
     * fails, and a failed batch makes the recorder give way at once; the time since the writer's
     * last commit also holds that commit's own writing, so it is given twice the busy timeout (10 s
     * was seen to be too short for ten recorders of 100,000 lines each on a slow hour).
     */
    static final Duration STALL = Duration.ofSeconds(20);
    /** After this long without output, events waiting for a continuation line are released. */
    private static final Duration IDLE = Duration.ofMillis(100);
    /** Lines cut from one piece of output go to the store together, at most this many at a time. */
    private static final int MAX_PENDING = 128;

    private final Tap tap;
    private final WriteQueue writes;
    private final String sessionId;
    private final LineAssembler[] assemblers;
    /** Per stream: an escape sequence left unfinished where a long line was cut into pieces. */
    private final LineCleaner.Carry[] carries = {new LineCleaner.Carry(), new LineCleaner.Carry()};
    private final Extractor extractor;
    /** Null when redaction is off. */
    private final Redactor redactor;
    /** Null when redaction is off. */
    private final StoredForms storedForms;
    /** One scan of each line for both the redactor's hints and the extractor's keywords. */
    private final KeywordIndex.Scanner keywords;
    private final Runnable onFirstDrop;
    /**
     * Lines recorded but not yet appended: handed on together when the piece of output they came
     * from is done, before any other write (so the store sees everything in order), or when full.
     */
    private final List<OutputLine> pending = new ArrayList<>(MAX_PENDING);
    private long extractionFailures;
    private boolean givingWay;
    /**
     * Set by the thread that waits for the recorder when its drain at the end of a run ran out: from
     * then on the recorder records nothing more and only counts, as dropped, the lines still in its
     * tap and assemblers, so that what the session lost is known exactly.
     */
    private volatile boolean abandoned;
    /** Written by the recorder thread, read by the thread that waits for it to finish. */
    private volatile long lines;
    private volatile long droppedLines;
    /** Lines counted, not recorded, once abandoned (part of droppedLines). */
    private volatile long skippedLines;
    private final CountReports reports;

    LineRecorder(Tap tap, WriteQueue writes, RunOptions options, Runnable onFirstDrop) {
        this.tap = tap;
        this.writes = writes;
        this.sessionId = options.sessionId();
        this.onFirstDrop = onFirstDrop;
        KeywordIndex.Builder keywordIds = KeywordIndex.builder();
        Redactor redacting = options.redaction().enabled()
                ? new Redactor(System.getenv(), options.redaction().alsoSecret(), keywordIds) : null;
        // The scanner for readings other than the line's own exists only once the index is built,
        // after the extractor has added its keywords: the extractor's redaction finds it here.
        KeywordIndex.Scanner[] views = new KeywordIndex.Scanner[1];
        // Events are redacted again after their JSON is decoded: an escaped secret is whole only then.
        this.extractor = new Extractor(options.patterns(), SessionFacts.agent(options), options.sessionId(), this::append,
                keywordIds, redacting == null ? null : value -> redacting.redactDecoded(value, views[0]));
        this.redactor = redacting;
        KeywordIndex index = keywordIds.build();
        this.keywords = index.scanner();
        views[0] = index.scanner();
        this.storedForms = redacting == null ? null : new StoredForms(redacting, views[0]);
        int maxLineBytes = options.maxLineBytes();
        this.assemblers = new LineAssembler[] {new LineAssembler(maxLineBytes), new LineAssembler(maxLineBytes)};
        this.reports = new CountReports(sessionId, writes, redacting, this::droppedTotal);
    }

    @Override
    public void run() {
        int open = Stream.values().length;
        try {
            while (open > 0) {
                Tap.Chunk chunk = tap.take(IDLE.toMillis(), TimeUnit.MILLISECONDS);
                if (chunk == null) {
                    if (abandoned) {
                        break; // the tap is closed and empty
                    }
                    releaseWaiting();
                    reports.reportWhenDue(this::appendPending);
                    continue;
                }
                LineAssembler assembler = assemblers[chunk.stream().ordinal()];
                LineAssembler.Sink sink = (raw, length, terminated, split, printableAscii) ->
                        record(chunk.stream(), chunk.readAt(), raw, length, terminated, split, printableAscii);
                if (chunk.isEnd()) {
                    assembler.finish(sink);
                    open--;
                } else if (chunk.gap()) {
                    // Output was dropped here: end the line in progress rather than glue two
                    // unrelated pieces together.
                    assembler.finish(sink);
                } else {
                    assembler.feed(chunk.bytes(), sink);
                }
                appendPending();
                reports.reportWhenDue(this::appendPending);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (abandoned) {
                countTheRest();
            }
            appendPending();
            extract(null);
            extractor.overruns().forEach((pattern, n) -> LOG.warn("pattern '{}' ran past its {} ms budget on {} line(s)"
                    + " of session {}; it found nothing on those lines", pattern, Extractor.BUDGET_MILLIS, n, sessionId));
            Map<String, Long> redactions = reports.unreportedRedactions();
            if (!redactions.isEmpty()) {
                append(new RedactionCounts(sessionId, redactions));
            }
        }
    }

    /**
     * Gives up recording (the end of a run waited for it long enough): the tap takes no more copies,
     * and the recorder counts what it still holds as dropped instead of recording it, then ends. The
     * caller interrupts the recorder thread as well, to cut short a wait for room in the store.
     */
    void abandon() {
        abandoned = true;
        tap.close();
    }

    /**
     * Counts as dropped, without recording them, the lines still in the tap and the assemblers once
     * abandoned: cut exactly as they would have been recorded, at the cost of a scan of their bytes.
     */
    private void countTheRest() {
        boolean interrupted = Thread.interrupted();
        try {
            Tap.Chunk chunk;
            while ((chunk = tap.take(0, TimeUnit.MILLISECONDS)) != null) {
                LineAssembler.Sink sink = countingSink();
                LineAssembler assembler = assemblers[chunk.stream().ordinal()];
                if (chunk.bytes() == null) {
                    assembler.finish(sink);
                } else {
                    assembler.feed(chunk.bytes(), sink);
                }
            }
            for (LineAssembler assembler : assemblers) {
                assembler.finish(countingSink());
            }
        } catch (InterruptedException e) {
            interrupted = true; // take(0) on a closed tap does not wait: not expected
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private LineAssembler.Sink countingSink() {
        return (raw, length, terminated, split, printableAscii) -> skip();
    }

    /** Counts a line not recorded once abandoned (the recorder thread only); the run's end reports it. */
    private void skip() {
        skippedLines++;
        droppedLines++;
    }

    /** Adds to the lines dropped (the recorder thread only); the first drop tells the user. */
    private void countDropped(long count) {
        if (droppedLines == 0) {
            onFirstDrop.run();
        }
        droppedLines += count;
    }

    /** Stops the live reports of dropped lines; returns how many they added (the end adds the rest). */
    long finishDroppedReports() {
        return reports.finish();
    }

    /**
     * Every line lost so far: copies the tap could not take, lines the store's queue refused or the
     * recorder could not record before it was abandoned, and lines whose commit failed.
     */
    long droppedTotal() {
        return tap.droppedLines() + droppedLines + (writes == null ? 0 : writes.stats().failedLines());
    }

    long lines() {
        return lines;
    }

    /** Every line the child printed that reached the recorder's tap: recorded, dropped or counted. */
    long linesRead() {
        return lines + skippedLines + tap.droppedLines();
    }

    /** Per pattern, the lines on which it ran past its time budget; read once the recorder has ended. */
    Map<String, Long> extractionOverruns() {
        return extractor.overruns();
    }

    long extractionEvents() {
        return extractor.eventCount();
    }

    long codeBlocks() {
        return extractor.codeBlockCount();
    }

    private void record(Stream stream, Instant readAt, byte[] raw, int length, boolean terminated, boolean split,
                        boolean printableAscii) {
        if (abandoned) {
            skip();
            return;
        }
        LineText.Decoded decoded = LineText.decode(raw, length, terminated, split, printableAscii,
                carries[stream.ordinal()]);
        String text = decoded.text();
        byte[] rawBytes = decoded.raw();
        boolean ascii = decoded.ascii();
        if (ascii) {
            keywords.scanAscii(text, raw);
        } else {
            keywords.scan(text);
        }
        if (storedForms != null) {
            StoredForms.Stored stored = storedForms.redact(stream, text, rawBytes, keywords);
            rawBytes = stored.raw();
            if (stored.text() != text) {
                text = stored.text();
                ascii = false;
                keywords.scan(text);
            }
        }
        long number = lines + 1;
        lines = number;
        OutputLine line = new OutputLine(sessionId, number, stream, readAt, text, rawBytes, split, length, ascii);
        pending.add(line);
        if (pending.size() >= MAX_PENDING) {
            appendPending();
        }
        extract(line);
    }

    private void releaseWaiting() {
        try {
            extractor.releaseWaiting();
        } catch (RuntimeException e) {
            LOG.debug("releasing waiting events failed: {}", e.toString());
        }
    }

    /** Runs the extractor on a line, or ends it when line is null; its failures cost only the line. */
    private void extract(OutputLine line) {
        try {
            if (line == null) {
                extractor.finish();
            } else {
                extractor.accept(line, keywords);
            }
        } catch (RuntimeException | StackOverflowError e) {
            if (extractionFailures++ == 0) {
                LOG.warn("extraction failed on line {} of session {}; the line is recorded without events: {}",
                        line == null ? "end" : line.number(), sessionId, e.toString());
            }
        }
    }

    /** Appends a write after the lines still pending, so the store receives everything in order. */
    private void append(Write write) {
        appendPending();
        put(write);
    }

    private void appendPending() {
        if (pending.isEmpty()) {
            return;
        }
        put(pending.size() == 1 ? pending.get(0) : new OutputLines(pending));
        pending.clear();
    }

    /**
     * Appends to the store, waiting for room while the writer catches up: while the tap has room to
     * spare, as long as the writer makes progress (up to {@link #PATIENT_WAIT}), else up to
     * {@link #MAX_WAIT}.
     * When a wait runs out the recorder gives way: it appends without waiting (the store drops and
     * counts what does not fit) until the queue is down to half, so a stuck database holds the
     * recorder, and through the tap the child, for at most that long at a time.
     */
    private void put(Write write) {
        if (writes == null) {
            return;
        }
        boolean accepted;
        if (givingWay || abandoned) {
            accepted = writes.append(write);
            givingWay = !writes.isBelowHalf();
        } else {
            accepted = tap.isBelowHalf() ? writes.append(write, STALL, PATIENT_WAIT)
                    : writes.append(write, MAX_WAIT);
            givingWay = !accepted;
        }
        if (!accepted && write.lineCount() > 0) {
            countDropped(write.lineCount());
        }
    }
}
