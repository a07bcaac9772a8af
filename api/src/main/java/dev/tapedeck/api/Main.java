package dev.tapedeck.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
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
        usageHelpAutoWidth = true)
public final class Main implements Runnable {
    /** The commands, in the order the help lists them; added as {@link #addCommands} says. */
    static final List<Class<?>> COMMANDS = List.of(RunCommand.class, ServeCommand.class, ReplayCommand.class,
            ExportCommand.class, DbCommand.class, LsCommand.class, ShowCommand.class, EventsCommand.class,
            SearchCommand.class, TailCommand.class, CommandLine.HelpCommand.class);

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
        addCommands(commandLine, args);
        commandLine.setExecutionExceptionHandler(new Failures());
        commandLine.setParameterExceptionHandler(Failures::usageError);
        // Everything after the command's name belongs to the command: `tapedeck run ls -la` works.
        CommandLine run = commandLine.getSubcommands().get("run");
        if (run != null) {
            run.setStopAtPositional(true);
        }
        return commandLine.execute(args);
    }

    /**
     * Picocli builds the whole model of a command (its options, mixins, converters and help, by
     * reflection) when the command is added, and all of them cost about 50 ms of every start. So
     * only the command that the first argument names is added; none for a lone {@code --version};
     * all of them otherwise (help, a mistyped command, which picocli answers with the closest ones).
     */
    private static void addCommands(CommandLine commandLine, String... args) {
        String first = args.length == 0 ? "" : args[0];
        if (args.length == 1 && (first.equals("--version") || first.equals("-V"))) {
            return;
        }
        List<Class<?>> named = COMMANDS.stream().filter(type -> !first.equals("help") && names(type).contains(first))
                .toList();
        for (Class<?> type : named.isEmpty() ? COMMANDS : named) {
            commandLine.addSubcommand(type);
        }
    }

    private static List<String> names(Class<?> type) {
        Command command = type.getAnnotation(Command.class);
        List<String> names = new java.util.ArrayList<>(List.of(command.aliases()));
        names.add(command.name());
        return names;
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
