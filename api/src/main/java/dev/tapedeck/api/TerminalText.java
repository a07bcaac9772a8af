package dev.tapedeck.api;

/**
 * Recorded text made safe to print to a terminal. Clean text is already cleaned by the recorder
 * (escape sequences removed, control characters dropped), but a database is input like any other:
 * rows written by an older version, by another program or by hand with {@code sqlite3} may hold
 * anything. A terminal acts on C0 controls (ESC starts CSI and OSC sequences that recolour, move the
 * cursor, set the window title or the clipboard; BEL, BS, CR and others move or ring), on DEL and
 * on C1 controls (U+0080 to U+009F, among them the 8-bit CSI, OSC, DCS and ST), so all of them are
 * dropped, as the recorder's cleaner drops them; a tab is kept. What is left of a sequence whose ESC
 * is gone ({@code [31m}) prints as the text it is and drives nothing.
 */
final class TerminalText {
    private TerminalText() {
    }

    /** text without the characters a terminal acts on; text itself when it has none. */
    static String strip(String text) {
        int i = 0;
        while (i < text.length() && !isControl(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder safe = new StringBuilder(text.length());
        safe.append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                safe.append(c);
            }
        }
        return safe.toString();
    }

    /** C0 but tab, DEL, and C1 (never part of a surrogate pair, so a char test is enough). */
    static boolean isControl(char c) {
        return c < 0x20 && c != '\t' || c >= 0x7f && c < 0xa0;
    }
}
