package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** expect keeps what Symja derived at a non-standard mean and variance, and prints the same the second time. */
class ExpectCacheTest {
    @TempDir
    Path dir;

    @AfterEach
    void off() {
        System.setProperty("attnlimit.cache.dir", "off");
    }

    @Test
    void aDerivedFormIsKeptAndReused() throws Exception {
        System.setProperty("attnlimit.cache.dir", dir.toString());
        String[] args = {"expect", "--phi", "clip:c=0.7", "--moment", "2", "--mean", "0.5", "--var", "2", "--format", "json"};
        MainTest.Run first = MainTest.run(args);
        assertThat(first.code()).isZero();
        try (Stream<Path> files = Files.list(dir.resolve("expect"))) {
            assertThat(files.count()).isEqualTo(1);
        }
        MainTest.Run second = MainTest.run(args);
        assertThat(second.code()).isZero();
        // same form and LaTeX; the value from the compiled general form, a few ulps from Symja's N()
        String firstForms = first.out().replaceAll("\"(value|note|error_bound)\" : .*", "");
        String secondForms = second.out().replaceAll("\"(value|note|error_bound)\" : .*", "");
        assertThat(secondForms).isEqualTo(firstForms).contains("\"method\" : \"symbolic\"");
        // an entry truncated as by a crash mid-write is not trusted: the same answer, and the entry rewritten
        Path entry;
        try (Stream<Path> files = Files.list(dir.resolve("expect"))) {
            entry = files.findFirst().orElseThrow();
        }
        String whole = Files.readString(entry);
        Files.writeString(entry, whole.substring(0, whole.length() * 2 / 3));
        MainTest.Run third = MainTest.run(args);
        assertThat(third.code()).isZero();
        assertThat(third.out().replaceAll("\"(value|note|error_bound)\" : .*", "")).isEqualTo(firstForms);
        // rewritten whole (Properties.store heads it with a date comment, which may differ)
        assertThat(Files.readString(entry).replaceAll("(?m)^#.*\\R", "")).isEqualTo(whole.replaceAll("(?m)^#.*\\R", ""));
        // an unwritable cache directory changes nothing
        System.setProperty("attnlimit.cache.dir", Files.writeString(dir.resolve("f"), "x").toString());
        assertThat(MainTest.run(args).code()).isZero();
    }
}
