package dev.tapedeck.tests;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real {@code tapedeck serve} process on a free loopback port, and an HTTP client for it. */
final class Served implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)");
    private final Process process;
    private final Path log;
    final int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Served(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static Served start(Path dir, Path db, String... extraArgs) throws IOException, InterruptedException {
        return start(dir, db, 0, extraArgs);
    }

    /** A daemon on a given port (0: any free one), for a test that restarts it where browsers expect it. */
    static Served start(Path dir, Path db, int port, String... extraArgs) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "serve", ".log");
        List<String> command = new ArrayList<>(List.of(TestSupport.javaBin(), "-Xmx256m", "-jar",
                TestSupport.JAR.toAbsolutePath().toString(), "serve", "--port", Integer.toString(port), "--db",
                db.toString()));
        if (!Files.exists(db)) {
            command.add("--create");
        }
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = builder.start();
        int[] bound = new int[1];
        boolean up = TestSupport.await(30, () -> {
            try {
                Matcher m = SERVING.matcher(Files.readString(log));
                if (m.find()) {
                    bound[0] = Integer.parseInt(m.group(1));
                    return true;
                }
                return !process.isAlive();
            } catch (IOException e) {
                return false;
            }
        });
        if (!up || bound[0] == 0) {
            process.destroyForcibly();
            throw new AssertionError("tapedeck serve did not start: " + Files.readString(log));
        }
        return new Served(process, log, bound[0]);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    record Answer(int status, String body, HttpResponse<String> response) {
        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }
    }

    Answer get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r);
    }

    /** Whether a GET answers 404 (false when it fails, for polling). */
    boolean get404(String path) {
        try {
            return get(path).status() == 404;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The body of a GET, or "" when it fails (for polling). */
    String bodyOf(String path) {
        try {
            return get(path).body();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    Answer post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r);
    }

    /** Opens an SSE stream; frames are read with {@link Sse#next()}. */
    Sse stream(String path, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new Sse(r);
    }

    /** One SSE frame: id (may be null), event and data; comments are skipped. */
    record Frame(String id, String event, String data, long receivedNanos) {
        JsonObject json() {
            return JsonParser.parseString(data).getAsJsonObject();
        }
    }

    static final class Sse implements AutoCloseable {
        final HttpResponse<InputStream> response;
        private final BufferedReader reader;

        Sse(HttpResponse<InputStream> response) {
            this.response = response;
            this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        }

        /** The next frame, or null at the end of the stream. */
        Frame next() throws IOException {
            String id = null;
            String event = null;
            String data = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (event != null || data != null) {
                        return new Frame(id, event, data, System.nanoTime());
                    }
                    continue;
                }
                if (line.startsWith(":")) {
                    continue;
                }
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            return null;
        }

        /** The next line of the stream as sent, comments included; null at the end. */
        String nextRawLine() throws IOException {
            return reader.readLine();
        }

        /** Frames until (and including) the one named event, or the end of the stream. */
        List<Frame> until(String event) throws IOException {
            List<Frame> frames = new ArrayList<>();
            Frame f;
            while ((f = next()) != null) {
                frames.add(f);
                if (f.event().equals(event)) {
                    break;
                }
            }
            return frames;
        }

        @Override
        public void close() throws IOException {
            response.body().close();
        }
    }

    /** The names of the daemon's threads now, from {@code jcmd PID Thread.print}. */
    List<String> threadNames() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(30, TimeUnit.SECONDS);
            List<String> names = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^\"([^\"]+)\"").matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
            if (names.isEmpty()) {
                throw new AssertionError("no threads in the dump: " + text);
            }
            return names;
        } catch (IOException e) {
            throw new AssertionError("jcmd failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Kills the daemon with SIGKILL, as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Stops the daemon with SIGTERM, as Ctrl-C would; returns its exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tapedeck serve did not stop on SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
