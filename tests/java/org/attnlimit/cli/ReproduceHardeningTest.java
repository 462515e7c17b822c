package org.attnlimit.cli;

import static org.attnlimit.cli.Hardening.fails;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reproduce}: an unwritable directory in one line, exit 1. */
class ReproduceHardeningTest {
    @TempDir
    Path dir;

    @Test
    void reproduceReportsAnUnwritableDirectoryInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "not a directory");
        fails(1, new String[] {"reproduce", "--quick", "--out", file.resolve("out").toString()},
                "cannot write " + file.resolve("out"));
    }
}
