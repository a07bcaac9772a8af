package dev.tapedeck.api;

import dev.tapedeck.store.Database;
import java.net.InetSocketAddress;
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
            description = "Database file (default: $TAPEDECK_DB, else ~/.local/share/tapedeck/tapedeck.db).")
    Path db;

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
        Path dbPath = DatabasePath.resolve(db);
        Database database = Database.open(dbPath);
        Daemon daemon;
        try {
            daemon = Daemon.start(database, bind, port, maxAgents);
        } catch (RuntimeException e) {
            database.close();
            throw new Failures.UserError("cannot listen on " + bind + ":" + port + ": " + rootMessage(e), 1);
        }
        // SIGTERM and SIGINT stop the daemon cleanly and exit 0; a shutdown hook covers any other exit.
        CountDownLatch stop = new CountDownLatch(1);
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> stop.countDown());
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> stop.countDown());
        Thread hook = new Thread(() -> {
            daemon.close();
            database.close();
        }, "serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        InetSocketAddress address = daemon.address();
        spec.commandLine().getErr().println("tapedeck: serving http://" + host(address) + ":" + address.getPort()
                + " (database " + dbPath + ")");
        spec.commandLine().getErr().flush();
        stop.await();
        spec.commandLine().getErr().println("tapedeck: stopping");
        daemon.close();
        database.close();
        Runtime.getRuntime().removeShutdownHook(hook);
        return 0;
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
