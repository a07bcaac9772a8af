package dev.tapedeck.wrapper;

/**
 * Another reading of a stored string in which a secret can show that the string itself hides, with
 * each character's origin in the string, so that what is found in the reading can be cut out of the
 * string. Two readings exist:
 * <ul>
 *   <li>{@link #written}: everything a line's raw bytes write, shown or not. Escape sequences that
 *   only style (CSI) are dropped, so a secret cut by colours is whole again; the payloads of OSC, DCS,
 *   APC, PM and SOS strings (window titles, hyperlink targets) are kept as text between spaces; control
 *   characters (a carriage return, a backspace) become a space, so text a redraw wiped out is still
 *   there.</li>
 *   <li>{@link #unescaped}: a JSON text with its string escapes ({@code \u0026}, {@code \/}, ...)
 *   decoded, so an escaped secret reads as what a JSON parser makes of it.</li>
 * </ul>
 * from[i] and to[i] are where the view's character i starts and ends in the string it was read from.
 */
record TextView(String text, int[] from, int[] to) {
    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;
    private static final char C1_CSI = 0x9b;

    /** Whether a line's raw text holds anything the clean text leaves out: a control character. */
    static boolean hasControls(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f || c >= 0x80 && c < 0xa0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a line's raw bytes differ from its text only by CSI sequences (colours, styles) and
     * their line end, and are valid UTF-8: then they write exactly what the clean text shows, so they
     * hold no secret it does not. One pass over the bytes, nothing allocated: the common coloured
     * line costs no more.
     */
    static boolean stylesOnly(byte[] raw) {
        int end = raw.length;
        if (end > 0 && raw[end - 1] == '\n') {
            end--;
            if (end > 0 && raw[end - 1] == '\r') {
                end--;
            }
        }
        int i = 0;
        int continuations = 0;
        while (i < end) {
            int b = raw[i] & 0xff;
            if (continuations > 0 || b >= 0x80 && b != 0xc2) {
                continuations = utf8(b, continuations);
                if (continuations < 0) {
                    return false; // not UTF-8: a stray 0x9b is an 8-bit CSI to some terminals
                }
                i++;
            } else if (b == ESC && i + 1 < end && raw[i + 1] == '[') {
                i += 2;
                while (i < end && (raw[i] & 0xff) >= 0x20 && (raw[i] & 0xff) <= 0x3f) {
                    i++;
                }
                if (i >= end || (raw[i] & 0xff) < 0x40 || (raw[i] & 0xff) > 0x7e) {
                    return false; // cut short or broken: left to the full reading
                }
                i++;
            } else if (b < 0x20 && b != '\t' || b == 0x7f || b == 0xc2 && i + 1 < end && (raw[i + 1] & 0xff) < 0xa0) {
                return false; // another control character, or a C1 one (U+0080 to U+009F)
            } else {
                continuations = b == 0xc2 ? 1 : 0;
                i++;
            }
        }
        return continuations == 0;
    }

    /**
     * The continuation bytes of a UTF-8 character still expected after byte b, given how many were
     * expected before it; -1 when b breaks UTF-8.
     */
    private static int utf8(int b, int expected) {
        if (expected > 0) {
            return b >= 0x80 && b <= 0xbf ? expected - 1 : -1;
        }
        if (b >= 0xc2 && b <= 0xdf) {
            return 1;
        }
        if (b >= 0xe0 && b <= 0xef) {
            return 2;
        }
        return b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    }

    /** Whether bytes are valid UTF-8 (overlong forms and surrogates aside, which decode to U+FFFD too). */
    static boolean isUtf8(byte[] raw) {
        int continuations = 0;
        for (byte value : raw) {
            int b = value & 0xff;
            if (continuations > 0 || b >= 0x80) {
                continuations = utf8(b, continuations);
                if (continuations < 0) {
                    return false;
                }
            }
        }
        return continuations == 0;
    }

    /** Everything the raw text writes, shown or not (see the class comment). */
    static TextView written(String raw) {
        return written(raw, true);
    }

    /** The text of {@link #written(String)} alone, without the origins: the quick look first taken. */
    static String writtenText(String raw) {
        return written(raw, false).text;
    }

    private static TextView written(String raw, boolean origins) {
        Builder view = new Builder(raw.length(), origins);
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == ESC && i + 1 < raw.length() && raw.charAt(i + 1) == '[' || c == C1_CSI) {
                i = skipCsi(raw, c == C1_CSI ? i + 1 : i + 2);
            } else if (c == ESC && i + 1 < raw.length() && "]P^_X".indexOf(raw.charAt(i + 1)) >= 0
                    || LineCleaner.isC1StringStart(c)) {
                view.space(i);
                i = payload(raw, c == ESC ? i + 2 : i + 1, view);
                view.space(i - 1);
            } else if (c == ESC) {
                // As the cleaner reads them: a charset designation takes one more character.
                view.space(i);
                boolean designation = i + 1 < raw.length() && "()*+-./#%".indexOf(raw.charAt(i + 1)) >= 0;
                i = Math.min(raw.length(), i + (designation ? 3 : 2));
            } else if (c < 0x20 && c != '\t' || c == 0x7f || c >= 0x80 && c < 0xa0) {
                view.space(i);
                i++;
            } else {
                view.add(c, i, i + 1);
                i++;
            }
        }
        return view.build();
    }

    /** CSI: parameter and intermediate bytes, then one final byte; returns the index after it. */
    private static int skipCsi(String raw, int i) {
        while (i < raw.length()) {
            char c = raw.charAt(i++);
            if (c >= 0x40 && c <= 0x7e) {
                return i;
            }
            if (c < 0x20 || c > 0x3f) {
                return i - 1;
            }
        }
        return i;
    }

    /**
     * Adds a string sequence's payload up to BEL or ST (ESC backslash or C1), or CAN or SUB (which abort it); returns the
     * index after the terminator. Another ESC ends it too, and is left to start a sequence of its own,
     * as the cleaner and terminals read it.
     */
    private static int payload(String raw, int i, Builder view) {
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == BEL || c == LineCleaner.C1_ST || c == LineCleaner.CAN || c == LineCleaner.SUB) {
                return i + 1;
            }
            if (c == ESC) {
                return i + 1 < raw.length() && raw.charAt(i + 1) == '\\' ? i + 2 : i;
            }
            if (c < 0x20 && c != '\t') {
                view.space(i);
            } else {
                view.add(c, i, i + 1);
            }
            i++;
        }
        return i;
    }

    /** Whether the text holds a JSON escape that can hide part of a secret. */
    static boolean hasJsonEscape(String text, boolean anyEscape) {
        for (int at = text.indexOf('\\'); at >= 0 && at + 1 < text.length(); at = text.indexOf('\\', at + 2)) {
            char next = text.charAt(at + 1);
            if (anyEscape || next == 'u' || next == '/') {
                return true;
            }
        }
        return false;
    }

    /** The text read as it is, each character its own origin. */
    static TextView plain(String text) {
        int[] from = new int[text.length()];
        int[] to = new int[text.length()];
        for (int i = 0; i < from.length; i++) {
            from[i] = i;
            to[i] = i + 1;
        }
        return new TextView(text, from, to);
    }

    /** The text with JSON string escapes decoded; an escape that is not valid JSON is kept as it is. */
    static TextView unescaped(String text) {
        return unescaped(text, true);
    }

    /** The text of {@link #unescaped(String)} alone, without the origins: the quick look first taken. */
    static String unescapedText(String text) {
        return unescaped(text, false).text;
    }

    private static TextView unescaped(String text, boolean origins) {
        Builder view = new Builder(text.length(), origins);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                view.add(c, i, ++i);
                continue;
            }
            char e = text.charAt(i + 1);
            int decoded = switch (e) {
                case '"', '\\', '/', '\'' -> e; // \' is not JSON, but lenient parsers read it
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'u' -> hex4(text, i + 2);
                default -> -1;
            };
            if (decoded < 0) {
                view.add(c, i, ++i);
                continue;
            }
            int end = e == 'u' ? i + 6 : i + 2;
            view.add((char) decoded, i, end);
            i = end;
        }
        return view.build();
    }

    private static int hex4(String text, int at) {
        if (at + 4 > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = at; i < at + 4; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    /** This view read again through inner (a view of this view's text): origins in this view's string. */
    TextView then(TextView inner) {
        int[] outerFrom = new int[inner.text.length()];
        int[] outerTo = new int[inner.text.length()];
        for (int i = 0; i < outerFrom.length; i++) {
            outerFrom[i] = from[inner.from[i]];
            outerTo[i] = to[inner.to[i] - 1];
        }
        return new TextView(inner.text, outerFrom, outerTo);
    }

    private static final class Builder {
        private final StringBuilder text;
        private int[] from;
        private int[] to;

        Builder(int capacity, boolean origins) {
            text = new StringBuilder(capacity);
            from = origins ? new int[Math.max(capacity, 1)] : null;
            to = origins ? new int[Math.max(capacity, 1)] : null;
        }

        void add(char c, int start, int end) {
            if (from == null) {
                text.append(c);
                return;
            }
            if (text.length() == from.length) {
                from = java.util.Arrays.copyOf(from, from.length * 2);
                to = java.util.Arrays.copyOf(to, to.length * 2);
            }
            from[text.length()] = start;
            to[text.length()] = end;
            text.append(c);
        }

        /** A separator standing for the character at i; runs of them are one space. */
        void space(int i) {
            if (text.length() > 0 && text.charAt(text.length() - 1) != ' ') {
                add(' ', i, i + 1);
            }
        }

        TextView build() {
            if (from == null) {
                return new TextView(text.toString(), null, null);
            }
            return new TextView(text.toString(), java.util.Arrays.copyOf(from, text.length()),
                    java.util.Arrays.copyOf(to, text.length()));
        }
    }
}
