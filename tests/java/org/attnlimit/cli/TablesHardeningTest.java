package org.attnlimit.cli;

import static org.attnlimit.cli.Hardening.fails;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tables}: an empty check list, an unwritable directory. */
class TablesHardeningTest {
    @TempDir
    Path dir;

    @Test
    void tablesRejectsAnEmptyCheckListAndAnUnwritableDirectory() throws Exception {
        fails(2, new String[] {"tables", "--checks", ",", "--out", dir.toString()}, "--checks needs check names");
        Path file = Files.writeString(dir.resolve("plain"), "not a directory");
        fails(1, new String[] {"tables", "--no-symbolic", "--checks", "none", "--out", file.toString()},
                "cannot write " + file.resolve("activation-moments.tex"));
    }
}
