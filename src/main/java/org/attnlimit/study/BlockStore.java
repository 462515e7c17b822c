package org.attnlimit.study;

import org.attnlimit.calculus.InvalidInputException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.attnlimit.report.AtomicFiles;

/**
 * Finished blocks on disk: {@code DIR/blocks/n<width>/b<index>.bin}, one small file per block, written
 * atomically (a study killed at any moment leaves whole files only). A file holds a header — a magic word, the
 * study's key (a digest of the target, the seed and the sampling scheme), the width and the sample range — and
 * the block's samples as IEEE doubles, which is all the merged statistics need (moments, and the empirical
 * distribution behind KS, W1 and the KDE-KL). {@code --resume} reads back every block whose header matches.
 */
public final class BlockStore {
    private static final int MAGIC = 0x41544231;   // "ATB1"
    private static final String SCHEME = "per-sample SampleStreams, seed + 1000003 n, v1";
    private final Path dir;
    private final String key;

    private BlockStore(Path dir, String key) {
        this.dir = dir;
        this.key = key;
    }

    /** @return the store under {@code out/blocks} for {@code target} and {@code seed} */
    public static BlockStore of(Path out, StudyTarget target, long seed) {
        return new BlockStore(out.resolve("blocks"), key(target, seed));
    }

    /** @return the folder of the blocks */
    public Path dir() {
        return dir;
    }

    /** @return whether any block file exists (a study already started here) */
    public boolean anyBlock() {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.walk(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".bin"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    /** @return the file of {@code block} */
    public Path file(Block block) {
        return dir.resolve("n" + block.width()).resolve(String.format(Locale.ROOT, "b%05d.bin", block.index()));
    }

    /** Writes a finished block atomically. */
    public void write(Block block, double[] values) {
        if (values.length != block.size()) {
            throw new IllegalStateException("block " + block + " has " + values.length + " values");
        }
        AtomicFiles.write(file(block), stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeInt(MAGIC);
            out.writeUTF(key);
            out.writeInt(block.width());
            out.writeInt(block.index());
            out.writeInt(block.from());
            out.writeInt(block.to());
            for (double v : values) {
                out.writeDouble(v);
            }
            out.flush();
        });
    }

    /**
     * @return the stored samples of {@code block}, or empty if it has no file
     * @throws IllegalArgumentException if the file belongs to another study or another cut into blocks
     */
    public Optional<double[]> read(Block block) {
        Path f = file(block);
        try (InputStream raw = Files.newInputStream(f);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new InvalidInputException(f + " is not a study block file");
            }
            if (!in.readUTF().equals(key)) {
                throw new InvalidInputException(f + " belongs to another study (another program, output, layer or"
                        + " seed); use another --out, or remove " + dir);
            }
            int width = in.readInt();
            int index = in.readInt();
            int from = in.readInt();
            int to = in.readInt();
            if (width != block.width() || index != block.index() || from != block.from() || to != block.to()) {
                throw new InvalidInputException(f + " holds samples [" + from + ", " + to + ") but this study cuts"
                        + " them as [" + block.from() + ", " + block.to() + "): resume with the --samples and --blocks"
                        + " of the first run");
            }
            double[] values = new double[block.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readDouble();
            }
            if (in.read() != -1) {
                throw new InvalidInputException(f + " is longer than its header says");
            }
            return Optional.of(values);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(f + " is truncated (not written by study, which writes atomically)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    private static String key(StudyTarget target, long seed) {
        String text = SCHEME + "\n" + seed + "\n" + target;
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
