package dev.tapedeck.api.export;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.OutputLine;
import java.util.List;

/**
 * What redraws a terminal as a window of a session's output starts: the raw bytes recorded just
 * before it, fed to a fresh terminal.
 *
 * <p>Line-oriented output (agents, compilers, tests) shows as its last lines, so the {@code rows}
 * lines before the window are enough. A full-screen program (an editor, {@code top}, a TUI) draws
 * with cursor moves and partial updates over a screen it cleared once, usually as it started: so
 * when one of the {@link #LOOK_BACK} lines before the window clears the screen or enters the
 * alternate screen, the snapshot is everything from that sequence on (at most {@link #MAX_CHARS}),
 * which redraws such a screen exactly. A program that cleared its screen longer ago than that, or
 * one that left the alternate screen since (the main screen comes back as it was before, which this
 * does not keep), gets the last lines: partial until the program's next full redraw.
 */
final class CastSnapshot {
    /** Lines searched back for a clear; about 7 to 20 ms of reading more per window. */
    static final int LOOK_BACK = 2_000;
    static final int MAX_CHARS = 1 << 20;
    /** ED 2 (erase the screen), RIS (reset), and the alternate screen's three ways in. */
    private static final List<String> CLEARS = List.of("\033[2J", "\033c", "\033[?1049h", "\033[?1047h", "\033[?47h");
    /** The alternate screen's ways out. */
    private static final List<String> LEAVES = List.of("\033[?1049l", "\033[?1047l", "\033[?47l");

    private CastSnapshot() {
    }

    static String before(Database db, String sessionId, long from, int rows) {
        if (from <= 1) {
            return "";
        }
        List<OutputLine> lines = db.output().listLines(sessionId, Math.max(1, from - LOOK_BACK), LOOK_BACK, null)
                .stream().filter(l -> l.number() < from).toList();
        String[] texts = new String[lines.size()];
        int chars = 0;
        int start = Math.max(0, lines.size() - rows);
        String head = null;
        for (int i = lines.size() - 1; i >= 0 && chars <= MAX_CHARS; i--) {
            OutputLine line = lines.get(i);
            chars += line.byteLength();
            if (!hasEscape(line)) {
                // Most lines: no sequence to look for, and no text to build unless it is kept.
                continue;
            }
            texts[i] = Asciicast.terminalText(line);
            int clear = last(texts[i], CLEARS);
            int leave = last(texts[i], LEAVES);
            if (leave > clear) {
                break;
            }
            if (clear >= 0) {
                start = i;
                head = texts[i].substring(first(texts[i], CLEARS));
                break;
            }
        }
        StringBuilder init = new StringBuilder(head == null ? "" : head);
        for (int i = head == null ? start : start + 1; i < lines.size(); i++) {
            init.append(texts[i] != null ? texts[i] : Asciicast.terminalText(lines.get(i)));
        }
        return init.toString();
    }

    /** Whether the line's raw bytes hold an ESC (a line without raw bytes was printed as its clean text). */
    private static boolean hasEscape(OutputLine line) {
        byte[] raw = line.raw();
        if (raw == null) {
            return false;
        }
        for (byte b : raw) {
            if (b == 0x1b) {
                return true;
            }
        }
        return false;
    }

    /** Where the first of the sequences starts in text (one of them is in it). */
    private static int first(String text, List<String> sequences) {
        int at = text.length();
        for (String s : sequences) {
            int i = text.indexOf(s);
            if (i >= 0) {
                at = Math.min(at, i);
            }
        }
        return at;
    }

    /** Where the last of the sequences starts in text, or -1. */
    private static int last(String text, List<String> sequences) {
        if (text.indexOf('\033') < 0) {
            return -1;
        }
        int at = -1;
        for (String s : sequences) {
            at = Math.max(at, text.lastIndexOf(s));
        }
        return at;
    }
}
