package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check --file finds the programs its claims name beside the claims file, wherever it runs from. */
class CheckFileTest {
    @TempDir
    Path dir;

    @Test
    void programPathsAreResolvedAgainstTheClaimsFilesFolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("paper"));
        Files.copy(Path.of("theory/programs/crosswise.netsor"), folder.resolve("crosswise.netsor"));
        Path claims = Files.writeString(folder.resolve("claims.txt"),
                "--program crosswise.netsor --entry 'Cov(p1, p2)' --claim '-0.06876581'\n");
        // run from the repository root, not from the claims' folder: crosswise.netsor is not in the working directory
        assertThat(Path.of("crosswise.netsor")).doesNotExist();
        MainTest.Run r = MainTest.run("check", "--file", claims.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Cov(p1, p2)");
    }
}
