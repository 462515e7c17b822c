package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.attnlimit.cli.MainTest.concat;
import static org.attnlimit.cli.MainTest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attnlimit.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code simulate --program FILE --output NAME}. */
class SimulateProgramCommandTest {
    private static final String CROSSWISE = "theory/programs/crosswise.netsor";

    @Test
    void jsonReportHasTheSimulateSummaryAndTheSamplesFile(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("a1.csv");
        MainTest.Run r = MainTest.run("simulate", "--program", CROSSWISE, "--output", "a1", "--width", "64",
                "--samples", "3000", "--seed", "3", "--bootstrap", "20", "--out", csv.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        for (String key : new String[] {"mean", "variance", "variance_se", "excess_kurtosis", "ks_distance", "ks_pvalue",
            "w1", "kl_kde", "kl_kde_vs_limit_density", "samples_per_second"}) {
            assertThat(j.get(key).isNumber()).as(key).isTrue();
        }
        assertThat(j.get("noise_floor").get("w1").isNumber()).isTrue();
        // E[clip_1(Z)^2] = 0.516059 (MATH.md §7) is the variance of Z^{a1} = Z^{WA x1}.
        assertThat(j.get("limit").get("variance").asDouble()).isCloseTo(0.516059, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(j.get("method").asText()).isEqualTo("exact");
        assertThat(Files.readAllLines(csv)).hasSize(3001).first().isEqualTo("a1");
    }

    /**
     * The multi-head layer written as a program reports the built-in simulate's statistics under the same
     * names, the paper's KDE-KL ({@code kl_kde}) among them; the program's report differs only in naming
     * the program, output and width instead of the layer, and in the mean (a program's vector may have one).
     */
    @Test
    void programReportHasTheBuiltInFieldNames() throws Exception {
        MainTest.Run program = MainTest.run("simulate", "--program", "theory/programs/mha-s4-h2.netsor", "--output", "y1",
                "--width", "64", "--samples", "2000", "--bootstrap", "20", "--format", "json");
        assertThat(program.code()).as(program.err()).isZero();
        MainTest.Run builtIn = MainTest.run("simulate", "--width", "64", "--samples", "2000", "--bootstrap", "20",
                "--format", "json");
        assertThat(builtIn.code()).as(builtIn.err()).isZero();
        JsonNode p = Json.mapper().readTree(program.out());
        JsonNode b = Json.mapper().readTree(builtIn.out());
        assertThat(p.get("kl_kde").isNumber()).isTrue();
        assertThat(p.get("kl_kde").asDouble()).isFinite().isGreaterThanOrEqualTo(0);
        assertThat(p.get("noise_floor").get("kl_kde").isNumber()).isTrue();
        assertThat(p.get("statistics").asText()).isEqualTo("complete");
        java.util.List<String> programKeys = new java.util.ArrayList<>();
        p.fieldNames().forEachRemaining(programKeys::add);
        java.util.List<String> builtInKeys = new java.util.ArrayList<>();
        b.fieldNames().forEachRemaining(builtInKeys::add);
        java.util.List<String> expected = new java.util.ArrayList<>(builtInKeys);
        expected.remove("layer");
        java.util.List<String> extra = new java.util.ArrayList<>(programKeys);
        extra.removeAll(builtInKeys);
        assertThat(programKeys).containsAll(expected);
        assertThat(extra).containsExactlyInAnyOrder("program", "output", "width", "mean");
        java.util.List<String> floorP = new java.util.ArrayList<>();
        p.get("noise_floor").fieldNames().forEachRemaining(floorP::add);
        java.util.List<String> floorB = new java.util.ArrayList<>();
        b.get("noise_floor").fieldNames().forEachRemaining(floorB::add);
        assertThat(floorP).isEqualTo(floorB);
    }

    @Test
    void anOutputWithAnAtomIsComparedByMomentsAndATwoSampleTest() throws Exception {
        // relu(o) is 0 with probability 1/2 in the limit: no density to tabulate, so the finite-width sample is
        // compared with the limit's moments and, by two-sample KS, with draws of the limit law's own sampler.
        MainTest.Run r = MainTest.run("simulate", "--program", "theory/programs/relu-attention.netsor", "--output", "y",
                "--width", "256", "--samples", "4000", "--seed", "2", "--threads", "2", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.get("limit").asText()).contains("without a density", "two-sample Kolmogorov-Smirnov");
        assertThat(j.get("limit_atoms").get(0).get("mass").asDouble()).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-9));
        // At α = 1e-3 the two-sample test rejects a true law with probability 1e-3 (plus the O(1/√n) width bias
        // at n = 256, small beside the KS noise of 4000 samples).
        assertThat(j.get("ks_two_sample").asDouble()).isLessThanOrEqualTo(j.get("ks_critical").asDouble());
        assertThat(Math.abs(j.get("variance_z").asDouble())).isLessThan(5);
    }

