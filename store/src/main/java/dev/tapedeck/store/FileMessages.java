package dev.tapedeck.store;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A file or I/O error in words for a person: {@code /x/y: no such file or directory}, never a Java
 * class name ({@code java.nio.file.NoSuchFileException: /x/y}) nor a bare path, which is all the
 * message of some of them holds. Every module's user-facing errors and warnings use it.
 */
public final class FileMessages {
    private FileMessages() {
    }

    public static String of(Throwable e) {
        if (e instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
            e = unchecked.getCause();
        }
        if (e instanceof FileSystemException fs) {
            String reason = reason(fs);
            return fs.getFile() == null ? reason : fs.getFile() + (fs.getOtherFile() == null ? ""
                    : " -> " + fs.getOtherFile()) + ": " + reason;
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? words(e.getClass().getSimpleName()) : message;
    }

    /** The reason alone, without the file: for a message that names the file itself. */
    public static String reasonOf(Throwable e) {
        if (e instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
            e = unchecked.getCause();
        }
        return e instanceof FileSystemException fs ? reason(fs) : of(e);
    }

    private static String reason(FileSystemException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "is a folder that is not empty";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        return e.getReason() == null ? words(e.getClass().getSimpleName()) : e.getReason();
    }

    /** {@code EOFException} as {@code end of file}: the words of a class name, when nothing else says more. */
    private static String words(String className) {
        String name = className.replaceAll("(Exception|Error)$", "");
        name = name.equals("EOF") ? "end of file" : name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(
                java.util.Locale.ROOT);
        return name.isEmpty() ? "failed" : name;
    }
}
