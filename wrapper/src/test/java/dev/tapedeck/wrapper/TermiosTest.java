package dev.tapedeck.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import com.pty4j.unix.Pty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The C library's answers about terminals, on a real PTY and on the test's own descriptors. */
class TermiosTest {
    @Test
    void isattyAgreesWithProcForOurOwnDescriptors() throws Exception {
        for (int fd = 0; fd <= 2; fd++) {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            boolean tty = target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            assertThat(Termios.isatty(fd)).as("fd %d -> %s", fd, target).isEqualTo(tty);
            assertThat(PtyMode.isTerminal(fd)).as("fd %d -> %s", fd, target).isEqualTo(tty);
        }
        assertThat(Termios.isatty(-1)).isFalse();
    }

    @Test
    void theMasterSideReadsTheTerminalsEchoFlagAsTheSlaveSetsIt() throws Exception {
        Pty pty = new Pty();
        try {
            int master = pty.getMasterFD();
            assertThat(Termios.isatty(master)).isTrue();
            assertThat(Termios.echoes(master)).as("a new terminal echoes").isTrue();
            stty(pty.getSlaveName(), "-echo");
            assertThat(Termios.echoes(master)).as("after stty -echo on the terminal").isFalse();
            stty(pty.getSlaveName(), "echo");
            assertThat(Termios.echoes(master)).isTrue();
        } finally {
            pty.close();
        }
        assertThat(Termios.echoes(-1)).as("no terminal: unknown, so not recorded").isFalse();
    }

    private static void stty(String terminal, String setting) throws Exception {
        Process stty = new ProcessBuilder("stty", "-F", terminal, setting).redirectErrorStream(true).start();
        assertThat(stty.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stty.exitValue()).as(new String(stty.getInputStream().readAllBytes())).isZero();
    }
}
