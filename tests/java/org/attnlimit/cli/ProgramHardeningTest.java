package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.attnlimit.cli.Hardening.fails;
import static org.attnlimit.cli.Hardening.succeeds;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code program} (and {@code verify --program}) on malformed, huge and overflowing programs. */
class ProgramHardeningTest {
    @TempDir
    Path dir;

    private String file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p.toString();
    }

    private static String nested(int depth) {
        return "input x\nh = " + "tanh(".repeat(depth) + "x" + ")".repeat(depth) + "\n";
    }

    private static String attention(String inputLaw, String matrixVariance) throws Exception {
        return Files.readString(Path.of("theory/programs/attention-s2.netsor"))
                .replace("input h ~ N(0, 1)", "input h ~ " + inputLaw)
                .replace("matrix WQ WK WV WO", "matrix WQ WK WV WO" + matrixVariance);
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() throws Exception {
        fails(2, new String[] {"program", file("deep.netsor", nested(20_000))}, "line 2", "nested more than 100 levels");
        fails(2, new String[] {"program", file("deep101.netsor", nested(101))}, "nested more than 100 levels");
        succeeds("program", file("deep100.netsor", nested(100)));
    }

    @Test
    void tooManyStatementsAreRefusedUpFront() throws Exception {
        StringBuilder b = new StringBuilder("input x0\nmatrix W\n");
        for (int i = 1; i <= 10_000; i++) {
            b.append('x').append(i).append(i % 2 == 1 ? " = tanh(x" : " = W x").append(i - 1).append(i % 2 == 1 ? ")\n" : "\n");
        }
        long start = System.nanoTime();
        fails(2, new String[] {"program", file("long.netsor", b.toString())}, "pairs of MatMul outputs of one matrix; at most");
        assertThat((System.nanoTime() - start) / 1e9).as("before: > 70 s").isLessThan(5);
    }

    @Test
    void unreadableFilesSayWhy() throws Exception {
        Path binary = dir.resolve("binary.netsor");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0x81, (byte) 0x9f});
        fails(2, new String[] {"program", binary.toString()}, "cannot read program file", "not UTF-8 text");
        fails(2, new String[] {"program", dir.resolve("missing.netsor").toString()}, "missing.netsor: no such file");
        fails(2, new String[] {"program", dir.toString()}, "cannot read program file");
    }

    @Test
    void messagesUseTheRightArticleAndNames() throws Exception {
        fails(2, new String[] {"program", file("xy.netsor", "input x\nh = x y\n")},
                "line 2: 'x' is an initial vector (line 1)");
    }

    @Test
    void byteOrderMarkIsAccepted() throws Exception {
        String bom = file("bom.netsor", "\uFEFFinput x\nmatrix W\ng = W x\nh = tanh(g)\n");
        assertThat(succeeds("program", bom).out()).contains("Cov(g, g)");
    }

    @Test
    void hugeInputVarianceIsAnsweredWhereFinite() throws Exception {
        // x = clip_1(h), h ~ N(0, 1e308): E[x²] = 1 - O(1e-154), so every score variance is 1.
        MainTest.Run r = succeeds("program", file("big.netsor", attention("N(0, 1e308)", "")));
        assertThat(r.out()).contains("Cov(p11, p11)       1.00000000000", "E[x1 x1]            1.00000000000");
    }

    @Test
    void overflowingCovariancesAreRefusedWithTheirLine() throws Exception {
        String big = file("bigw.netsor", attention("N(0, 1)", " var=1e308"));
        fails(2, new String[] {"program", big}, "line 18: overflow: Cov(u1, u1)", "beyond double precision");
        // Before: verify said CONSISTENT with every row NO.
        fails(2, new String[] {"verify", "--program", big, "--quick"}, "overflow");
        fails(2, new String[] {"program", file("bigtanh.netsor", "input x ~ N(0, 1e308)\nmatrix W var=1e308\ng = W x\n")},
                "line 3: overflow: Cov(g, g)");
    }

    @Test
    void verifyRefusesScoresWhoseFourthMomentsOverflow() throws Exception {
        // Var(p) = Var(h)² = 1e300 is finite, but E[p⁴] = 3e600 is not: before, every row said "yes" with an
        // infinite standard error.
        String program = "input h ~ N(0, %s)\nmatrix W1 W2 WQ WK\nh1 = W1 h\nh2 = W2 h\nq1 = WQ h1\nk2 = WK h2\n"
                + "p = score(q1, k2)\n";
        fails(2, new String[] {"verify", "--program", file("p150.netsor", String.format(program, "1e150")), "--quick"},
                "overflow: score p has limit variance", "standard errors");
        // Var(h) = 1e50: Var(p) = 1e100, E[p⁴] = 3e200 — fine, and the check runs (not done here: it takes seconds).
        succeeds("program", file("p50.netsor", String.format(program, "1e50")));
    }

    @Test
    void tinyClipInAProgramIsRefused() throws Exception {
        fails(2, new String[] {"program", file("tiny.netsor", "input x\nh = clip:c=1e-300(x)\n")},
                "line 2", "clip parameter c must be >= 1.0E-75");
    }

    @Test
    void optionsAreChecked() throws Exception {
        String ok = file("ok.netsor", "input x\nmatrix W\ng = W x\n");
        fails(2, new String[] {"program", ok, "--timeout", "0"}, "--timeout must be >= 1");
        fails(2, new String[] {"program", ok, "--format", "yaml"}, "yaml");
    }

    private static final String MHA = "theory/programs/mha-s4-h2.netsor";

    @Test
    void lawNamesAndOptionsAreChecked() {
        fails(2, new String[] {"program", MHA, "--law", "nope"}, "nope");
        fails(2, new String[] {"program", MHA, "--law", "p1_12"}, "p1_12", "score");
        fails(2, new String[] {"program", MHA, "--law", "y1, "}, "--law has an empty name");
        fails(2, new String[] {"program", MHA, "--law", "y1", "--seed", "3"}, "--seed needs --sample N");
        fails(2, new String[] {"program", MHA, "--law", "y1", "--threads", "2"}, "--threads needs --sample N");
        fails(2, new String[] {"program", MHA, "--law", "y1", "--out", "y.csv"}, "--out needs --sample N");
        fails(2, new String[] {"program", MHA, "--law", "y1", "--sample", "0"}, "--sample must be >= 1");
        fails(2, new String[] {"program", MHA, "--law", "y1", "--sample", "10", "--threads", "0"}, "--threads must be >= 1");
    }

    @Test
    void lawAtNonFinitePointsIsRefused() {
        fails(2, new String[] {"program", MHA, "--law", "y1", "--at", "NaN"}, "--at", "NaN");
        fails(2, new String[] {"program", MHA, "--law", "y1", "--at", "0,Infinity"}, "--at", "Infinity");
        fails(2, new String[] {"program", MHA, "--law", "y1", "--at", "-Infinity"}, "--at", "Infinity");
    }

    @Test
    void lawHugeSampleIsRefusedUpFront() {
        long start = System.nanoTime();
        fails(2, new String[] {"program", MHA, "--law", "y1", "--sample", "2000000000"}, "--sample 2000000000 needs about");
        assertThat((System.nanoTime() - start) / 1e9).as("refused before the law is computed").isLessThan(5);
    }

    @Test
    void lawUnwritableOutIsExit1AndOneLine() throws Exception {
        Hardening.unwritableOutFails(dir, "plain", "y.csv", "program", MHA, "--law", "y1", "--sample", "100");
        Path ok = dir.resolve("sub/y.csv");
        succeeds("program", MHA, "--law", "y1", "--sample", "100", "--out", ok.toString());
        assertThat(Files.readAllLines(ok)).hasSize(101).first().isEqualTo("y1");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void thousandsOfActivationsAreRefusedBeforeTheirPairs() throws Exception {
        // Before: 3000 (or 19 990) activations of one vector ran past 60 s: a table of k(k+1)/2 moments E[Z^a Z^b].
        long start = System.nanoTime();
        for (int k : new int[] {501, 3000, 19_990}) {
            String text = "input h ~ N(0, 1)\nfor i in 1.." + k + ": x{i} = relu(h)\n";
            fails(2, new String[] {"program", file("act" + k + ".netsor", text)}, k + " Nonlin outputs",
                    (long) k * (k + 1) / 2 + " moments", "at most 125250 pairs");
            fails(2, new String[] {"program", file("act" + k + ".netsor", text), "--format", "json"}, "at most 125250 pairs");
        }
        assertThat((System.nanoTime() - start) / 1e9).as("refused before any moment (before: > 60 s each)").isLessThan(40);
        // Within the budget, and the law of one output does not need the table.
        succeeds("program", file("act50.netsor", "input h ~ N(0, 1)\nfor i in 1..50: x{i} = relu(h)\n"));
    }
}
