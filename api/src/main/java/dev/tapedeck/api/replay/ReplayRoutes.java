package dev.tapedeck.api.replay;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tapedeck.api.http.HttpError;
import dev.tapedeck.api.http.JsonRoute;
import dev.tapedeck.api.http.Params;
import dev.tapedeck.api.http.Routes;
import dev.tapedeck.api.sse.SessionItems;
import dev.tapedeck.api.sse.SseChannel;
import dev.tapedeck.api.sse.StreamItem;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * The replay routes: {@code GET /api/replay/session/{id}} starts a replay on a thread of its own and
 * streams it; {@code POST /api/replay/{replay_id}/pause|resume|seek|speed|stop} control a running
 * one. A replay is known by its id while it runs and forgotten when it ends.
 */
public final class ReplayRoutes implements AutoCloseable {
    public static final double MAX_SPEED = 100;
    private static final int MAX_BODY = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final Map<String, Replay> running = new ConcurrentHashMap<>();
    private final AtomicLong threads = new AtomicLong();

    public ReplayRoutes(Database db) {
        this.db = db;
    }

    public void register(Routes routes) {
        routes.get("/api/replay/session/{id}", this::start);
        routes.post("/api/replay/{replay_id}/pause", control((r, body) -> r.pause()));
        routes.post("/api/replay/{replay_id}/resume", control((r, body) -> r.resume()));
        routes.post("/api/replay/{replay_id}/stop", control((r, body) -> r.stop()));
        routes.post("/api/replay/{replay_id}/seek", control((r, body) -> r.seek(seekTarget(body))));
        routes.post("/api/replay/{replay_id}/speed", control((r, body) -> r.speed(speed(body))));
    }

    /** Replays running now. */
    public int running() {
        return running.size();
    }

    private void start(HttpServerExchange exchange) {
        exchange.dispatch(runnable -> {
            Thread thread = new Thread(runnable, "replay-" + threads.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }, () -> {
            Replay replay;
            try {
                replay = open(exchange);
            } catch (RuntimeException | IOException e) {
                JsonRoute.sendFailure(exchange, e);
                return;
            }
            replay.run();
        });
    }

    private Replay open(HttpServerExchange exchange) throws IOException {
        Params p = Params.of(exchange, Set.of("speed", "max_gap", "from", "include"));
        String id = p.path("id");
        Session session = db.sessions().find(id)
                .orElseThrow(() -> HttpError.notFound("no session '" + Params.clip(id) + "'"));
        double speed = checkSpeed("speed", p.decimal("speed", 1));
        Double maxGap = null;
        if (p.text("max_gap") != null) {
            maxGap = p.decimal("max_gap", 0);
            if (!(maxGap > 0 && maxGap <= 86_400)) {
                throw HttpError.badRequest("max_gap must be in (0, 86400] seconds, got " + maxGap);
            }
        }
        Replay.Target from = from(p.text("from"));
        Set<StreamItem.Kind> include = StreamItem.Kind.orAll(p.choice("include", StreamItem.Kind::parseList));
        String replayId = "r-" + HexFormat.of().formatHex(randomBytes());
        SseChannel channel = SseChannel.open(exchange);
        Replay replay = new Replay(replayId, db, session.sessionId(), session.startedAt(), channel,
                new SessionItems(db, session, include, null), speed, maxGap, from, () -> running.remove(replayId));
        running.put(replayId, replay);
        return replay;
    }

    private JsonRoute control(BiFunction<Replay, JsonObject, Replay.Status> action) {
        return JsonRoute.of(exchange -> {
            Params p = Params.of(exchange, Set.of());
            String id = p.path("replay_id");
            Replay replay = running.get(id);
            if (replay == null) {
                throw HttpError.notFound("no running replay '" + Params.clip(id) + "'");
            }
            return action.apply(replay, body(exchange));
        });
    }

    static double checkSpeed(String name, double speed) {
        if (!(speed > 0 && speed <= MAX_SPEED)) {
            throw HttpError.badRequest(name + " must be in (0, 100], got " + speed);
        }
        return speed;
    }

    /** {@code from}: seconds into the session ({@code 12.5} or {@code 12.5s}) or {@code line:N}. */
    static Replay.Target from(String text) {
        if (text == null) {
            return null;
        }
        try {
            if (text.startsWith("line:")) {
                long line = Long.parseLong(text.substring(5));
                if (line < 1) {
                    throw new NumberFormatException();
                }
                return new Replay.Target(line, null);
            }
            double seconds = Double.parseDouble(text.endsWith("s") ? text.substring(0, text.length() - 1) : text);
            if (!(seconds >= 0 && seconds < 1e9)) {
                throw new NumberFormatException();
            }
            return new Replay.Target(null, seconds);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("from must be seconds into the session (such as 12.5) or line:N with N >= 1,"
                    + " got '" + Params.clip(text) + "'");
        }
    }

    private static JsonObject body(HttpServerExchange exchange) throws IOException {
        exchange.startBlocking();
        byte[] bytes;
        try (InputStream in = exchange.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new HttpError(413, "payload too large", "the body must be at most " + MAX_BODY + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return new JsonObject();
        }
        try {
            JsonElement json = JsonParser.parseString(text);
            if (!json.isJsonObject()) {
                throw new IllegalStateException();
            }
            return json.getAsJsonObject();
        } catch (RuntimeException e) {
            throw HttpError.badRequest("the body must be a JSON object, got '" + Params.clip(text) + "'");
        }
    }

    private static Replay.Target seekTarget(JsonObject body) {
        boolean line = body.has("line");
        boolean offset = body.has("offset_s");
        if (line == offset || body.size() != 1) {
            throw HttpError.badRequest("the body must be {\"line\": N} or {\"offset_s\": T}, got " + Params.clip(
                    body.toString()));
        }
        try {
            if (line) {
                long n = body.get("line").getAsJsonPrimitive().getAsBigDecimal().longValueExact();
                if (n < 1) {
                    throw HttpError.badRequest("line must be at least 1, got " + n);
                }
                return new Replay.Target(n, null);
            }
            double t = body.get("offset_s").getAsJsonPrimitive().getAsBigDecimal().doubleValue();
            if (!(t >= 0 && t < 1e9)) {
                throw HttpError.badRequest("offset_s must be in [0, 1e9) seconds, got " + t);
            }
            return new Replay.Target(null, t);
        } catch (ArithmeticException | IllegalStateException | UnsupportedOperationException
                 | NumberFormatException e) {
            throw HttpError.badRequest("line must be a whole number and offset_s a number, got "
                    + Params.clip(body.toString()));
        }
    }

    private static double speed(JsonObject body) {
        if (!body.has("speed") || body.size() != 1) {
            throw HttpError.badRequest("the body must be {\"speed\": X}, got " + Params.clip(body.toString()));
        }
        try {
            return checkSpeed("speed", body.get("speed").getAsJsonPrimitive().getAsBigDecimal().doubleValue());
        } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
            throw HttpError.badRequest("speed must be a number, got " + Params.clip(body.toString()));
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        running.values().forEach(Replay::stop);
        SseChannel.awaitEmpty(running.keySet(), TimeUnit.SECONDS.toNanos(2));
    }
}
