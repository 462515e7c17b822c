package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.attnlimit.cli.Hardening.fails;
import static org.attnlimit.cli.Hardening.succeeds;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code limit} on extreme, contradictory and unbounded requests. */
class LimitHardeningTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"Infinity", "-Infinity", "NaN"})
    void nonFinitePointsAreRejected(String y) {
        fails(2, new String[] {"limit", "--at", "0," + y}, "--at point must be a finite number");
    }

    @Test
    void unresolvedQuantileLevelsAreRejected() {
        fails(2, new String[] {"limit", "--quantile", "1e-300"}, "quantile level 1.0E-300", "does not resolve");
        fails(2, new String[] {"limit", "--quantile", "0.5,1"}, "quantile level must be in (0, 1)");
        assertThat(succeeds("limit", "--quantile", "1e-6,0.999999").out()).contains("quantile(1.0E-6)");
    }

    @Test
    void overflowingScalesAreRefused() {
        fails(2, new String[] {"limit", "--gram", "1e300,0;0,1e300"}, "overflow", "score covariance");
        fails(2, new String[] {"limit", "--sigma-v", "1e200"}, "overflow", "fourth moment");
        fails(2, new String[] {"limit", "--sigma-q", "1e200"}, "overflow", "score covariance");
        // Large but finite: variance σ_V² E[s'Ks] = 1e20 · 0.2856…, fourth moment about 1e40.
        assertThat(succeeds("limit", "--sigma-v", "1e10").out()).contains("variance               E[V]     = 3.919");
    }

    @Test
    void tinyGramIsHandledOrRefusedAsUnderflow() {
        // K = 1e-100 I: variance E[s'Ks] = 1e-100/2, fourth moment 3E[V^2] = 3e-200/4 — both plain doubles.
        assertThat(succeeds("limit", "--gram", "1e-100,0;0,1e-100").out()).contains("3E[V^2]  = 7.50000000000e-201");
        // K = 1e-160 I: E[V^2] ~ 1e-320 is subnormal (before: a Hipparchus "convergence failed", exit 1).
        fails(2, new String[] {"limit", "--gram", "1e-160,0;0,1e-160"}, "underflow");
    }

    @Test
    void ignoredOptionsAreRejected() {
        fails(2, new String[] {"limit", "--gram", "1,0;0,1", "--phi", "relu"}, "--phi and --gram exclude each other");
        fails(2, new String[] {"limit", "--seed", "3"}, "--seed needs --sample N");
        fails(2, new String[] {"limit", "--threads", "2"}, "--threads needs --sample N");
        fails(2, new String[] {"limit", "--out", dir.resolve("y.csv").toString()}, "--out needs --sample N");
    }

    @Test
    void unboundedWorkIsRefusedWithAnEstimate() {
        long start = System.nanoTime();
        fails(2, new String[] {"limit", "--tokens", "1000"}, "--tokens 1000", "would take about", "at most 500 tokens");
        fails(2, new String[] {"limit", "--sample", "2000000000"}, "--sample");
        fails(2, new String[] {"limit", "--sample", "1000000000"}, "needs about 8.0 GB");
        fails(2, new String[] {"limit", "--tokens", "0"}, "--tokens must be >= 1");
        fails(2, new String[] {"limit", "--heads", "0"}, "--heads must be >= 1");
        fails(2, new String[] {"limit", "--gram", ";"}, "--gram: row 1 is empty");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
    }

    @Test
    void unwritableOutIsExit1AndOneLine() throws Exception {
        Hardening.unwritableOutFails(dir, "plain", "y.csv", "limit", "--sample", "10");
    }

    @Test
    void manyHeadsAreAnsweredInClosedFormOrRefusedUpFront() throws Exception {
        long start = System.nanoTime();
        // Before: --heads 2147483647 and 100000 ran past 60 s (a program of H heads), 4000 ran out of memory.
        fails(2, new String[] {"limit", "--heads", "2147483647"}, "--heads 2147483647: at most 1000000 heads",
                "infinite-head Gaussian");
        fails(2, new String[] {"limit", "--heads", "1000000", "--sample", "1000000"}, "would take about",
                "fewer --sample or --heads");
        com.fasterxml.jackson.databind.JsonNode one = json("limit", "--heads", "1", "--format", "json");
        for (String h : new String[] {"4000", "100000", "1000000"}) {
            com.fasterxml.jackson.databind.JsonNode many = json("limit", "--heads", h, "--at", "0,1", "--format", "json");
            int heads = Integer.parseInt(h);
            assertThat(many.path("setup").path("heads").asInt()).isEqualTo(heads);
            // E[V] does not depend on H; the excess kurtosis is exactly 3(m2 − m1²)/(H m1²) (Example 3.1): both from the
            // same per-head quadrature, so equal to rounding.
            assertThat(many.path("variance").asDouble()).isCloseTo(one.path("variance").asDouble(),
                    org.assertj.core.api.Assertions.withinPercentage(1e-10));
            assertThat(many.path("excess_kurtosis").asDouble() * heads).isCloseTo(one.path("excess_kurtosis").asDouble(),
                    org.assertj.core.api.Assertions.withinPercentage(1e-8));
            // Nearly Gaussian: the density at 0 is 1/sqrt(2π E[V]) up to O(1/H) (relative 3·kurtosis/8 ≤ 1e-3 here).
            double gauss = 1 / Math.sqrt(2 * Math.PI * one.path("variance").asDouble());
            assertThat(many.path("pdf").get(0).asDouble()).isCloseTo(gauss, org.assertj.core.api.Assertions.withinPercentage(0.1));
        }
        assertThat((System.nanoTime() - start) / 1e9).as("before: minutes, or out of memory").isLessThan(30);
    }

    @Test
    void theTemplateWithTwoHeadsGivenHHeadsIsTheTemplateWithHHeads() {
        // The commands recognise Example 3.1 in a template of two heads and give the setup H heads: the same setup
        // as the template written out with H heads (the heads are iid copies of one block).
        org.attnlimit.calculus.Activation relu = org.attnlimit.calculus.Activation.parse("relu");
        for (int h : new int[] {3, 5}) {
            var full = org.attnlimit.limit.AttentionSetup.of(org.attnlimit.program.AttentionProgram.paper(relu, 3, h, 1.5,
                    0.5, 2, 1), org.attnlimit.program.AttentionProgram.OUTPUT).orElseThrow();
            var two = org.attnlimit.limit.AttentionSetup.of(org.attnlimit.program.AttentionProgram.paper(relu, 3, 2, 1.5,
                    0.5, 2, 1), org.attnlimit.program.AttentionProgram.OUTPUT).orElseThrow().withHeads(h);
            assertThat(two).isEqualTo(full);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String... args) throws Exception {
        return org.attnlimit.report.Json.mapper().readTree(succeeds(args).out());
    }
}
