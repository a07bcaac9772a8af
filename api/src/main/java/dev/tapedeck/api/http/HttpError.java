package dev.tapedeck.api.http;

/**
 * What a handler throws to answer with an error: the status, a short error text and a detail that
 * names the parameter or the thing not found. One outer handler turns it into the JSON body.
 */
public final class HttpError extends RuntimeException {
    private final int status;
    private final String error;

    public HttpError(int status, String error, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
    }

    public static HttpError badRequest(String detail) {
        return new HttpError(400, "bad request", detail);
    }

    public static HttpError notFound(String detail) {
        return new HttpError(404, "not found", detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The body sent: {@code {"status", "error", "detail"}}. */
    public record Body(int status, String error, String detail) {
    }

    public Body body() {
        return new Body(status, error, getMessage());
    }
}
