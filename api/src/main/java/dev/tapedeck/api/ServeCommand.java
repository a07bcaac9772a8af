package dev.tapedeck.api;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.FileMessages;
import dev.tapedeck.wrapper.OrphanedSessions;
import dev.tapedeck.api.http.Access;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tapedeck serve}: the query API, live streams and replays over HTTP until stopped. */
@Command(name = "serve",
        description = {"Serve the query API, live SSE streams and replays of the database over HTTP.",
                "Stops cleanly on Ctrl-C or SIGTERM."},
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "PATH",
            description = {DatabasePath.HELP, DatabasePath.HELP_DEFAULT})
    Path db;

    @Option(names = "--create",
            description = "Create the database named by --db or $TAPEDECK_DB when it does not exist (the default"
                    + " one is created anyway).")
    boolean create;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8151",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--metrics-max-agents", paramLabel = "N", defaultValue = "50",
            description = "Agents with a label of their own in /metrics, in the order first seen; the rest are"
                    + " counted as 'other' (default: ${DEFAULT-VALUE}).")
    int maxAgents;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding the bearer token every route but /api/health then needs."
                    + " Required to bind an address other than loopback.")
    Path tokenFile;

    @Option(names = "--metrics-token-file", paramLabel = "FILE",
            description = "A file holding a second token that opens /metrics only (for a Prometheus server).")
    Path metricsTokenFile;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN",
            description = "Send CORS headers allowing this origin (such as https://dash.example.com); none by default.")
    String corsOrigin;

    @Option(names = "--retain-days", paramLabel = "N",
            description = "Delete ended sessions that ended more than N days ago (checked every minute).")
    Integer retainDays;

    @Option(names = "--max-db-bytes", paramLabel = "B",
            description = "Delete the oldest ended sessions while the database holds more than B bytes.")
    Long maxDbBytes;

    @Option(names = "--max-streams", paramLabel = "N", defaultValue = "" + HttpLimits.DEFAULT_MAX_STREAMS,
            description = "SSE streams (live streams and replays) open at once; one more gets a 503"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxStreams;

    @Option(names = "--header-timeout", paramLabel = "SECONDS",
            defaultValue = "" + HttpLimits.DEFAULT_HEADER_TIMEOUT_SECONDS,
            description = "Close a connection that has not sent a whole request header this long after its first"
                    + " byte, or a whole body this long after its header (default: ${DEFAULT-VALUE}).")
    double headerTimeout;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "" + HttpLimits.DEFAULT_IDLE_TIMEOUT_SECONDS,
            description = "Close a connection that starts no request for this long (default: ${DEFAULT-VALUE}).")
    double idleTimeout;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--port must be in [0, 65535], got " + port);
        }
        if (maxAgents < 1 || maxAgents > 10_000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--metrics-max-agents must be in [1, 10000], got " + maxAgents);
        }
        Access.Settings access = access();
        RetentionPolicy retention;
        try {
            retention = new RetentionPolicy(retainDays, maxDbBytes);
        } catch (IllegalArgumentException e) {
            throw new Failures.UserError(e.getMessage(), 2);
        }
        HttpLimits limits = limits();
        Path dbPath = DatabasePath.resolve(db);
        boolean existed = Files.exists(dbPath);
        if (!existed && DatabasePath.isGiven(db) && !create) {
            throw new Failures.UserError("no database at " + dbPath + " (give --create to make a new one there)", 1);
        }
        Path parent = dbPath.toAbsolutePath().getParent();
        boolean folderExisted = Files.isDirectory(parent);
        Database database = null;
        Daemon daemon;
        try {
            database = Database.open(DatabasePath.withDefaultFolder(db));
            int orphans = OrphanedSessions.markInterrupted(database, true);
            if (orphans > 0) {
                spec.commandLine().getErr().println("tapedeck: " + orphans + " session(s) left running by a recorder"
                        + " that is gone are now 'interrupted'");
            }
            daemon = startDaemon(database, access, retention, limits);
        } catch (RuntimeException e) {
            if (database != null) {
                database.close();
            }
            if (!existed) {
                // A serve that did not start leaves nothing behind: not the file it made, nor the folder.
                StartFailure.removeCreated(dbPath, folderExisted ? null : parent, e);
            }
            throw e;
        }
        Database opened = database;
        // SIGTERM and SIGINT stop the daemon cleanly and exit 0; a shutdown hook covers any other exit.
        CountDownLatch stop = new CountDownLatch(1);
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> stop.countDown());
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> stop.countDown());
        Thread hook = new Thread(() -> {
            daemon.close();
            opened.close();
        }, "serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        InetSocketAddress address = daemon.address();
        spec.commandLine().getErr().println("tapedeck: serving http://" + host(address) + ":" + address.getPort()
                + " (database " + dbPath + ")");
        spec.commandLine().getErr().flush();
        stop.await();
        spec.commandLine().getErr().println("tapedeck: stopping");
        daemon.close();
        opened.close();
        Runtime.getRuntime().removeShutdownHook(hook);
        return 0;
    }

    private Daemon startDaemon(Database database, Access.Settings access, RetentionPolicy retention,
                               HttpLimits limits) {
        try {
            return Daemon.start(database, new Daemon.Options(bind, port, maxAgents, access, retention, limits));
        } catch (RuntimeException e) {
            throw new Failures.UserError("cannot listen on " + bind + ":" + port + ": " + rootMessage(e), 1);
        }
    }

    private HttpLimits limits() {
        if (!(headerTimeout > 0 && headerTimeout <= 3_600)) {
            throw new Failures.UserError("--header-timeout must be in (0, 3600] seconds, got " + headerTimeout, 2);
        }
        if (!(idleTimeout > 0 && idleTimeout <= 86_400)) {
            throw new Failures.UserError("--idle-timeout must be in (0, 86400] seconds, got " + idleTimeout, 2);
        }
        try {
            return HttpLimits.of(maxStreams, headerTimeout, idleTimeout);
        } catch (IllegalArgumentException e) {
            throw new Failures.UserError(e.getMessage(), 2);
        }
    }

    /** Tokens and CORS from the options; binding beyond loopback without a token is refused. */
    private Access.Settings access() {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(bind).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new Failures.UserError("--bind: unknown address '" + bind + "'", 2);
        }
        if (!loopback && tokenFile == null) {
            throw new Failures.UserError("--bind " + bind + " is reachable from other machines: give --token-file FILE"
                    + " so that every route needs a bearer token", 2);
        }
        if (metricsTokenFile != null && tokenFile == null) {
            throw new Failures.UserError("--metrics-token-file needs --token-file", 2);
        }
        try {
            return new Access.Settings(readToken("--token-file", tokenFile),
                    readToken("--metrics-token-file", metricsTokenFile), corsOrigin);
        } catch (IllegalArgumentException e) {
            throw new Failures.UserError("--cors-origin: " + e.getMessage(), 2);
        }
    }

    private static byte[] readToken(String option, Path file) {
        if (file == null) {
            return null;
        }
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new Failures.UserError(option + ": cannot read " + file + ": " + FileMessages.reasonOf(e), 2);
        }
        if (token.length() < 16 || token.chars().anyMatch(c -> c <= 0x20 || c > 0x7e)) {
            throw new Failures.UserError(option + ": the token in " + file + " must be at least 16 printable ASCII"
                    + " characters without spaces (for example: openssl rand -hex 32 > " + file + ")", 2);
        }
        return token.getBytes(StandardCharsets.US_ASCII);
    }

    private static String host(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
