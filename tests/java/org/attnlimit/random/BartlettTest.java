package org.attnlimit.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * {@code T Tᵀ ~ Wishart_s(n, I)}: {@code E[W_ii] = n}, {@code Var W_ii = 2n}, {@code E[W_ij] = 0} and
 * {@code Var W_ij = n} off the diagonal. Checked on M draws within z·SE with the SE from the formulas;
 * 2·s + s(s−1)/2 = 14 assertions for s = 4 (and the negative control), α = 1e-6 in all → z = 5.6.
 */
class BartlettTest {
    private static final double Z = 5.6;
    private static final int S = 4;
    private static final int N = 9;
    private static final int M = 40_000;

    @Test
    void gramOfTheFactorIsStandardWishart() {
        double[][] mean = wishartMeans(false);
        for (int i = 0; i < S; i++) {
            // E[W_ii] = n; SE = √(2n/M)
            assertThat(mean[i][i]).as("E W_%d%d", i, i).isCloseTo(N, org.assertj.core.api.Assertions.within(
                    Z * Math.sqrt(2.0 * N / M)));
            for (int j = 0; j < i; j++) {
                // E[W_ij] = 0; SE = √(n/M)
                assertThat(mean[i][j]).as("E W_%d%d", i, j).isCloseTo(0, org.assertj.core.api.Assertions.within(
                        Z * Math.sqrt((double) N / M)));
            }
        }
    }

    @Test
    void aFactorWithTheWrongDegreesOfFreedomFails() {
        // Negative control: χ²_n on every diagonal entry (ignoring the −i) gives E[W_ii] = n + i, seen at i = 3.
        double[][] mean = wishartMeans(true);
        assertThat(Math.abs(mean[S - 1][S - 1] - N)).isGreaterThan(Z * Math.sqrt(2.0 * (N + S) / M));
    }

    @Test
    void theRowMajorDrawIsTheSameFactorScaled() {
        UniformRandomProvider a = RandomSource.L64_X128_MIX.create(5L);
        UniformRandomProvider b = RandomSource.L64_X128_MIX.create(5L);
        double[][] t = new double[S][S];
        new Bartlett(S, N, a, ZigguratSampler.NormalizedGaussian.of(a)).draw(t);
        double[] l = new double[S * S];
        new Bartlett(S, N, b, ZigguratSampler.NormalizedGaussian.of(b)).draw(l, 0.5);
        for (int i = 0; i < S; i++) {
            for (int j = 0; j < S; j++) {
                assertThat(l[i * S + j]).isEqualTo(0.5 * t[i][j]);
            }
        }
        assertThatThrownBy(() -> new Bartlett(5, 4, a, ZigguratSampler.NormalizedGaussian.of(a)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double[][] wishartMeans(boolean wrong) {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(20261208L);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        Bartlett right = new Bartlett(S, N, rng, g);
        Bartlett[] full = new Bartlett[S];
        for (int i = 0; i < S; i++) {
            full[i] = new Bartlett(1, N, rng, g);   // χ²_n for every diagonal entry
        }
        double[][] t = new double[S][S];
        double[][] one = new double[1][1];
        double[][] mean = new double[S][S];
        for (int m = 0; m < M; m++) {
            right.draw(t);
            if (wrong) {
                for (int i = 0; i < S; i++) {
                    full[i].draw(one);
                    t[i][i] = one[0][0];
                }
            }
            for (int i = 0; i < S; i++) {
                for (int j = 0; j <= i; j++) {
                    double w = 0;
                    for (int k = 0; k <= j; k++) {
                        w += t[i][k] * t[j][k];
                    }
                    mean[i][j] += w / M;
                }
            }
        }
        return mean;
    }
}
