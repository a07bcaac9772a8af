package dev.tapedeck.api.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;
import java.time.Instant;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The query and path parameters of one request, read with the checks every route shares: an
 * unknown or repeated parameter, an empty value, a number out of range or a time that is not one
 * of {@link TimeArgument}'s forms is a 400 that names the parameter, the bound and the value.
 */
public final class Params {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final int MAX_VALUE_LENGTH = 4096;

    private final Map<String, Deque<String>> query;
    private final Map<String, String> path;

    private Params(Map<String, Deque<String>> query, Map<String, String> path) {
        this.query = query;
        this.path = path;
    }

    /** The parameters of exchange; any query parameter not in allowed is refused. */
    public static Params of(HttpServerExchange exchange, Set<String> allowed) {
        PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        Map<String, String> path = match == null ? Map.of() : match.getParameters();
        Map<String, Deque<String>> query = exchange.getQueryParameters();
        for (Map.Entry<String, Deque<String>> entry : query.entrySet()) {
            String name = entry.getKey();
            boolean fromPath = path.containsKey(name);
            if (!fromPath && !allowed.contains(name)) {
                throw HttpError.badRequest("unknown parameter '" + clip(name) + "'; this route takes "
                        + (allowed.isEmpty() ? "no parameters" : String.join(", ", new TreeSet<>(allowed))));
            }
            if (entry.getValue().size() > (fromPath ? 2 : 1)) {
                throw HttpError.badRequest(name + " must be given once, got " + entry.getValue().size() + " values");
            }
        }
        return new Params(query, path);
    }

    /** A path parameter (always present when the route matched). */
    public String path(String name) {
        String value = path.get(name);
        if (value == null || value.isEmpty()) {
            throw HttpError.badRequest(name + " must not be empty");
        }
        return value;
    }

    /** A text parameter, or {@code null} when absent; present but empty is an error. */
    public String text(String name) {
        Deque<String> values = query.get(name);
        if (values == null || values.isEmpty() || path.containsKey(name)) {
            return null;
        }
        String value = values.getFirst();
        if (value.isEmpty()) {
            throw HttpError.badRequest(name + " must not be empty");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw HttpError.badRequest(name + " must be at most " + MAX_VALUE_LENGTH + " characters, got "
                    + value.length());
        }
        return value;
    }

    public String required(String name) {
        String value = text(name);
        if (value == null) {
            throw HttpError.badRequest(name + " is required");
        }
        return value;
    }

    public long number(String name, long fallback, long min, long max) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(name + " must be a whole number, got '" + clip(value) + "'");
        }
        if (number < min || number > max) {
            throw HttpError.badRequest(name + " must be in [" + min + ", " + max + "], got " + number);
        }
        return number;
    }

    public double decimal(String name, double fallback) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        try {
            double number = Double.parseDouble(value);
            if (Double.isNaN(number) || Double.isInfinite(number) || value.strip().matches(".*[a-zA-Z].*")) {
                throw new NumberFormatException(value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(name + " must be a number, got '" + clip(value) + "'");
        }
    }

    /** The page size: 1 to 1000, 100 when absent. */
    public int limit() {
        return (int) number("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    /**
     * A time in any of the forms {@link TimeArgument} reads (RFC 3339, a date, today, yesterday, a
     * span before now such as 2h), null when absent; anything else, or a time outside years 0000 to
     * 9999, is a 400 that names the parameter, the value and the forms.
     */
    public Instant time(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return TimeArgument.parse(value);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(name + ": " + e.getMessage());
        }
    }

    public boolean bool(String name, Boolean fallback) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        return switch (value) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw HttpError.badRequest(name + " must be true or false, got '" + clip(value) + "'");
        };
    }

    public Boolean optionalBool(String name) {
        return text(name) == null ? null : bool(name, null);
    }

    /**
     * A value parsed by parse, whose IllegalArgumentException (naming the choices) becomes a 400
     * that names the parameter.
     */
    public <T> T choice(String name, Function<String, T> parse) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw HttpError.badRequest(clip(message.startsWith(name + " ") ? message : name + ": " + message));
        }
    }

    /** Shortens a value echoed in an error, so a huge parameter does not make a huge answer. */
    public static String clip(String value) {
        return value.length() <= 200 ? value : value.substring(0, 200) + "...";
    }
}
