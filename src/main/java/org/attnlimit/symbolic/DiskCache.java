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
 */
public final class DiskCache {
    private final Path dir;
    private final String version;

    private DiskCache(Path dir, String version) {
        this.dir = dir;
        this.version = version;
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
        Path f = dir.resolve(key(kind, parts));
        try (InputStream in = Files.newInputStream(f)) {
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return Optional.of(p);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Stores an entry; silently does nothing if the directory is not writable. */
    public void put(Properties value, String kind, String... parts) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve(key(kind, parts));
            Path tmp = Files.createTempFile(dir, "entry", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                value.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), null);
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
