package dev.tapedeck.api.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a command's whole output to stdout, through the screen's pager when it has one. A pager
 * that cannot start (not installed) is skipped; a pager quit early (q in less) ends the writing
 * without an error, as it does for git.
 */
public final class Printer {
    private Printer() {
    }

    public static void print(Screen screen, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!screen.pager().isEmpty() && throughPager(screen, bytes)) {
            return;
        }
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // stdout closed by its reader (| head): nothing is left to say it to.
        }
    }

    private static boolean throughPager(Screen screen, byte[] bytes) {
        ProcessBuilder builder = new ProcessBuilder(screen.pager())
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putIfAbsent("LESS", "FRX");
        Process pager;
        try {
            pager = builder.start();
        } catch (IOException e) {
            return false;
        }
        try (OutputStream in = pager.getOutputStream()) {
            in.write(bytes);
        } catch (IOException e) {
            // The pager was quit before it read everything.
        }
        try {
            pager.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
