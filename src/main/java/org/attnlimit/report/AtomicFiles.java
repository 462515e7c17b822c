package org.attnlimit.report;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Every file attnlimit writes goes through here. A regular file: the bytes go to a temporary file in the same
 * directory, are forced to disk, and the temporary file is renamed over the target in one atomic step.
 * So a reader (or a second run writing the same path) sees either the old file or one complete new
 * one, never rows of two runs; and a full disk or a failure mid-write leaves no half-written file (the
 * temporary is deleted). The last of two concurrent writers wins, whole. Anything else (a device such as
 * {@code /dev/null}, a pipe, {@code /dev/stdout}) is written in place, never replaced. New files follow the
 * umask; a replaced file keeps its mode.
 *
 * <p>Failures are an {@link OutputFailure}: one line naming the path and the cause as the operating
 * system puts it ("Permission denied", "No space left on device"); the command line maps it to exit 1.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes bytes to a stream; may throw {@link IOException}. */
    @FunctionalInterface
    public interface Writer {
        /** @param out the temporary file's stream (buffered; flushed and closed by the caller) */
        void write(OutputStream out) throws IOException;
    }

    /** An output file could not be written: the message is one line, "cannot write PATH: CAUSE". */
    public static final class OutputFailure extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        OutputFailure(Path file, IOException cause) {
            super("cannot write " + file + ": " + reason(cause), cause);
        }
    }

    /** Writes {@code text} as UTF-8 to {@code file} atomically, creating parent directories. */
    public static void writeString(Path file, CharSequence text) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        write(file, out -> out.write(bytes));
    }

    /**
     * Writes what {@code writer} produces to {@code file}, creating parent directories: atomically (a
     * temporary file renamed over it) where {@code file} is or will be a regular file; in place where it is
     * anything else — a device ({@code /dev/null}, {@code /dev/full}), a pipe, {@code /dev/stdout} — which
     * a rename would replace by a regular file. A new file gets the mode the umask gives; an existing
     * file keeps its mode.
     */
    public static void write(Path file, Writer writer) {
        Path target = file.toAbsolutePath();
        try {
            if (Files.isDirectory(target)) {
                throw new FileSystemException(file.toString(), null, "Is a directory");
            }
            if (Files.exists(target) && !atomicallyReplaceable(target)) {
                writeInPlace(target, writer);
                return;
            }
            if (Files.isSymbolicLink(target)) {
                target = target.toRealPath();   // replace the file the link names, not the link
            }
        } catch (IOException e) {
            throw new OutputFailure(file, e);
        }
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = newTemporary(dir, target.getFileName().toString());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                BufferedOutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                writer.write(keepOpen(out));
                out.flush();
                ch.force(true);   // the bytes are on disk before the rename makes them visible
            }
            keepMode(target, tmp);
            move(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new OutputFailure(file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more can be done; the temporary file is hidden (dot-prefixed)
                }
            }
        }
    }

    /** @return whether {@code target} (existing) is a regular file, reached directly or by links outside /dev and /proc */
    private static boolean atomicallyReplaceable(Path target) throws IOException {
        if (!Files.isRegularFile(target)) {
            return false;
        }
        // /dev/stdout -> /proc/self/fd/1 -> a file the shell opened: renaming over it would detach the shell's file
        Path real = target.toRealPath();
        return !(target.startsWith("/dev") || target.startsWith("/proc") || real.startsWith("/proc") || real.startsWith("/dev"));
    }

    /** Writes into an existing non-regular file (a device, a pipe): no temporary, no rename, no truncation. */
    private static void writeInPlace(Path target, Writer writer) throws IOException {
        try (OutputStream raw = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
            BufferedOutputStream out = new BufferedOutputStream(raw, 1 << 16);
            writer.write(keepOpen(out));
            out.flush();
        }
    }

    /**
     * A temporary file beside {@code name}, created with the default mode (0666 less the umask: {@link
     * Files#createTempFile} would give 0600, and the rename would keep it).
     */
    private static Path newTemporary(Path dir, String name) throws IOException {
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(random.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** An existing target's permissions, copied to the temporary file that replaces it. */
    private static void keepMode(Path target, Path tmp) throws IOException {
        if (Files.exists(target) && Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        }
    }

    private static OutputStream keepOpen(BufferedOutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();   // encoders may close their stream; the channel must stay open for force()
            }
        };
    }

    /** Creates {@code dir} and its parents; an {@link OutputFailure} naming the directory otherwise. */
    public static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OutputFailure(dir, e);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The cause of an I/O failure in the operating system's words, without the path repeated. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way (not a directory)";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s*\\R\\s*", " ");
    }
}
