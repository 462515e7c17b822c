package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.attnlimit.cli.Hardening.fails;
import static org.attnlimit.cli.Hardening.succeeds;

import com.fasterxml.jackson.databind.JsonNode;
import org.attnlimit.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code expect} on extreme and contradictory inputs: a right answer where it is finite, else one line and exit 2. */
class ExpectHardeningTest {

    private static JsonNode json(String... args) throws Exception {
        return Json.mapper().readTree(succeeds(args).out());
    }

    @Test
    void tinyClipParameterIsRefusedWithItsLimit() {
        // E[clip_c(Z)^k] ≈ c^k: below c = 1e-75 the fourth moment is no normal double.
        fails(2, new String[] {"expect", "--phi", "clip:c=1e-300", "--moment", "2"}, "clip parameter c must be >= 1.0E-75");
    }

    @Test
    void smallClipParameterGivesAPositiveMomentWithoutCancellation() throws Exception {
        // E[clip_c(Z)^2] = c^2 (1 - 2Φ(-c)... ) = c^2 (1 - O(c)) for c -> 0: relative 1e-12 is generous.
        for (String numeric : new String[] {"--numeric", "--format"}) {
            JsonNode j = numeric.equals("--numeric")
                    ? json("expect", "--phi", "clip:c=1e-70", "--moment", "2", "--numeric", "--format", "json")
                    : json("expect", "--phi", "clip:c=1e-70", "--moment", "2", "--format", "json");
            assertThat(j.get("value").asDouble() / 1e-140).isCloseTo(1.0, within(1e-12));
        }
        JsonNode four = json("expect", "--phi", "clip:c=1e-70", "--moment", "4", "--numeric", "--format", "json");
        assertThat(four.get("value").asDouble() / 1e-280).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void boundedActivationAtAHugeMeanIsItsBound() throws Exception {
        // Z ~ N(1e308, 1) is beyond c = 1 with probability 1 - Φ(-1e308) = 1 exactly in doubles.
        JsonNode j = json("expect", "--phi", "clip:c=1", "--mean", "1e308", "--numeric", "--format", "json");
        assertThat(j.get("value").asDouble()).isEqualTo(1.0);
        JsonNode neg = json("expect", "--phi", "clip:c=2", "--moment", "1", "--mean", "-1e308", "--numeric", "--format", "json");
        assertThat(neg.get("value").asDouble()).isEqualTo(-2.0);
        // var = 1e308: the middle piece has width 2c/σ = 2e-154, the constant pieces carry all the mass.
        JsonNode wide = json("expect", "--phi", "clip:c=1", "--var", "1e308", "--numeric", "--format", "json");
        assertThat(wide.get("value").asDouble()).isCloseTo(1.0, within(1e-12));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "relu|--mean|1e308|2",
        "relu|--mean|1e200|2",
        "relu|--var|1e308|4",
        "leaky-relu:a=1e200|--mean|0|2",
        "identity|--mean|1e160|2"})
    void infiniteMomentsAreRefusedAsOverflow(String phi, String option, String value, String k) {
        long start = System.nanoTime();
        fails(2, new String[] {"expect", "--phi", phi, option, value, "--moment", k}, "overflow", "beyond double precision");
        // Before: 38 s in Symja's time limit for relu at mean 1e308. The fast path now answers first.
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(15);
    }

    @Test
    void pairWithHugeVariancesHasCorrelationOne() throws Exception {
        fails(2, new String[] {"expect", "--pair", "--phi", "relu", "--var1", "1e308", "--var2", "1e308", "--cov", "1e308"},
                "overflow");
        JsonNode j = json("expect", "--pair", "--phi", "tanh", "--var1", "1e308", "--var2", "1e308", "--cov", "1e308",
                "--format", "json");
        assertThat(j.get("correlation").asDouble()).isEqualTo(1.0);
        // |E[tanh(U) tanh(V)]| <= 1; U = V with sd 1e154, so the value is 1 - O(1e-154).
        assertThat(j.get("value").asDouble()).isLessThanOrEqualTo(1.0).isCloseTo(1.0, within(1e-12));
        JsonNode step = json("expect", "--pair", "--phi", "relu", "--psi", "step", "--var1", "1e300", "--var2", "1e300",
                "--cov", "-1e300", "--format", "json");
        assertThat(step.get("correlation").asDouble()).isEqualTo(-1.0);
        assertThat(step.get("value").asDouble()).isEqualTo(0.0);   // σ1(1 + ρ)/(2√(2π)) at ρ = -1
    }

    @Test
    void farTailBreakpointSkipsTheComputerAlgebra() throws Exception {
        long start = System.nanoTime();
        JsonNode j = json("expect", "--phi", "clip:c=1e6", "--moment", "4", "--format", "json");
        // E[clip_c(Z)^4] = 3 - O(c^3 φ(c)) = 3 in doubles; the closed form is exact to rounding.
        assertThat(j.get("value").asDouble()).isCloseTo(3.0, within(1e-13));
        assertThat(j.get("note").asText()).contains("computer algebra skipped");
        assertThat((System.nanoTime() - start) / 1e9).as("before: 42 s").isLessThan(15);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--cov|0.5|--cov needs --pair",
        "--var1|2|--var1 needs --pair",
        "--var2|2|--var2 needs --pair",
        "--psi|tanh|--psi needs --pair"})
    void pairOptionsWithoutPairAreRejected(String option, String value, String message) {
        fails(2, new String[] {"expect", "--phi", "relu", option, value}, message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"--mean|1", "--var|2"})
    void momentOptionsWithPairAreRejected(String option, String value) {
        fails(2, new String[] {"expect", "--phi", "relu", "--pair", option, value}, option + " is for E[phi(Z)^k]");
    }

    @Test
    void otherContradictionsAreRejected() {
        fails(2, new String[] {"expect", "--phi", "clip:c=1,c=2"}, "parameter c is given twice");
        fails(2, new String[] {"expect", "--phi", "relu", "--numeric", "--timeout", "5"}, "--timeout");
        fails(2, new String[] {"expect", "--phi", "relu", "--pair", "--moment", "2"}, "exclude each other");
        fails(2, new String[] {"expect", "--phi", "relu", "--mean", "NaN"}, "--mean must be a finite number");
        fails(2, new String[] {"expect", "--phi", "relu", "--var", "-1"}, "--var must be >= 0");
        fails(2, new String[] {"expect", "--phi", "relu", "--pair", "--cov", "2"}, "|correlation| must be <= 1");
        fails(2, new String[] {"expect", "--phi", "relu", "--moment", "5"}, "--moment must be between 1 and 4");
    }

    @Test
    void parameterValuesAreEchoedAsTyped() {
        fails(2, new String[] {"expect", "--phi", "clip:c=Infinity"}, "got Infinity");
        fails(2, new String[] {"expect", "--phi", "CLIP:c=INFINITY"}, "'INFINITY'");
        fails(2, new String[] {"expect", "--phi", "leaky-relu:a=Abc"}, "'Abc'");
        // Names stay case-insensitive.
        succeeds("expect", "--phi", "ReLU", "--moment", "1", "--numeric");
    }
}
