package dev.tapedeck.wrapper;

import dev.tapedeck.store.Stream;
import dev.tapedeck.wrapper.extract.KeywordIndex;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redacts a line in every form it is stored in: its clean text, and its raw bytes, which replay and
 * the exports play back and which may hold what the clean text does not show (text a carriage return
 * and {@code ESC[2K} or backspaces wiped out, a window title, a hyperlink's target, a secret cut by
 * colour codes). Both are also read with their JSON escapes decoded.
 *
 * <p>The raw bytes are redacted where they are: each secret that the reading of everything they
 * write shows is replaced, from its first byte to its last, by its marker, so colours and redraws
 * around it stay. The result is kept if no reading of it shows a secret any more and it still renders
 * to the stored clean text; when it renders otherwise (a secret partly overwritten by backspaces, whose
 * visible part the clean text still holds), the line's text becomes what the redacted bytes render.
 * In every other case the line is stored without raw bytes (replay shows its clean text). The clean text's redactions are the ones counted; a secret only the raw bytes hold
 * is counted too.
 *
 * <p>Ordinary lines cost nothing more: a line whose raw bytes are its text has none stored; a
 * coloured line whose bytes add only CSI sequences writes exactly its clean text and costs one
 * pass over its bytes; other lines (redraws, titles) get a quick scan of what they write and the
 * full reading only when it holds a hint of a secret. The JSON reading is made only for text with a
 * {@code \}{@code u} or {@code \/} escape (or any escape when a secret value holds a character JSON
 * always escapes). Owned by the recorder thread.
 */
final class StoredForms {
    private static final Logger LOG = LoggerFactory.getLogger(StoredForms.class);
    private static final String PRIVATE_KEY = "[REDACTED:private-key]";
    private final Redactor redactor;
    /** A scanner of the redactor's index for the readings, so the line's own scan stays valid. */
    private final KeywordIndex.Scanner views;
    private long faults;

    record Stored(String text, byte[] raw) {
    }

    StoredForms(Redactor redactor, KeywordIndex.Scanner views) {
        this.redactor = redactor;
        this.views = views;
    }

    /**
     * The line's text and raw bytes as they may be stored; the same instances when nothing is secret.
     * scanned has just read text with the redactor's index.
     */
    Stored redact(Stream stream, String text, byte[] raw, KeywordIndex.Scanner scanned) {
        String clean = redactor.redact(stream, text, scanned);
        try {
            return redactOtherForms(text, clean, raw);
        } catch (RuntimeException e) {
            // A fault of ours must not stop the recording, nor store what could not be read.
            if (faults++ == 0) {
                LOG.warn("redaction of a line's other forms failed; such lines are stored as their redacted"
                        + " clean text without raw bytes: {}", e.toString());
            }
            return new Stored(clean, null);
        }
    }

    private Stored redactOtherForms(String text, String cleanRedacted, byte[] raw) {
        String clean = cleanRedacted;
        if (redactor.mayHideInEscapes(text) && redactor.hasHints(TextView.unescapedText(text), views)) {
            // Counted as what the escapes show beyond the plain pass (which counted its own).
            String counted = redactor.redactThrough(clean, TextView.unescaped(clean), views, true);
            // Stored as both readings of the original cut at once: the plain pass may have cut a secret
            // only up to an escape in it (a bearer token up to its "\/"), leaving its rest behind.
            clean = clean.contains(PRIVATE_KEY) ? counted
                    : redactor.redactThrough(text, List.of(TextView.plain(text), TextView.unescaped(text)), views, false);
        }
        if (raw == null) {
            return new Stored(clean, null);
        }
        if (clean == text && TextView.stylesOnly(raw)) {
            return new Stored(text, raw); // the common coloured line: one pass over its bytes
        }
        boolean countRaw = clean == text;
        if (!TextView.isUtf8(raw)) {
            // A terminal that reads the bytes as 8-bit shows C1 controls (0x9b for CSI) where UTF-8
            // reads U+FFFD: a secret cut by them is whole to it. Such bytes are not kept.
            String eightBit = new String(raw, StandardCharsets.ISO_8859_1);
            if (redactor.redactThrough(eightBit, TextView.written(eightBit), views, countRaw) != eightBit) {
                return new Stored(clean, null);
            }
        }
        String original = new String(raw, StandardCharsets.UTF_8);
        if (countRaw && !redactor.mayHideInEscapes(original)
                && !redactor.hasHints(TextView.writtenText(original), views)) {
            return new Stored(text, raw); // a redraw or a title: one quick look
        }
        TextView written = TextView.written(original);
        // Both readings at once, as for the clean text.
        String redacted = redactor.redactThrough(original, redactor.mayHideInEscapes(original)
                ? List.of(written, written.then(TextView.unescaped(written.text()))) : List.of(written), views, countRaw);
        if (redacted == original && clean == text) {
            return new Stored(text, raw);
        }
        if (!holdsSecret(redacted)) {
            String rendered = rendering(redacted);
            if (rendered.equals(clean)) {
                return new Stored(clean, redacted.getBytes(StandardCharsets.UTF_8));
            }
            // The secret was partly shown (a backspace wrote over part of it): what was cut out of the
            // raw bytes is longer than the secret, so they no longer render the clean text, which still
            // holds the part shown. The line is stored as the redacted bytes render, unless a private
            // key block's lines (replaced whole in the clean text) are concerned.
            if (redacted != original && !clean.contains(PRIVATE_KEY) && !holdsSecret(rendered)) {
                return new Stored(rendered, redacted.getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Stored(clean, null);
    }

    /** What a terminal shows of raw line text: its line end removed, then cleaned. */
    private static String rendering(String raw) {
        String line = raw.endsWith("\n") ? raw.substring(0, raw.length() - 1) : raw;
        line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return LineCleaner.clean(line);
    }

    /** Whether any reading of raw text (everything written, and that with JSON escapes read) shows a secret. */
    private boolean holdsSecret(String raw) {
        TextView written = TextView.written(raw);
        return redactor.holdsSecret(written, views)
                || redactor.holdsSecret(written.then(TextView.unescaped(written.text())), views);
    }
}
