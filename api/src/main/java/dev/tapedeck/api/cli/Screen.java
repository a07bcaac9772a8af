package dev.tapedeck.api.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a listing's stdout goes and what it may do there. Colour only on a terminal and never when
 * {@code NO_COLOR} is set to anything but the empty string (no-color.org) or {@code TERM} is
 * {@code dumb}; a pager only on a terminal: {@code $PAGER} (run by {@code sh -c}; empty or
 * {@code cat} means none), else {@code less -FRX}, as journalctl and git do.
 *
 * @param pager the pager's command line, empty for none
 */
public record Screen(boolean terminal, boolean colour, List<String> pager) {

    /** The screen of this process: whether stdout is a terminal, read from the environment. */
    public static Screen detect(boolean noPager) {
        return of(stdoutIsTerminal(), System.getenv(), noPager);
    }

    static Screen of(boolean terminal, Map<String, String> env, boolean noPager) {
        String noColor = env.get("NO_COLOR");
        boolean colour = terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
        List<String> pager = List.of();
        if (terminal && !noPager) {
            String chosen = env.get("PAGER");
            if (chosen == null) {
                pager = List.of("less", "-FRX");
            } else if (!chosen.isBlank() && !chosen.strip().equals("cat")) {
                pager = List.of("sh", "-c", chosen);
            }
        }
        return new Screen(terminal, colour, pager);
    }

    /** Linux: /proc/self/fd/1 links to a terminal device; elsewhere, whether there is a console. */
    private static boolean stdoutIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
