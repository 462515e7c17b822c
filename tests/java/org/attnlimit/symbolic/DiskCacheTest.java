package org.attnlimit.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged cache entry is never trusted: ignored, deleted (so it is written again) and reported once. */
class DiskCacheTest {
    @TempDir
    Path dir;

    private Path onlyEntry() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.toList();
            assertThat(files).hasSize(1);
            return files.get(0);
        }
    }

    private static Properties entry() {
        Properties p = new Properties();
        p.setProperty("text", "1/10000*(14369*Phi(37/10*1/Sqrt(13/10))+3700*phi(37/10))");
        p.setProperty("latex", "\\frac{1}{10000}");
        return p;
    }

    @Test
    void anIntactEntryIsReadBack() throws Exception {
        DiskCache cache = DiskCache.at(dir);
        cache.put(entry(), "expect", "relu", "0.37", "1.3");
        assertThat(cache.get("expect", "relu", "0.37", "1.3")).contains(entry());
        assertThat(cache.get("expect", "relu", "0.37", "1.4")).isEmpty();
    }

    @Test
    void truncatedEmptiedOrSwappedEntriesAreIgnoredDeletedAndReportedOnce() throws Exception {
        List<String> reports = new ArrayList<>();
        DiskCache cache = DiskCache.at(dir, reports::add);
        cache.put(entry(), "expect", "relu", "0.37", "1.3");
        Path f = onlyEntry();
        String whole = Files.readString(f);
        // truncated mid-write (the formula cut short, as after a crash)
        Files.writeString(f, whole.substring(0, whole.indexOf("Sqrt")));
        assertThat(cache.get("expect", "relu", "0.37", "1.3")).isEmpty();
        assertThat(Files.exists(f)).as("the damaged entry is removed, to be written again").isFalse();
        // emptied
        cache.put(entry(), "expect", "relu", "0.37", "1.3");
        Files.writeString(f, "");
        assertThat(cache.get("expect", "relu", "0.37", "1.3")).isEmpty();
        // another key's intact entry copied over this one
        cache.put(entry(), "expect", "relu", "0.37", "1.3");
        Properties other = entry();
        other.setProperty("text", "0");
        cache.put(other, "expect", "relu", "0", "1");
        try (Stream<Path> s = Files.list(dir)) {
            Path otherFile = s.filter(p -> !p.equals(f)).findFirst().orElseThrow();
            Files.copy(otherFile, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(cache.get("expect", "relu", "0.37", "1.3")).isEmpty();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0)).contains("damaged cache entry", f.getFileName().toString());
        // rewritten, it is trusted again
        cache.put(entry(), "expect", "relu", "0.37", "1.3");
        assertThat(cache.get("expect", "relu", "0.37", "1.3")).contains(entry());
    }
}
