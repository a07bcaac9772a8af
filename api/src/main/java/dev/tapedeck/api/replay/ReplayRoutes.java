package dev.tapedeck.api.replay;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tapedeck.api.http.BodyDeadline;
import dev.tapedeck.api.http.HttpError;
import dev.tapedeck.api.http.Json;
import dev.tapedeck.api.http.JsonRoute;
import dev.tapedeck.api.http.Params;
import dev.tapedeck.api.http.Routes;
import dev.tapedeck.api.http.SessionReferences;
import dev.tapedeck.api.sse.SessionItems;
import dev.tapedeck.api.sse.SseChannel;
import dev.tapedeck.api.sse.StreamItem;
import dev.tapedeck.api.sse.StreamSlots;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
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
 * one. A replay is known by its id while it runs and forgotten when it ends. A replay is an SSE
 * stream: it takes one of the {@link StreamSlots} like a live stream.
 */
public final class ReplayRoutes implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final Map<String, Replay> running = new ConcurrentHashMap<>();
    private final AtomicLong threads = new AtomicLong();

    private final StreamSlots slots;

    public ReplayRoutes(Database db, StreamSlots slots) {
        this.db = db;
        this.slots = slots;
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
        slots.dispatch(exchange, "replay-" + threads.incrementAndGet(), () -> {
            Opened opened;
            try {
                opened = open(exchange);
            } catch (RuntimeException | IOException e) {
                JsonRoute.sendFailure(exchange, e);
                return;
            }
            SseChannel channel = opened.channel();
            channel.interruptOwnerOnClose();
            try {
                opened.replay().run();
            } finally {
                channel.releaseOwner();
                running.remove(opened.replay().id());
                channel.finish();
            }
        });
    }

    private record Opened(Replay replay, SseChannel channel) {
    }

    /**
     * Replay events as SSE events with the live stream's names and JSON. beforeEnd runs before
     * {@code replay_end} is sent: a client that has read it must find the replay gone.
     */
    private record SseSink(SseChannel channel, Runnable beforeEnd) implements Replay.Sink {
        @Override
        public void start(Replay.Start start) throws IOException {
            channel.send("replay_start", null, Json.write(start));
        }

        @Override
        public void send(StreamItem item, String cursorId) throws IOException {
            channel.send(item.kind().wireName(), cursorId, Json.write(item.view()));
        }

        @Override
        public void flush() throws IOException {
            channel.flush();
        }

        @Override
        public void end(Replay.End end, String cursorId) throws IOException {
            beforeEnd.run();
            channel.send("replay_end", cursorId, Json.write(end));
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }
    }

    private Opened open(HttpServerExchange exchange) throws IOException {
        Params p = Params.of(exchange, Set.of("speed", "max_gap", "from", "include"));
        String id = p.path("id");
        Session session = SessionReferences.require(db, id);
        double speed = checkSpeed("speed", p.decimal("speed", 1));
        Double maxGap = null;
        if (p.text("max_gap") != null) {
            try {
                maxGap = Replay.checkMaxGap("max_gap", p.decimal("max_gap", 0));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest(e.getMessage());
            }
        }
        ReplayTarget from = from(p.text("from"));
        Set<StreamItem.Kind> include = StreamItem.Kind.orAll(p.choice("include", StreamItem.Kind::parseList));
        String replayId = "r-" + HexFormat.of().formatHex(randomBytes());
        SseChannel channel = SseChannel.open(exchange);
        Replay replay = new Replay(replayId, db, session, new SseSink(channel, () -> running.remove(replayId)),
                new SessionItems(db, session, include, null), speed, maxGap, from);
        running.put(replayId, replay);
        return new Opened(replay, channel);
    }

    /** A control route; its body was read before it ran (see BodyDeadline). */
    private JsonRoute control(BiFunction<Replay, JsonObject, Replay.Status> action) {
        return JsonRoute.of(exchange -> {
            Params p = Params.of(exchange, Set.of());
            String id = p.path("replay_id");
            Replay replay = running.get(id);
            if (replay == null) {
                throw HttpError.notFound("no running replay '" + Params.clip(id) + "'");
            }
            return action.apply(replay, body(BodyDeadline.body(exchange)));
        });
    }

    private static double checkSpeed(String name, double speed) {
        try {
            return Replay.checkSpeed(name, speed);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    private static ReplayTarget from(String text) {
        try {
            return text == null ? null : ReplayTarget.parse("from", text);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    private static JsonObject body(byte[] bytes) {
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

    private static ReplayTarget seekTarget(JsonObject body) {
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
                return new ReplayTarget(n, null);
            }
            double t = body.get("offset_s").getAsJsonPrimitive().getAsBigDecimal().doubleValue();
            if (!(t >= 0 && t < 1e9)) {
                throw HttpError.badRequest("offset_s must be in [0, 1e9) seconds, got " + t);
            }
            return new ReplayTarget(null, t);
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
