package dev.tapedeck.wrapper.extract;

import java.util.Map;

/**
 * The file and line of a stack frame line, read without a regex from its end: Java's
 * {@code at pkg.Cls.m(File.java:12)}, JavaScript's {@code at fn (/x.js:3:9)} or {@code at /x.js:3:9}.
 * Frames without a line ({@code (Native Method)}, {@code (<anonymous>)}) give nothing.
 */
final class FrameLocation {
    private FrameLocation() {
    }

    /** Puts file and line into metadata when the frame has them; true then. */
    static boolean of(String frame, Map<String, Object> metadata) {
        String text = frame.stripTrailing();
        String location;
        if (text.endsWith(")")) {
            int open = text.lastIndexOf('(');
            if (open < 0) {
                return false;
            }
            location = text.substring(open + 1, text.length() - 1);
        } else {
            location = text.substring(text.lastIndexOf(' ') + 1);
        }
        int colon = location.lastIndexOf(':');
        long last = number(location, colon + 1);
        if (colon <= 0 || last < 0) {
            return false;
        }
        int before = location.lastIndexOf(':', colon - 1);
        long line = before > 0 ? number(location, before + 1, colon) : -1;
        if (line >= 0) {
            metadata.put("file", location.substring(0, before));
            metadata.put("line", line);
        } else {
            metadata.put("file", location.substring(0, colon));
            metadata.put("line", last);
        }
        return true;
    }

    private static long number(String text, int from) {
        return number(text, from, text.length());
    }

    /** The digits in [from, to) as a number, or -1 when there are none or anything else. */
    private static long number(String text, int from, int to) {
        if (from >= to || to - from > 9) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
