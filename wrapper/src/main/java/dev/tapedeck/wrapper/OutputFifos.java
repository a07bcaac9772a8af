package dev.tapedeck.wrapper;

import dev.tapedeck.store.Stream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named pipes (FIFOs) the child writes its stdout and stderr into, in a private folder (mode
 * 0700, so no other user can open them). The JDK's own pipes cannot be used: when the child exits,
 * the JDK's reaper drains what is buffered and closes their read end, so a background job the child
 * left behind dies of SIGPIPE at its next write. A FIFO's read end is ours alone and stays open as
 * long as we choose.
 *
 * <p>Opening a FIFO blocks until its other end is opened too: each pump opens its read end on its
 * own thread, and the JDK opens the write ends when it starts the child, so both meet. Java cannot
 * make a FIFO, so one {@code mkfifo} process makes both (5 to 10 ms of the start, measured in a run).
 */
final class OutputFifos implements AutoCloseable {
    private static final long MKFIFO_WAIT_SECONDS = 10;
    private static final String PREFIX = "tapedeck-child-";
    /** A folder of ours: the pid of the tapedeck that made it, then the JDK's random part. */
    private static final Pattern LEFTOVER = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+");
    /** A folder younger than this is never taken for a leftover, whatever its pid says. */
    private static final Duration LEFTOVER_AGE = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(OutputFifos.class);

    private final Path folder;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OutputFifos(Path folder) {
        this.folder = folder;
    }

    static OutputFifos create() throws IOException {
        OutputFifos fifos = createFolder();
        Path folder = fifos.folder;
        try {
            Process mkfifo = new ProcessBuilder("mkfifo", fifos.path(Stream.STDOUT).toString(),
                    fifos.path(Stream.STDERR).toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!mkfifo.waitFor(MKFIFO_WAIT_SECONDS, TimeUnit.SECONDS)) {
                mkfifo.destroyForcibly();
                throw new IOException("mkfifo did not finish in " + MKFIFO_WAIT_SECONDS + " s");
            }
            if (mkfifo.exitValue() != 0) {
                throw new IOException("mkfifo in " + folder + " exited with " + mkfifo.exitValue());
            }
            return fifos;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fifos.close();
            throw new IOException("interrupted while making the output FIFOs in " + folder, e);
        } catch (IOException | RuntimeException e) {
            fifos.close();
            throw e;
        }
    }

    /**
     * Only the private folder, for the pid file of a PTY's leader (see {@link ChildProcess}): a PTY
     * opened in this process needs no FIFOs, and this costs no {@code mkfifo} process.
     */
    static OutputFifos createFolder() throws IOException {
        Path folder = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
        Thread sweeper = new Thread(() -> sweepLeftovers(folder.getParent()), "fifo-sweep");
        sweeper.setDaemon(true);
        sweeper.start();
        return new OutputFifos(folder);
    }

    Path path(Stream stream) {
        return folder.resolve(stream == Stream.STDERR ? "stderr" : "stdout");
    }

    /** Where the PTY mode's session leader writes the command's pid (see {@link ChildProcess}). */
    Path pidFile() {
        return folder.resolve("pid");
    }

    /**
     * Lets a pump that waits to open a read end go when the child never opened the write end (it
     * did not start): opening read-write never blocks on Linux, and closing it again gives the pump
     * its end of file.
     */
    void releaseWaitingReaders() {
        for (Stream stream : new Stream[] {Stream.STDOUT, Stream.STDERR}) {
            try {
                // Opened and closed: a reader waiting for a writer has seen one come and go.
                new RandomAccessFile(path(stream).toFile(), "rw").close();
            } catch (IOException e) {
                // No FIFO there (it was not made): no reader can be waiting on it.
            }
        }
    }

    /**
     * Removes the folders that runs killed with SIGKILL left behind: those whose tapedeck is no
     * longer running (by pid), which are over a minute old, real folders (never a link) and this
     * user's. Runs on its own thread, off the start's path; anything else is left alone.
     */
    static void sweepLeftovers(Path temporary) {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(temporary, PREFIX + "*")) {
            Instant old = Instant.now().minus(LEFTOVER_AGE);
            UserPrincipal me = temporary.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            for (Path folder : folders) {
                Matcher name = LEFTOVER.matcher(folder.getFileName().toString());
                if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()
                        && isOurOldFolder(folder, me, old)) {
                    new OutputFifos(folder).close();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("sweeping leftover FIFO folders in {} failed: {}", temporary, e.toString());
        }
    }

    /**
     * Whether folder is a real folder (not a link), owned by this user and older than old. The
     * temporary folder is everyone's: a link another user names like ours would make close() delete
     * files called pid, stdout and stderr wherever it points (kernels without protected_symlinks
     * follow it, even for root). A folder of ours cannot be swapped for a link by anyone else
     * (the sticky bit), and nothing can be put into it (mode 0700).
     */
    private static boolean isOurOldFolder(Path folder, UserPrincipal me, Instant old) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(folder, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        return attributes.isDirectory() && attributes.owner().equals(me)
                && attributes.lastModifiedTime().toInstant().isBefore(old);
    }

    /** Removes the FIFOs and their folder; ends already open (ours, the child's) keep working. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        for (Path file : new Path[] {path(Stream.STDOUT), path(Stream.STDERR), pidFile(),
                folder.resolve(ChildProcess.RESUME_FIFO), folder}) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover in the temporary folder costs nothing; the run goes on.
            }
        }
    }
}
