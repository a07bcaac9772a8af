package dev.tapedeck.wrapper;

/**
 * What a terminal finally shows of one line: escape sequences (CSI, OSC, DCS/PM/APC/SOS, charset
 * designations, two-character escapes, C1 CSI) removed, other control characters dropped (tab
 * kept), backspace moving back over the line, and a carriage return starting the line over, so
 * {@code progress\r50%\r100%} reads {@code 100%}. A carriage return with nothing after it leaves the
 * line as it was. Lines without control characters, the vast majority, are returned as they are.
 *
 * <p>A sequence split across reads is not a concern here: lines are cut from raw bytes before they
 * are cleaned, so a line holds its sequences whole.
 */
final class LineCleaner {
    private static final char ESC = 0x1b;
    private static final char C1_CSI = 0x9b;

    private LineCleaner() {
    }

    static String clean(String line) {
        if (!needsCleaning(line)) {
            return line;
        }
        StringBuilder shown = new StringBuilder(line.length());
        int cursor = 0;
        boolean carriageReturn = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ESC) {
                i = skipEscape(line, i + 1);
                continue;
            }
            if (c == C1_CSI) {
                i = skipCsi(line, i + 1);
                continue;
            }
            i++;
            if (c == '\r') {
                carriageReturn = true;
            } else if (c == '\b') {
                cursor = Math.max(0, cursor - 1);
            } else if (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) || c == '\t') {
                if (carriageReturn) {
                    shown.setLength(0);
                    cursor = 0;
                    carriageReturn = false;
                }
                if (cursor < shown.length()) {
                    shown.setCharAt(cursor, c);
                } else {
                    shown.append(c);
                }
                cursor++;
            }
        }
        return shown.toString();
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
    private static int skipEscape(String line, int i) {
        if (i >= line.length()) {
            return i;
        }
        char kind = line.charAt(i);
        switch (kind) {
            case '[':
                return skipCsi(line, i + 1);
            case ']':
            case 'P':
            case '^':
            case '_':
            case 'X':
                return skipString(line, i + 1);
            case '(':
            case ')':
            case '*':
            case '+':
            case '-':
            case '.':
            case '/':
            case '#':
            case '%':
                return Math.min(line.length(), i + 2);
            default:
                return i + 1;
        }
    }

    /** CSI: parameter and intermediate bytes (0x20-0x3f), then one final byte (0x40-0x7e). */
    private static int skipCsi(String line, int i) {
        while (i < line.length()) {
            char c = line.charAt(i++);
            if (c >= 0x40 && c <= 0x7e) {
                return i;
            }
            if (c < 0x20 || c > 0x3f) {
                // Not a valid CSI byte: the sequence was broken; resume at this character.
                return i - 1;
            }
        }
        return i;
    }

    /** OSC, DCS and friends: up to BEL or ST (ESC backslash), or the end of the line. */
    private static int skipString(String line, int i) {
        while (i < line.length()) {
            char c = line.charAt(i++);
            if (c == 0x07) {
                return i;
            }
            if (c == ESC && i < line.length() && line.charAt(i) == '\\') {
                return i + 1;
            }
        }
        return i;
    }
}
