package dev.tapedeck.wrapper;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import com.pty4j.unix.Pty;
import com.pty4j.unix.PtyHelpers;
import com.pty4j.unix.UnixPtyProcess;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A process on a PTY that tapedeck opens itself, with JetBrains' pty4j (native code for Linux, macOS
 * and FreeBSD inside its jar, called through JNA). The only class that names pty4j's types: the JVM
 * loads them (and the native library) when this class is first used, which is in PTY mode only, so a
 * run with pipes pays nothing for them. Its methods hand out plain {@link Process} and streams.
 *
 * <p>The process is the PTY's session leader, with the PTY as its controlling terminal and as its
 * stdin, stdout and stderr. Reading {@link #output()} gives what it prints; once the process has
 * exited, reads return what is still buffered and then the end (pty4j wakes the reader when its
 * reaper thread sees the exit). {@link #close()} closes the PTY's master side: whatever still
 * writes to the terminal then gets {@code EIO}.
 */
final class PtyChild implements AutoCloseable {
    private static final String NATIVE_FOLDER = "pty4j.preferred.native.folder";
    /** Where pty4j's jar keeps its native parts, by platform. */
    private static final String RESOURCES = "resources/com/pty4j/native/";

    private final PtyProcess process;

    private PtyChild(PtyProcess process) {
        this.process = process;
    }

    /**
     * Loads pty4j's native parts and checks that they work here: a PTY is opened and closed (the
     * C library through JNA), and reading the size of a file descriptor that is no terminal must
     * fail as a call that ran (pty4j's own library). Throws whatever the loading threw (an
     * {@link UnsatisfiedLinkError}, an {@link IllegalStateException} for a platform without a
     * library, an {@link IOException} when no PTY can be opened, ...).
     */
    static void load() throws IOException {
        useNativeFolder();
        new Pty().close();
        try {
            PtyHelpers.getWinSize(-1, null);
        } catch (IOException e) {
            // The call reached the library: it is loaded.
        }
    }

    /**
     * Left to itself, pty4j unpacks its native library into a new temporary folder on every start
     * and never removes it (one folder per run). Unless a folder is given already (the property
     * {@value #NATIVE_FOLDER}), the library is unpacked once into a folder of this user's, mode
     * 0700 (a library another user could swap must never be loaded), named after the library's
     * checksum, and pty4j is pointed at it. Writes go through a temporary file and a rename, so that
     * runs starting at once never see half a library. Platforms this does not know are left to pty4j.
     */
    private static void useNativeFolder() throws IOException {
        if (System.getProperty(NATIVE_FOLDER) != null) {
            return;
        }
        String platform = Platform.isMac() ? "darwin" : Platform.isLinux() ? "linux/" + Platform.ARCH
                : Platform.isFreeBSD() ? "freebsd/" + Platform.ARCH : null;
        if (platform == null) {
            return;
        }
        List<String> names = Platform.isMac() ? List.of("libpty.dylib", "pty4j-unix-spawn-helper") : List.of("libpty.so");
        CRC32 checksum = new CRC32();
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (String name : names) {
            try (InputStream in = Pty.class.getClassLoader().getResourceAsStream(RESOURCES + platform + "/" + name)) {
                if (in == null) {
                    return;
                }
                byte[] bytes = in.readAllBytes();
                checksum.update(bytes);
                files.put(name, bytes);
            }
        }
        Path base = privateFolder(Path.of(System.getProperty("java.io.tmpdir"))
                .resolve("tapedeck-" + System.getProperty("user.name") + "-native"));
        Path folder = base.resolve("pty4j-" + Long.toHexString(checksum.getValue()));
        Path target = folder.resolve(platform);
        Files.createDirectories(target);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = target.resolve(file.getKey());
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                    || !Arrays.equals(Files.readAllBytes(path), file.getValue())) {
                Path scratch = Files.createTempFile(target, file.getKey(), ".tmp");
                Files.write(scratch, file.getValue());
                Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx------"));
                Files.move(scratch, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        System.setProperty(NATIVE_FOLDER, folder.toString());
    }

    /** folder, made with mode 0700 if missing; refused unless it is a real folder of ours that only we can use. */
    private static Path privateFolder(Path folder) throws IOException {
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // Made by an earlier run (or someone else: checked below).
        }
        PosixFileAttributes attributes = Files.readAttributes(folder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        UserPrincipal me = folder.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!attributes.isDirectory() || !attributes.owner().equals(me)
                || !attributes.permissions().equals(PosixFilePermissions.fromString("rwx------"))) {
            throw new IOException(folder + " is not a folder of this user's with mode 0700");
        }
        return folder;
    }

    /**
     * Starts argv on a new PTY of the given size (none: 0x0, as util-linux {@code script} leaves
     * it when its stdin is no terminal). The size is set on the PTY before the process starts:
     * pty4j's builder sets it only after the fork, so the command could read 0x0 and then get a
     * SIGWINCH it did not expect (a shell's {@code read} returned empty from that signal). That
     * needs the PTY made first, which only pty4j's older constructor accepts.
     */
    @SuppressWarnings("deprecation")
    static PtyChild start(List<String> argv, Path directory, Map<String, String> environment, TerminalSize size)
            throws IOException {
        Pty pty = new Pty();
        try {
            if (size != null) {
                pty.setWindowSize(new WinSize(size.columns(), size.rows()), null);
            }
            String[] env = environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            return new PtyChild(new UnixPtyProcess(argv.toArray(String[]::new), env, directory.toString(), pty, null,
                    false));
        } catch (IOException | RuntimeException e) {
            pty.close();
            throw e;
        }
    }

    /** The size of the terminal on our file descriptor fd, or null when it is no terminal. */
    static TerminalSize sizeOf(int fd) {
        try {
            WinSize size = PtyHelpers.getWinSize(fd, null);
            return new TerminalSize(size.getColumns(), size.getRows());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    Process process() {
        return process;
    }

    /** What the terminal shows: everything the process and its jobs print. */
    InputStream output() {
        return process.getInputStream();
    }

    /** What the process reads, as if typed. */
    OutputStream input() {
        return process.getOutputStream();
    }

    /**
     * Whether the terminal echoes what is typed now (its ECHO flag; off at a password prompt), read
     * on the master side, which on Linux gives the terminal's (the slave's) settings. False when it
     * cannot be read: input is then not recorded.
     */
    boolean echoes() {
        return process instanceof UnixPtyProcess unix && Termios.echoes(unix.getPty().getMasterFD());
    }

    /** Gives the terminal a new size; the kernel sends SIGWINCH to its foreground process group. */
    void resize(TerminalSize size) {
        process.setWinSize(new WinSize(size.columns(), size.rows()));
    }

    @Override
    public void close() {
        try {
            process.getInputStream().close();
        } catch (IOException e) {
            // Closed either way; nothing more can be done with it.
        }
    }
}
