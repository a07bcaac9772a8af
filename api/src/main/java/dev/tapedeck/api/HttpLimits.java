package dev.tapedeck.api;

/**
 * What one client may hold of the daemon: SSE streams open at once (live streams and replays
 * together, each a thread), and how long a connection may take to send a request's header (from
 * its first byte) or stay open without starting a request. Both timeouts are Undertow's own
 * ({@code REQUEST_PARSE_TIMEOUT}, {@code NO_REQUEST_TIMEOUT}): a slowloris that trickles a header
 * is cut off when the header time is up, however slowly it keeps sending.
 *
 * @param maxStreams          SSE streams open at once; one more gets a 503
 * @param headerTimeoutMillis time to receive a whole request header
 * @param idleTimeoutMillis   time a connection may stay open between requests
 */
public record HttpLimits(int maxStreams, int headerTimeoutMillis, int idleTimeoutMillis) {
    public static final int DEFAULT_MAX_STREAMS = 200;
    public static final int DEFAULT_HEADER_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
    public static final HttpLimits DEFAULT = new HttpLimits(DEFAULT_MAX_STREAMS,
            DEFAULT_HEADER_TIMEOUT_SECONDS * 1000, DEFAULT_IDLE_TIMEOUT_SECONDS * 1000);

    public HttpLimits {
        if (maxStreams < 1 || maxStreams > 100_000) {
            throw new IllegalArgumentException("--max-streams must be in [1, 100000], got " + maxStreams);
        }
        if (headerTimeoutMillis < 1 || headerTimeoutMillis > 3_600_000) {
            throw new IllegalArgumentException("--header-timeout must be in (0, 3600] seconds, got "
                    + headerTimeoutMillis / 1000.0);
        }
        if (idleTimeoutMillis < 1 || idleTimeoutMillis > 86_400_000) {
            throw new IllegalArgumentException("--idle-timeout must be in (0, 86400] seconds, got "
                    + idleTimeoutMillis / 1000.0);
        }
    }

    /** Limits from the command line's seconds. */
    public static HttpLimits of(int maxStreams, double headerTimeoutSeconds, double idleTimeoutSeconds) {
        return new HttpLimits(maxStreams, millis(headerTimeoutSeconds), millis(idleTimeoutSeconds));
    }

    private static int millis(double seconds) {
        if (!(seconds > 0) || seconds > 86_400) {
            return seconds > 0 ? Integer.MAX_VALUE : 0;
        }
        return (int) Math.max(1, Math.round(seconds * 1000));
    }
}
