package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attnlimit program FILE --law …}: the law of any output (Theorem 3.1). */
class ProgramLawCommandTest {
    private static final String MHA = "theory/programs/mha-s4-h2.netsor";

    @Test
    void mhaLawEqualsTheLimitCommandTo1e8() throws Exception {
        // The done-when, through the command line: both JSON outputs, 1e-8 relative. Both error
        // estimates are ~1e-14 (asserted), so the tolerance is 6 orders above noise.
        MainTest.Run law = MainTest.run("program", MHA, "--law", "y1", "--format", "json");
        MainTest.Run lim = MainTest.run("limit", "--phi", "clip:c=1", "--tokens", "4", "--heads", "2", "--format", "json");
        assertThat(law.code()).as(law.err()).isZero();
        assertThat(lim.code()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(law.out());
        JsonNode b = json.readTree(lim.out());
        assertThat(a.get("relative_error").asDouble()).isLessThan(1e-10);
        assertThat(a.get("conditionally_gaussian").asBoolean()).isTrue();
        double v = b.get("variance").asDouble();
        double k = b.get("excess_kurtosis").asDouble();
        assertThat(a.get("variance").asDouble()).isCloseTo(v, within(1e-8 * v));
        assertThat(a.get("excess_kurtosis").asDouble()).isCloseTo(k, within(1e-8 * k));
        assertThat(a.get("mean").asDouble()).isZero();
        for (String f : List.of("mean", "variance", "fourth_moment", "excess_kurtosis", "relative_error", "method")) {
            assertThat(a.has(f)).as(f).isTrue();
        }
        // Negative control: the single-head limit is not this law.
        JsonNode one = json.readTree(MainTest.run("limit", "--phi", "clip:c=1", "--tokens", "4", "--heads", "1",
                "--format", "json").out());
        assertThat(Math.abs(a.get("excess_kurtosis").asDouble() - one.get("excess_kurtosis").asDouble())).isGreaterThan(1e-3);
    }

    @Test
    void pdfCdfAndSamples(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("y.csv");
        MainTest.Run r = MainTest.run("program", "theory/programs/relu-attention.netsor", "--law", "y", "--at", "-1,0,0.5",
                "--sample", "2000", "--seed", "3", "--out", csv.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(r.out());
        assertThat(a.get("conditionally_gaussian").asBoolean()).isFalse();
        assertThat(a.get("pdf").get(0).asDouble()).isZero();
        assertThat(a.get("pdf").get(1).isNull()).isTrue();   // an atom at 0: no density
        assertThat(a.get("cdf").get(1).asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(a.get("sample").get("count").asInt()).isEqualTo(2000);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(2001);
        assertThat(lines.get(0)).isEqualTo("y");
        assertThat(r.out()).doesNotContain("NaN", "Infinity");
    }

    @Test
    void severalOutputsGiveJointMoments() {
        MainTest.Run r = MainTest.run("program", "theory/programs/causal-mask.netsor", "--law", "y2,y3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Limit law of Z^{y2}", "Limit law of Z^{y3}", "Joint moments of y2, y3",
                "Cov(c_a, c_b)", "if Gaussian");
    }

    @Test
    void latexRoundsEachMomentToItsErrorEstimate() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(MainTest.run("program", MHA, "--law", "y1,y2", "--format", "json").out());
        MainTest.Run r = MainTest.run("program", MHA, "--law", "y1,y2", "--format", "latex", "--fragment");
        assertThat(r.code()).as(r.err()).isZero();
        String tex = r.out();
        assertThat(tex).contains("(Theorem 3.1)", "\\texttt{mha-s4-h2.netsor}", "\\label{tab:program-law-mha-s4-h2-y1-y2}",
                "\\label{tab:program-law-mha-s4-h2-y1-y2-joint}", "\\toprule", "& yes").doesNotContain("\\hline");
        // The marginal error estimate is ~1e-14 (asserted): every moment shows the cap of 8 significant digits.
        JsonNode y1 = a.get("outputs").get(0);
        assertThat(y1.get("relative_error").asDouble()).isLessThan(1e-12);
        assertThat(tex).contains(new java.math.BigDecimal(y1.get("variance").asDouble())
                .round(new java.math.MathContext(8)).stripTrailingZeros().toPlainString());
        // The joint covariance is quasi-Monte Carlo with relative error rel ~ 5e-4 (asserted between 1e-5 and
        // 1e-3): its error rel·√(Σ11 Σ22) ≈ 0.15·rel lies in [1e-6, 1e-3), so it shows 2 significant digits
        // of the error (PDG), i.e. 4 to 7 decimals, not the 8-digit cap.
        JsonNode joint = a.get("joint");
        double rel = joint.get("relative_error").asDouble();
        assertThat(rel).isBetween(1e-5, 1e-3);
        double cov = joint.get("covariance").get(0).get(1).asDouble();
        String row = tex.lines().filter(l -> l.startsWith("$y_{1}$ & $y_{2}$")).findFirst().orElseThrow();
        String shown = row.split("&")[2].strip();
        assertThat(shown.length() - shown.indexOf('.') - 1).isBetween(4, 7);
        // rounding moves it by at most half its last decimal, below a tenth of the error; Σ11 = Σ22 < 0.16
        assertThat(Double.parseDouble(shown)).isCloseTo(cov, within(rel * 0.16));
        // Not conditionally Gaussian: said so in the table
        MainTest.Run relu = MainTest.run("program", "theory/programs/relu-attention.netsor", "--law", "y", "--format", "latex");
        assertThat(relu.out()).contains("& no").doesNotContain("-joint}");
    }

    @Test
    void badInputIsOneLineExit2(@TempDir Path dir) throws Exception {
        Path beyond = dir.resolve("beyond.netsor");
        Files.writeString(beyond, "input h1 h2\nx1 = clip:c=1(h1)\nx2 = clip:c=1(h2)\nmatrix WQ WK WV\nq = WQ x1\n"
                + "k1 = WK x1\nk2 = WK x2\np1 = score(q, k1)\np2 = score(q, k2)\nv1 = WV x1\nv2 = WV x2\n"
                + "y = attend(p1, p2; v1, v2)\nmatrix W2\ng = W2 y\n");
        String[][] cases = {
            {"no vector named 'zz'", "program", MHA, "--law", "zz"},
            {"'p1_11' is a score, not a vector", "program", MHA, "--law", "p1_11"},
            {"--seed needs --sample N", "program", MHA, "--law", "y1", "--seed", "3"},
            {"--out needs --sample N", "program", MHA, "--law", "y1", "--out", "x.csv"},
            {"--at needs --law NAME", "program", MHA, "--at", "0"},
            {"--sample needs --law NAME", "program", MHA, "--sample", "10"},
            {"--numeric applies to the covariance table only", "program", MHA, "--law", "y1", "--numeric"},
            {"--sample must be >= 1", "program", MHA, "--law", "y1", "--sample", "0"},
            {"--at is shown in the text and json formats", "program", MHA, "--law", "y1", "--at", "0", "--format", "latex"},
            {"--fragment applies to --format latex only", "program", MHA, "--law", "y1", "--fragment"},
            {"--fragment applies to --format latex only", "program", MHA, "--fragment", "--format", "json"},
            {"line 14: Theorem 3.1: 'y' depends on the scores", "program", beyond.toString()},
            {"line 14: Theorem 3.1: 'y' depends on the scores", "program", beyond.toString(), "--law", "y"},
            {"--timeout applies to the closed forms of a program within Theorem 3.1", "program",
                beyond.toString(), "--beyond-theorem", "--timeout", "5"},
            {"--tol must be a number in (0, 1)", "program", beyond.toString(), "--beyond-theorem", "--law", "y", "--tol", "2"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            MainTest.Run r = MainTest.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).contains(c[0]).doesNotContain("\n").doesNotContain("Exception");
        }
    }
}
