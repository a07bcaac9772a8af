package dev.tapedeck.wrapper;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.ByteOrder;

/**
 * Two questions to the C library about terminals, through JNA (pty4j, which brings JNA, offers
 * neither): whether a file descriptor is a terminal ({@code isatty}) and whether a terminal echoes
 * what is typed ({@code tcgetattr}, the ECHO flag). Loading JNA and the C library costs tens of
 * milliseconds, so only PTY mode and systems without {@code /proc} come here.
 */
final class Termios {
    /** ECHO in c_lflag: 0000010 on Linux, macOS and the BSDs alike. */
    private static final long ECHO = 010;

    private Termios() {
    }

    /** The C library, loaded on first use. */
    private static final class C {
        static final CLibrary LIBRARY = Native.load("c", CLibrary.class);
    }

    interface CLibrary extends Library {
        int isatty(int fd);

        int tcgetattr(int fd, byte[] termios);
    }

    /** Whether fd is a terminal; false when the C library cannot say. */
    static boolean isatty(int fd) {
        try {
            return C.LIBRARY.isatty(fd) == 1;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Whether the terminal on fd (a PTY's master side: the terminal's settings) echoes; false when unknown. */
    static boolean echoes(int fd) {
        byte[] termios = new byte[256];
        try {
            if (C.LIBRARY.tcgetattr(fd, termios) != 0) {
                return false;
            }
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
        // c_lflag is the fourth tcflag_t: 4 bytes each on Linux, an unsigned long on macOS and the BSDs.
        boolean wide = !Platform.isLinux() && Platform.is64Bit();
        return (read(termios, wide ? 24 : 12, wide ? 8 : 4) & ECHO) != 0;
    }

    private static long read(byte[] bytes, int at, int length) {
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        long value = 0;
        for (int i = 0; i < length; i++) {
            value |= (bytes[at + i] & 0xFFL) << (8 * (little ? i : length - 1 - i));
        }
        return value;
    }
}