    @Test
    void aSigmoidGatedOutputWithNoDensityFormulaIsSimulatedAndCompared() throws Exception {
        // prod(sigmoid(g), attend(...)): the limit law is known by its moments and its sampler, not by a density.
        MainTest.Run r = MainTest.run("simulate", "--program", "tests/resources/programs/sigmoid-gate.netsor", "--output",
                "y", "--width", "256", "--samples", "4000", "--seed", "2", "--threads", "2", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.get("limit").asText()).contains("without a density", "two-sample Kolmogorov-Smirnov");
        // α = 1e-3 for the two-sample test; |z| < 5 for the variance (two-sided 6e-7), as above
        assertThat(j.get("ks_two_sample").asDouble()).isLessThanOrEqualTo(j.get("ks_critical").asDouble());
        assertThat(Math.abs(j.get("variance_z").asDouble())).isLessThan(5);
    }

    @Test
    void sameSeedSameNumbersWhateverTheThreadsAndTheMethodsDiffer() {
        String[] base = {"simulate", "--program", CROSSWISE, "--output", "b3", "--width", "32", "--samples", "2000",
            "--seed", "5", "--bootstrap", "0", "--format", "json"};
        JsonNode one = parse(MainTest.run(concat(base, "--threads", "1")).out());
        JsonNode two = parse(MainTest.run(concat(base, "--threads", "2")).out());
        assertThat(two.get("variance").asDouble()).isEqualTo(one.get("variance").asDouble());
        assertThat(two.get("ks_distance").asDouble()).isEqualTo(one.get("ks_distance").asDouble());
        JsonNode dense = parse(MainTest.run(concat(base, "--method", "dense")).out());
        assertThat(dense.get("method").asText()).isEqualTo("dense");
        assertThat(dense.get("variance").asDouble()).isNotEqualTo(one.get("variance").asDouble());
    }

    @Test
    void beyondTheTheoremIsSimulatedOnlyWhenAsked(@TempDir Path dir) throws Exception {
        Path second = dir.resolve("second.netsor");
        // an attention output fed back to the value matrix: a second layer, beyond Theorem 3.1
        Files.writeString(second, String.join("\n", "input h ~ N(0, 1)", "matrix W1 W2", "h1 = W1 h", "h2 = W2 h",
                "x1 = clip:c=1(h1)", "x2 = clip:c=1(h2)", "matrix WQ WK WV", "q1 = WQ x1", "k1 = WK x1", "k2 = WK x2",
                "v1 = WV x1", "v2 = WV x2", "p11 = score(q1, k1)", "p12 = score(q1, k2)", "y = attend(p11, p12; v1, v2)",
                "t = tanh(y)", "w = WV t", ""));
        String[] base = {"simulate", "--program", second.toString(), "--output", "w", "--width", "16", "--samples", "500",
            "--format", "json"};
        MainTest.Run refused = MainTest.run(base);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip()).doesNotContain("\n").contains("Theorem 3.1", "--beyond-theorem");
        MainTest.Run r = MainTest.run(concat(base, "--beyond-theorem"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.get("beyond_theorem").asText()).contains("w = WV t");
        assertThat(j.get("variance").asDouble()).isPositive();
        assertThat(j.get("limit").asText()).startsWith("none");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--program theory/programs/crosswise.netsor --output nope",
        "--program theory/programs/crosswise.netsor --output p1",
        "--program theory/programs/crosswise.netsor --output WA",
        "--program theory/programs/crosswise.netsor --output a1 --width 1",
        "--program theory/programs/crosswise.netsor --output a1 --samples 1",
        "--program theory/programs/crosswise.netsor --output a1 --tokens 4",
        "--program theory/programs/crosswise.netsor --output a1 --phi relu",
        "--program theory/programs/crosswise.netsor --output a1 --method frobnicate",
        "--program theory/programs/crosswise.netsor --output a1 --beyond-theorem",
        "--program theory/programs/crosswise.netsor --output a1 --samples 2000000000",
        "--program theory/programs/crosswise.netsor",
        "--program no-such-file.netsor --output a1",
        "--output a1"})
    void badInputIsOneLineAndExit2(String args) {
        MainTest.Run r = MainTest.run(concat(new String[] {"simulate"}, args.split(" ")));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).isNotEmpty().doesNotContain("\n");
    }
}
