package dev.tapedeck.wrapper;

/**
 * What a terminal finally shows of one line: escape sequences (CSI, OSC, DCS/PM/APC/SOS, charset
 * designations, two-character escapes, C1 CSI) removed, other control characters dropped (tab
 * kept), backspace moving back over the line, and a carriage return starting the line over, so
 * {@code progress\r50%\r100%} reads {@code 100%}. A carriage return with nothing after it leaves the
 * line as it was. Lines without control characters, the vast majority, are returned as they are.
 *
 * <p>A sequence split across reads is not a concern here: lines are cut from raw bytes before they
 * are cleaned, so a line holds its sequences whole. A line longer than the recorder's limit is cut
 * into pieces, though, and a sequence can span the cut (a DCS or OSC payload of 100 KiB, say): a
 * {@link Carry} takes the unfinished sequence from one piece to the next, so that its payload never
 * reaches the clean text.
 */
final class LineCleaner {
    private static final char ESC = 0x1b;
    private static final char C1_CSI = 0x9b;
    /** The 8-bit string terminator, which ends a string sequence as ESC backslash does. */
    static final char C1_ST = 0x9c;
    /** Cancel and substitute: they abort a string sequence. */
    static final char CAN = 0x18;
    static final char SUB = 0x1a;

    private LineCleaner() {
    }

    /**
     * Where a piece of a long line ended inside an escape sequence, for the next piece of the same
     * stream. Owned by the thread that cleans that stream's lines.
     */
    static final class Carry {
        static final int NONE = 0;
        /** After ESC: the introducer is next. */
        static final int ESCAPE = 1;
        /** Inside CSI parameters. */
        static final int CSI = 2;
        /** Inside an OSC, DCS, PM, APC or SOS string. */
        static final int STRING = 3;
        /** Inside such a string, right after an ESC that may start its ST. */
        static final int STRING_ESCAPE = 4;
        /** After a charset designation's intermediate: one character is left. */
        static final int CHARSET = 5;

        private int state = NONE;

        boolean pending() {
            return state != NONE;
        }

        /** The line ended (or was cut off by a gap): nothing carries over. */
        void reset() {
            state = NONE;
        }
    }

    static String clean(String line) {
        return clean(line, null);
    }

