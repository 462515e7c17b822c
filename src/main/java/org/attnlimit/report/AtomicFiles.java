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
 * Every file attnlimit writes goes through here: the bytes go to a temporary file in the same
 * directory, are forced to disk, and the temporary file is renamed over the target in one atomic step.
 * So a reader (or a second run writing the same path) sees either the old file or one complete new
 * one, never rows of two runs; and a full disk or a failure mid-write leaves no half-written file (the
 * temporary is deleted). The last of two concurrent writers wins, whole.
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

    /** Writes what {@code writer} produces to {@code file} atomically, creating parent directories. */
    public static void write(Path file, Writer writer) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            if (Files.isDirectory(target)) {
                throw new FileSystemException(file.toString(), null, "Is a directory");
            }
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                BufferedOutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                writer.write(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();   // encoders may close their stream; the channel must stay open for force()
                    }
                });
                out.flush();
                ch.force(true);   // the bytes are on disk before the rename makes them visible
            }
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
