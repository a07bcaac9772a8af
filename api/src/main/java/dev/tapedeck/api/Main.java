package dev.tapedeck.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The tapedeck program: one command line for the recorder and the daemon. This is the only place
 * where the modules are put together.
 */
@Command(name = "tapedeck",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A flight recorder for AI coding agents and other command-line processes.",
        subcommands = {RunCommand.class, ServeCommand.class, ReplayCommand.class, ExportCommand.class, DbCommand.class, LsCommand.class, ShowCommand.class, EventsCommand.class,
                TailCommand.class, CommandLine.HelpCommand.class},
        usageHelpAutoWidth = true)
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code. */
    static int execute(String... args) {
        String level = System.getenv("TAPEDECK_LOG");
        if (level != null && !level.isBlank()) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level.toLowerCase(Locale.ROOT));
            // pty4j is silent by default (simplelogger.properties); asked for, its log shows too.
            System.setProperty("org.slf4j.simpleLogger.log.com.pty4j", level.toLowerCase(Locale.ROOT));
        }
        // Undertow logs through jboss-logging, which would otherwise pick java.util.logging.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(new Failures());
        commandLine.setParameterExceptionHandler(Failures::usageError);
        // Everything after the command's name belongs to the command: `tapedeck run ls -la` works.
        commandLine.getSubcommands().get("run").setStopAtPositional(true);
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** The version from the build, for {@code --version} and the daemon's health route. */
    public static final class Version implements CommandLine.IVersionProvider {
        public static String current() {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                return "unknown";
            }
            return properties.getProperty("version", "unknown");
        }

        @Override
        public String[] getVersion() {
            return new String[] {"tapedeck " + current(), "Java " + Runtime.version() + ", SQLite store schema v"
                    + dev.tapedeck.store.Database.latestSchemaVersion()};
        }
    }
}
