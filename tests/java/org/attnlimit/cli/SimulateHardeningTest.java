package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.attnlimit.cli.Hardening.fails;
import static org.attnlimit.cli.Hardening.succeeds;
import static org.attnlimit.cli.MainTest.concat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate} on bad shapes, impossible sizes, unwritable and contended output files. */
class SimulateHardeningTest {
    @TempDir
    Path dir;

    @Test
    void shapesNameTheirOption() {
        fails(2, new String[] {"simulate", "--width", "0"}, "--width must be >= 1, got 0");
        fails(2, new String[] {"simulate", "--tokens", "0"}, "--tokens must be >= 1");
        fails(2, new String[] {"simulate", "--heads", "0"}, "--heads must be >= 1");
        fails(2, new String[] {"simulate", "--width", "2", "--tokens", "4"}, "--width must be >= --tokens");
        fails(2, new String[] {"simulate", "--low-rank", "--head-dim", "0"}, "--head-dim must be >= 1");
        fails(2, new String[] {"simulate", "--head-dim", "8"}, "--head-dim needs --low-rank");
        fails(2, new String[] {"simulate", "--phi", "clip:c=1e-300"}, "clip parameter c must be >= 1.0E-75");
    }

    @Test
    void impossibleSampleCountsAreRefusedUpFront() {
        long start = System.nanoTime();
        fails(2, new String[] {"simulate", "--samples", "1000000000", "--width", "4"}, "--samples 1000000000 needs about");
        // The limit reference for s = 1000 tokens would take minutes (before: silent for > 90 s at s = 500).
        fails(2, new String[] {"simulate", "--tokens", "1000", "--width", "1000"}, "--tokens 1000", "at most 500 tokens");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
    }

    @Test
    void unwritableOutIsExit1AndOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "not a directory");
        fails(1, new String[] {"simulate", "--samples", "200", "--width", "8", "--bootstrap", "5",
                "--out", file.resolve("y.csv").toString()}, "cannot write " + file.resolve("y.csv"));
    }

    private static String[] run(long seed, Path out) {
        return new String[] {"simulate", "--samples", "20000", "--width", "16", "--bootstrap", "2", "--threads", "1",
                "--seed", Long.toString(seed), "--out", out.toString()};
    }

    @Test
    void twoRunsWritingOneOutLeaveOneCompleteFile() throws Exception {
        // Each run alone, for reference; then both at once onto one path, several times. Before: rows of
        // both runs (and a spliced value) in 3 of 10 trials. Now the file is always one run's output, whole.
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        succeeds(run(1, a));
        succeeds(run(2, b));
        String expectedA = Files.readString(a);
        String expectedB = Files.readString(b);
        assertThat(expectedA).isNotEqualTo(expectedB);
        Path shared = dir.resolve("shared.csv");
        for (int trial = 0; trial < 4; trial++) {
            List<CompletableFuture<MainTest.Run>> runs = new ArrayList<>();
            for (long seed : new long[] {1, 2}) {
                runs.add(CompletableFuture.supplyAsync(() -> MainTest.run(run(seed, shared))));
            }
            for (CompletableFuture<MainTest.Run> r : runs) {
                assertThat(r.get().code()).isZero();
            }
            assertThat(Files.readString(shared)).isIn(expectedA, expectedB);
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                        .noneMatch(n -> n.endsWith(".tmp"));
            }
        }
    }

    private static final String MHA = "theory/programs/mha-s4-h2.netsor";

    private static String[] program(String... more) {
        String[] base = {"simulate", "--program", MHA, "--output", "y1", "--width", "16", "--bootstrap", "0"};
        return concat(base, more);
    }

    @Test
    void programOutputsAndShapesNameTheProblem() {
        fails(2, new String[] {"simulate", "--program", MHA, "--output", "nope"}, "no vector named 'nope'", "vectors:");
        fails(2, new String[] {"simulate", "--program", MHA, "--output", "p1_12"}, "'p1_12' is a score");
        fails(2, new String[] {"simulate", "--program", MHA, "--output", "y1", "--width", "2"}, "--width 2 is below the 4");
        fails(2, program("--samples", "1"), "--samples must be >= 2, got 1");
        fails(2, new String[] {"simulate", "--program", MHA, "--output", "y1", "--bootstrap", "1"}, "--bootstrap must be 0");
        fails(2, program("--samples", "200", "--threads", "0"), "--threads must be >= 1");
        fails(2, new String[] {"simulate", "--program", MHA}, "--program needs --output NAME");
        fails(2, new String[] {"simulate", "--output", "y1"}, "--output needs --program FILE");
    }

    @Test
    void programOptionsOfTheBuiltInLayerWouldBeIgnored() {
        for (String[] option : new String[][] {{"--tokens", "4"}, {"--heads", "2"}, {"--phi", "relu"}, {"--scaling", "linear"},
            {"--low-rank"}, {"--head-dim", "8"}}) {
            fails(2, program(concat(option, "--samples", "200")),
                    option[0] + " describes the built-in layer and would be ignored with --program");
        }
        fails(2, program("--samples", "200", "--beyond-theorem"), "--beyond-theorem would be ignored", "within Theorem 3.1");
    }

    @Test
    void programSampleCountsBeyondTheHeapAreRefusedUpFront() {
        long start = System.nanoTime();
        fails(2, program("--samples", "2000000000"), "--samples 2000000000 needs about", "GB");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
    }

    @Test
    void programFilesThatCannotBeReadSayWhy() throws Exception {
        Path binary = dir.resolve("binary.netsor");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0x81, (byte) 0x9f});
        fails(2, new String[] {"simulate", "--program", binary.toString(), "--output", "y"}, "not UTF-8 text");
        fails(2, new String[] {"simulate", "--program", dir.resolve("missing.netsor").toString(), "--output", "y"},
                "missing.netsor: no such file");
        fails(2, new String[] {"simulate", "--program", dir.toString(), "--output", "y"}, "cannot read program file");
    }

    @Test
    void programUnwritableOutIsExit1AndOneLine() throws Exception {
        // Also a directory as the target: refused whole, nothing left behind.
        Hardening.unwritableOutFails(dir, "plain2", "y.csv", program("--samples", "200"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void programRunIsClean() {
        MainTest.Run r = succeeds(program("--samples", "200", "--format", "json"));
        assertThat(r.out()).contains("\"kl_kde\"", "\"statistics\" : \"complete\"");
    }
}
