package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.attnlimit.cli.Hardening.fails;
import static org.attnlimit.cli.Hardening.succeeds;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code theory}: an unknown format, an unwritable {@code --out}. */
class TheoryHardeningTest {
    @TempDir
    Path dir;

    @Test
    void theoryRejectsAnUnknownFormat() {
        fails(2, new String[] {"theory", "--format", "pdf"}, "pdf");
    }

    @Test
    void unwritableOutIsExit1AndOneLineAndAWrittenFileIsWhole() throws Exception {
        Hardening.unwritableOutFails(dir, "plain", "map.svg", "theory", "--format", "svg");
        Path ok = dir.resolve("sub/map.svg");
        succeeds("theory", "--format", "svg", "--out", ok.toString());
        assertThat(Files.readString(ok)).contains("<svg").endsWith("</svg>\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
