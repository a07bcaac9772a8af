package dev.tapedeck.api.replay;

/** Where to start or seek to: a line number, or seconds from the session's start. */
public record ReplayTarget(Long line, Double offsetSeconds) {
    /** Seconds into the session ({@code 12.5} or {@code 12.5s}) or {@code line:N}. */
    public static ReplayTarget parse(String name, String text) {
        try {
            if (text.startsWith("line:")) {
                long line = Long.parseLong(text.substring(5));
                if (line < 1) {
                    throw new NumberFormatException();
                }
                return new ReplayTarget(line, null);
            }
            double seconds = Double.parseDouble(text.endsWith("s") ? text.substring(0, text.length() - 1) : text);
            if (!(seconds >= 0 && seconds < 1e9)) {
                throw new NumberFormatException();
            }
            return new ReplayTarget(null, seconds);
        } catch (NumberFormatException e) {
            String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
            throw new IllegalArgumentException(name + " must be seconds into the session (such as 12.5) or"
                    + " line:N with N >= 1, got '" + shown + "'");
        }
    }
}
