package dev.tapedeck.wrapper;

import com.google.gson.JsonObject;
import dev.tapedeck.store.StateChange;
import dev.tapedeck.store.Write;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What the user typed on the command's terminal ({@code tapedeck run --record-input}), recorded as
 * {@code input} state changes ({@code {"text": "..."}}) at the time of the first key. Keys are
 * gathered into lines before they are redacted and recorded: a secret typed a key at a time is
 * whole only in its line. A line ends at CR or LF, at {@link #MAX_BYTES}, when input comes
 * {@link #MAX_WAIT} or more after the line's first key, and at the end of the run. What is typed
 * while the terminal's echo is off never gets here (see {@link TerminalLink}). Keys come on the
 * thread copying stdin, the end on the run's thread: both are synchronized.
 */
final class TypedInput {
    static final int MAX_BYTES = 1024;
    static final Duration MAX_WAIT = Duration.ofSeconds(1);

    private final String sessionId;
    private final Redactor redactor;
    private final Consumer<Write> sink;
    private final Clock clock;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private Instant firstAt;

    TypedInput(RunOptions options, Consumer<Write> sink) {
        this(options, sink, Clock.systemUTC());
    }

    TypedInput(RunOptions options, Consumer<Write> sink, Clock clock) {
        this.sessionId = options.sessionId();
        this.redactor = SessionFacts.redactorFor(options);
        this.sink = sink;
        this.clock = clock;
    }

    synchronized void take(byte[] keys) {
        Instant now = clock.instant();
        if (firstAt != null && Duration.between(firstAt, now).compareTo(MAX_WAIT) >= 0) {
            record();
        }
        for (byte key : keys) {
            if (firstAt == null) {
                firstAt = now;
            }
            line.write(key);
            if (key == '\r' || key == '\n' || line.size() >= MAX_BYTES) {
                record();
            }
        }
    }

    /** Records what is still gathered; called when the run ends, after input stopped. */
    synchronized void finish() {
        record();
    }

    private void record() {
        if (line.size() == 0) {
            return;
        }
        JsonObject metadata = new JsonObject();
        metadata.addProperty("text", SessionFacts.recorded(redactor, line.toString(StandardCharsets.UTF_8)));
        sink.accept(new StateChange(0, sessionId, firstAt, "input", null, metadata.toString()));
        line.reset();
        firstAt = null;
    }
}
