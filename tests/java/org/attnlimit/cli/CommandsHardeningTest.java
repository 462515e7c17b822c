package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.attnlimit.cli.Hardening.fails;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code verify}, {@code tables}, {@code reproduce}, {@code theory}: rejected requests, unwritable outputs, help. */
class CommandsHardeningTest {
    @TempDir
    Path dir;

    @Test
    void verifyRejectsEmptyAndImpossibleRequests() {
        long start = System.nanoTime();
        fails(2, new String[] {"verify", "--check", ","}, "--check needs check names");
        fails(2, new String[] {"verify", "--check", "no-such-check"}, "unknown check 'no-such-check'");
        fails(2, new String[] {"verify", "--widths", "2147483647"}, "--widths: at most 16384");
        fails(2, new String[] {"verify", "--widths", "64,16"}, "widths must be increasing");
        fails(2, new String[] {"verify", "--samples", "10"}, "--samples must be >= 1000");
        fails(2, new String[] {"verify", "--samples", "2000000000"}, "needs about");
        fails(2, new String[] {"verify", "--threads", "0"}, "--threads must be >= 1");
        fails(2, new String[] {"verify", "--program", "theory/programs/attention-s2.netsor", "--check", "lemma-d3"},
                "drop --check");
        fails(2, new String[] {"verify", "--format", "yaml"}, "unknown format 'yaml'");
        assertThat((System.nanoTime() - start) / 1e9).as("all refused before any work").isLessThan(20);
    }

    @Test
    void tablesRejectsAnEmptyCheckListAndAnUnwritableDirectory() throws Exception {
        fails(2, new String[] {"tables", "--checks", ",", "--out", dir.toString()}, "--checks needs check names");
        Path file = Files.writeString(dir.resolve("plain"), "not a directory");
        fails(1, new String[] {"tables", "--no-symbolic", "--checks", "none", "--out", file.toString()},
                "cannot write " + file.resolve("activation-moments.tex"));
    }

    @Test
    void reproduceReportsAnUnwritableDirectoryInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "not a directory");
        fails(1, new String[] {"reproduce", "--quick", "--out", file.resolve("out").toString()},
                "cannot write " + file.resolve("out"));
    }

    @Test
    void theoryRejectsAnUnknownFormat() {
        fails(2, new String[] {"theory", "--format", "pdf"}, "pdf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"expect", "program", "limit", "simulate", "reproduce", "verify", "theory", "tables"})
    void everyHelpStatesTheSameExitCodes(String command) {
        MainTest.Run r = MainTest.run(command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Exit codes:", "  0   success", "  1   I/O or internal failure",
                "  2   bad input");
        assertThat(r.out().contains("  3   the mathematics said no")).isEqualTo(command.equals("verify"));
    }
}
