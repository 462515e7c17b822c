package org.attnlimit.symbolic;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * What the computer algebra said, kept on disk so that asking again starts no Symja (~0.6 s of CPU to
 * start, seconds to integrate): {@code check}'s parses and comparisons, {@code expect}'s forms at a
 * mean and variance outside the catalogue. One small properties file per key under the user's cache
 * directory ({@code $XDG_CACHE_HOME/attnlimit/AREA}, else {@code ~/.cache/attnlimit/AREA}; the system
 * property {@code attnlimit.cache.dir} overrides the base, {@code off} disables it). Keys hash the tool version and the
 * jar's time stamp with the inputs, so a rebuilt tool never reads an old answer. The cache never fails
 * a command: a directory that cannot be read or written is the same as an empty cache.
 *
 * <p>Every entry carries a checksum (SHA-256 of its key and its sorted contents). An entry that does not
 * match — truncated by a crash mid-write, emptied, edited, or copied over another — is never used: it is
 * deleted (the caller computes the answer again and stores it afresh) and reported once per cache on stderr.
 */
public final class DiskCache {
    /** The property that holds an entry's checksum. */
    static final String CHECKSUM = "attnlimit.checksum";
    private final Path dir;
    private final String version;
    private final java.util.function.Consumer<String> report;
    private final java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();

    private DiskCache(Path dir, String version) {
        this(dir, version, line -> {
            System.err.println(line);
            System.err.flush();
        });
    }

    private DiskCache(Path dir, String version, java.util.function.Consumer<String> report) {
        this.dir = dir;
        this.version = version;
        this.report = report;
    }

    /** @return the user's cache for {@code area} (or a disabled one) */
    public static DiskCache user(String area) {
        String override = System.getProperty("attnlimit.cache.dir");
        if ("off".equals(override)) {
            return new DiskCache(null, "");
        }
        Path base;
        if (override != null) {
            base = Path.of(override);
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            String home = System.getProperty("user.home");
            if (xdg != null && !xdg.isBlank()) {
                base = Path.of(xdg, "attnlimit");
            } else if (home != null) {
                base = Path.of(home, ".cache", "attnlimit");
            } else {
                return new DiskCache(null, "");
            }
        }
        return new DiskCache(base.resolve(area), version());
    }

    /** @return a cache in {@code dir} (tests) */
    public static DiskCache at(Path dir) {
        return new DiskCache(dir, version());
    }

    /** @return a cache in {@code dir} that reports a damaged entry to {@code report} (tests) */
    public static DiskCache at(Path dir, java.util.function.Consumer<String> report) {
        return new DiskCache(dir, version(), report);
    }

    private static String version() {
        String v = DiskCache.class.getPackage().getImplementationVersion();
        long stamp = 0;
        try {
            Path jar = Path.of(DiskCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            stamp = Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            stamp = System.nanoTime();   // unknown build: never reuse
        }
        return (v == null ? "development" : v) + "@" + stamp;
    }

    /** @return the stored entry for the key parts, if any */
    public Optional<Properties> get(String kind, String... parts) {
        if (dir == null) {
            return Optional.empty();
        }
        String name = key(kind, parts);
        Path f = dir.resolve(name);
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return damaged(f);   // unreadable, or a malformed escape cut by a crash
        }
        String stored = p.getProperty(CHECKSUM);
        p.remove(CHECKSUM);
        if (stored == null || !stored.equals(checksum(name, p))) {
            return damaged(f);
        }
        return Optional.of(p);
    }

    /** Deletes a damaged entry (it will be computed and stored again) and says so, once per cache. */
    private Optional<Properties> damaged(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be cleaned is still never trusted: the checksum fails again next time
        }
        if (reported.compareAndSet(false, true)) {
            report.accept("attnlimit: ignored a damaged cache entry " + f + " (truncated or altered); it is computed again"
                    + " and rewritten");
        }
        return Optional.empty();
    }

    /** SHA-256 of the entry's file name and its properties sorted by key, in hex. */
    static String checksum(String name, Properties p) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(name.getBytes(StandardCharsets.UTF_8));
            for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
                md.update((byte) 0);
                md.update(k.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 1);
                md.update(p.getProperty(k).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores an entry; silently does nothing if the directory is not writable. */
    public void put(Properties value, String kind, String... parts) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            String name = key(kind, parts);
            Path f = dir.resolve(name);
            Properties withSum = new Properties();
            withSum.putAll(value);
            withSum.remove(CHECKSUM);
            withSum.setProperty(CHECKSUM, checksum(name, withSum));
            Path tmp = Files.createTempFile(dir, "entry", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                java.io.Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
                withSum.store(w, null);
                w.flush();
            }
            try {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written is an empty cache
        }
    }

    private String key(String kind, String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(version.getBytes(StandardCharsets.UTF_8));
            for (String p : parts) {
                md.update((byte) 0);
                md.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
            }
            return kind + "-" + HexFormat.of().formatHex(md.digest()).substring(0, 32) + ".properties";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
