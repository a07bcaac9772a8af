package dev.tapedeck.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFifosTest {
    @TempDir
    Path dir;

    /** A run killed with SIGKILL leaves its FIFO folder; the next run removes it, and nothing else. */
    @Test
    void removesFoldersLeftByRunsThatAreGoneAndKeepsEveryOther() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long dead = gone.pid();
        long alive = ProcessHandle.current().pid();
        Path leftover = folder("tapedeck-child-" + dead + "-11", Duration.ofMinutes(2));
        Path young = folder("tapedeck-child-" + dead + "-12", Duration.ZERO);
        Path running = folder("tapedeck-child-" + alive + "-13", Duration.ofMinutes(2));
        Path foreign = folder("tapedeck-child-x" + dead + "-14", Duration.ofMinutes(2));

        OutputFifos.sweepLeftovers(dir);

        assertThat(leftover).doesNotExist();
        assertThat(young).as("younger than a minute").isDirectory();
        assertThat(running).as("its tapedeck is running").isDirectory();
        assertThat(foreign).as("not a name of ours").isDirectory();
    }

    /**
     * The temporary folder is shared by every user: another one can name a link like a leftover of
     * ours and point it at a folder of files called pid, stdout or stderr. The sweep must not follow it.
     */
    @Test
    void neverFollowsALinkNamedLikeALeftoverFolder() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path victim = folder("victim", Duration.ofMinutes(2));
        Path pid = Files.writeString(victim.resolve("pid"), "4711");
        Files.setLastModifiedTime(victim, FileTime.from(Instant.now().minus(Duration.ofMinutes(2))));
        Path link = Files.createSymbolicLink(dir.resolve("tapedeck-child-" + gone.pid() + "-21"), victim);

        OutputFifos.sweepLeftovers(dir);

        assertThat(victim.resolve("stdout")).exists();
        assertThat(victim.resolve("stderr")).exists();
        assertThat(pid).hasContent("4711");
        assertThat(Files.isSymbolicLink(link)).as("the link is not ours to remove").isTrue();
    }

    private Path folder(String name, Duration age) throws Exception {
        Path folder = Files.createDirectory(dir.resolve(name));
        Files.createFile(folder.resolve("stdout"));
        Files.createFile(folder.resolve("stderr"));
        Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minus(age)));
        return folder;
    }
}
