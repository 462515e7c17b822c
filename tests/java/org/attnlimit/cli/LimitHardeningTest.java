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
}
