package dev.tapedeck.wrapper.extract;

/**
 * How a sanitizer report's lines read: its end, its summary, a frame, a shadow-memory line. The
 * body of a line has its indentation stripped ({@link LinePrefix}), so these look at the text.
 */
final class SanitizerLines {
    private SanitizerLines() {
    }

    /** {@code ==12345==ABORTING}, or a rule of {@code =} (which closes TSan's and Go's reports). */
    static boolean isEnd(String body) {
        if (body.length() >= 10 && body.chars().allMatch(c -> c == '=')) {
            return true;
        }
        int close = body.startsWith("==") ? body.indexOf("==", 2) : -1;
        return close > 2 && SanitizerReport.digits(body, 2, close) && body.startsWith("ABORTING", close + 2);
    }

    /** ASan's shadow bytes and their legend, printed after its summary. */
    static boolean isShadow(String body) {
        if (body.startsWith("Shadow byte") || body.startsWith("=>0x") || body.startsWith("0x") || body.startsWith("==")) {
            return true;
        }
        int colon = body.indexOf(':');
        if (colon < 1 || colon > 40) {
            return false;
        }
        String value = body.substring(colon + 1).strip();
        return value.length() >= 2 && isHexBytes(value);
    }

    /** {@code 00 00 fa} or {@code 01 02 03 04 05 06 07}: hexadecimal bytes apart. */
    static boolean isHexBytes(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c == ' ' || c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code path:line} of a frame ({@code #1 0x55 in main /src/heap.c:3:10} or Go's
     * {@code /src/main.go:8 +0x39}) outside the sanitizer runtime and libc, or null.
     */
    static String userFrame(String body) {
        String place;
        if (body.startsWith("#")) {
            int in = body.indexOf(" in ");
            int space = in < 0 ? -1 : body.indexOf(' ', in + 4);
            place = space < 0 ? null : body.substring(space + 1).strip();
        } else if (body.startsWith("/") && body.contains(" +0x")) {
            place = body.substring(0, body.indexOf(" +0x"));
        } else {
            return null;
        }
        if (place == null || place.startsWith("(") || place.contains("sanitizer") || place.contains("sysdeps")
                || place.contains("csu/") || place.contains("/libc") || place.contains("/go-1.")
                || place.contains("/src/runtime/")
                || place.contains("/src/testing/")) {
            return null;
        }
        return place.indexOf(':') > 0 ? place : null;
    }
}