    /**
     * The shown text of line; carry, when given, says how the previous piece of a cut line ended and
     * is set to how this one ends.
     */
    static String clean(String line, Carry carry) {
        boolean resuming = carry != null && carry.pending();
        if (!resuming && !needsCleaning(line)) {
            return line;
        }
        Shown shown = new Shown(line.length());
        int i = resuming ? resume(line, carry, shown) : 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ESC) {
                i = skipEscape(line, i + 1, carry, shown);
                continue;
            }
            if (c == C1_CSI) {
                i = skipCsi(line, i + 1, carry, shown);
                continue;
            }
            if (isC1StringStart(c)) {
                i = skipString(line, i + 1, carry);
                continue;
            }
            i++;
            if (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) || c == '\t') {
                shown.print(c);
            } else {
                shown.control(c);
            }
        }
        return shown.text.toString();
    }

    /** The line as shown so far, and where the cursor is on it. */
    private static final class Shown {
        final StringBuilder text;
        int cursor;
        boolean carriageReturn;

        Shown(int capacity) {
            text = new StringBuilder(capacity);
        }

        void print(char c) {
            if (carriageReturn) {
                text.setLength(0);
                cursor = 0;
                carriageReturn = false;
            }
            if (cursor < text.length()) {
                text.setCharAt(cursor, c);
            } else {
                text.append(c);
            }
            cursor++;
        }

        /** A control character: a carriage return or a backspace moves; the others show nothing. */
        void control(char c) {
            if (c == '\r') {
                carriageReturn = true;
            } else if (c == '\b') {
                cursor = Math.max(0, cursor - 1);
            }
        }
    }

    /** DCS, SOS, OSC, PM and APC as C1 controls (U+0090, U+0098, U+009D, U+009E, U+009F). */
    static boolean isC1StringStart(char c) {
        return c == 0x90 || c == 0x98 || c == 0x9d || c == 0x9e || c == 0x9f;
    }

    /** Skips what is left of the sequence the previous piece ended in; returns the index after it. */
    private static int resume(String line, Carry carry, Shown shown) {
        int state = carry.state;
        carry.state = Carry.NONE;
        return switch (state) {
            case Carry.ESCAPE -> skipEscape(line, 0, carry, shown);
            case Carry.CSI -> skipCsi(line, 0, carry, shown);
            case Carry.STRING -> skipString(line, 0, carry);
            case Carry.STRING_ESCAPE -> line.startsWith("\\") ? 1 : skipEscape(line, 0, carry, shown);
            case Carry.CHARSET -> Math.min(line.length(), 1);
            default -> 0;
        };
    }

    /** Notes that the line ended inside a sequence, when a carry is kept. */
    private static int unfinished(Carry carry, int state, int end) {
        if (carry != null) {
            carry.state = state;
        }
        return end;
    }

    private static boolean needsCleaning(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f || c >= 0x80 && c < 0xa0) {
                return true;
            }
        }
        return false;
    }

    /** Skips the escape sequence whose introducer (after ESC) is at i; returns the index after it. */
    private static int skipEscape(String line, int i, Carry carry, Shown shown) {
        if (i >= line.length()) {
            return unfinished(carry, Carry.ESCAPE, i);
        }
        char kind = line.charAt(i);
        switch (kind) {
            case '[':
                return skipCsi(line, i + 1, carry, shown);
            case ']':
            case 'P':
            case '^':
            case '_':
            case 'X':
                return skipString(line, i + 1, carry);
            case '(':
            case ')':
            case '*':
            case '+':
            case '-':
            case '.':
            case '/':
            case '#':
            case '%':
                return i + 2 <= line.length() ? i + 2 : unfinished(carry, Carry.CHARSET, line.length());
            default:
                return i + 1;
        }
    }

    /**
     * CSI: parameter and intermediate bytes (0x20-0x3f), then one final byte (0x40-0x7e). As
     * terminals do, a control character inside it is carried out without ending it (a backspace
     * there moves the cursor: {@code X ESC[ BS m} then text writes over the X), CAN and SUB abort it.
     */
    private static int skipCsi(String line, int i, Carry carry, Shown shown) {
        while (i < line.length()) {
            char c = line.charAt(i++);
            if (c >= 0x40 && c <= 0x7e) {
                return i;
            }
            if (c == CAN || c == SUB) {
                return i;
            }
            if (c < 0x20 && c != ESC) {
                shown.control(c);
                continue;
            }
            if (c < 0x20 || c > 0x3f) {
                // Not a valid CSI byte: the sequence was broken; resume at this character.
                return i - 1;
            }
        }
        return unfinished(carry, Carry.CSI, i);
    }

    /**
     * OSC, DCS and friends: up to BEL or ST (ESC backslash, or C1 ST), or the end of the line. As terminals
     * read them, CAN and SUB abort the string, and an ESC not followed by a backslash ends it and
     * starts an escape sequence of its own: what follows is shown (text after an aborted title was
     * shown on the terminal, yet left out of the clean text, and so out of redaction).
     */
    private static int skipString(String line, int i, Carry carry) {
        while (i < line.length()) {
            char c = line.charAt(i++);
            if (c == 0x07 || c == C1_ST || c == CAN || c == SUB) {
                return i;
            }
            if (c == ESC) {
                if (i == line.length()) {
                    return unfinished(carry, Carry.STRING_ESCAPE, i);
                }
                return line.charAt(i) == '\\' ? i + 1 : i - 1;
            }
        }
        return unfinished(carry, Carry.STRING, i);
    }
}
