package org.attnlimit.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * Distances on known distributions. Random assertions: 6 in this class, α = 1e-6 overall, so each
 * uses α_i = 1.7e-7 (DKW ε at that level, or z = 5.2 for standard errors).
 */
class DistancesTest {
    private static final NormalDistribution PHI = new NormalDistribution(0, 1);
    private static final int N = 20_000;
    private static final double ALPHA_I = 1.7e-7;
    private static final double Z = 5.2;

    static double[] normals(long seed, int n, double shift) {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = g.sample() + shift;
        }
        return x;
    }

    @Test
    void ksOfNormalSampleAgainstPhi() {
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(normals(1, N, 0), PHI::cumulativeProbability, 0.05);
        // DKW: P(D_N > ε) ≤ 2e^{−2Nε²} = α_i.
        assertThat(r.distance()).isLessThan(KolmogorovSmirnov.dkwEpsilon(N, ALPHA_I));
        assertThat(r.pValue()).isGreaterThan(ALPHA_I);
    }

    @Test
    void ksOfShiftedNormalIsTheTrueDistance() {
        double shift = 0.1;
        double d = KolmogorovSmirnov.distance(normals(2, N, shift), PHI::cumulativeProbability);
        double truth = 2 * PHI.cumulativeProbability(shift / 2) - 1; // sup|Φ(x−μ) − Φ(x)| at x = μ/2
        assertThat(d).isCloseTo(truth, within(KolmogorovSmirnov.dkwEpsilon(N, ALPHA_I)));
    }

    @Test
    void w1BetweenShiftedNormalsIsTheShift() {
        // Deterministic: the midpoint-quantile grid of N(μ, 1) against Φ. W1(N(μ,1), Φ) = μ exactly;
        // the grid's own W1 to N(μ,1) is at most (range of the grid)/(2N) + tail mass beyond it ≤ 10/N.
        int n = 10_000;
        double mu = 0.3;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = PHI.inverseCumulativeProbability((i + 0.5) / n) + mu;
        }
        TabulatedLaw law = TabulatedLaw.of(PHI::cumulativeProbability, PHI::density, -9, 9, 20_000);
        assertThat(Wasserstein.distance(x, law::cdf, law.lower(), law.upper())).isCloseTo(mu, within(10.0 / n));
        assertThat(Wasserstein.distance(x, PHI::cumulativeProbability, -9, 9)).isCloseTo(mu, within(10.0 / n));
    }

    @Test
    void twoSampleW1OfShiftedCopiesIsTheShift() {
        double[] x = normals(3, 1000, 0);
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += 0.25;
        }
        assertThat(Wasserstein.twoSample(x, y)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void twoSampleKsIsExactOnSmallSamples() {
        // Exact values: identical samples 0; disjoint supports 1; {0,1} vs {0.5, 2}: sup at t=1 is |1 - 1/2|.
        assertThat(KolmogorovSmirnov.twoSampleDistance(new double[] {0, 1, 2}, new double[] {0, 1, 2})).isZero();
        assertThat(KolmogorovSmirnov.twoSampleDistance(new double[] {0, 1}, new double[] {5, 6})).isEqualTo(1.0);
        assertThat(KolmogorovSmirnov.twoSampleDistance(new double[] {0, 1}, new double[] {0.5, 2})).isEqualTo(0.5);
    }

    @Test
    void kdeKlOfOneLawIsAtTheNoiseFloor() {
        double[] a = normals(4, 50_000, 0);
        double[] b = normals(5, 50_000, 0);
        // The paper's floor at 50k samples is about 5e-4; allow 10× that.
        assertThat(KdeKl.estimate(a, b)).isBetween(-1e-4, 5e-3);
        assertThat(KdeKl.againstDensity(a, PHI::density, KdeKl.paperGrid(a))).isBetween(-1e-4, 5e-3);
    }

    @Test
    void kdeKlOfShiftedNormalsIsNearTheClosedForm() {
        double[] a = normals(6, 50_000, 0.5);
        double[] b = normals(7, 50_000, 0);
        // KL(N(μ,1)‖N(0,1)) = μ²/2 = 0.125; both KDEs widen the variance to 1 + h², h ≈ 0.11, giving
        // 0.125/(1 + h²) ≈ 0.1235; allow the noise floor and the estimate's spread, 0.01.
        assertThat(KdeKl.estimate(a, b)).isCloseTo(0.125, within(0.01));
    }

    @Test
    void momentsOfNormalSample() {
        Moments m = Moments.of(normals(8, N, 0));
        assertThat(Math.abs(m.variance() - 1)).isLessThan(Z * m.varianceSe());
        assertThat(Math.abs(m.excessKurtosis())).isLessThan(Z * m.excessKurtosisSe());
    }

    @Test
    void powerLawFitRecoversTheExponent() {
        double[] n = {16, 64, 256, 1024};
        double[] d = {3.0 / 16, 3.0 / 64, 3.0 / 256, 3.0 / 1024};
        assertThat(PowerLawFit.of(n, d, 0.05).slope()).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void bootstrapIntervalCoversTheMean() {
        double[] x = normals(9, 2000, 1.0);
        Interval ci = Bootstrap.interval(x, s -> java.util.Arrays.stream(s).average().orElseThrow(), 200, 0.05, 1);
        // The 95% half-width is 1.96·SE, SE = 1/√2000, i.e. 0.044; B = 200 replicates estimate the SE to
        // about ±1/√(2B) = ±5% (0.0022), so 0.015 is almost seven such errors.
        assertThat(ci.halfWidth()).isCloseTo(1.96 / Math.sqrt(2000), within(0.015));
        assertThat(ci.lower()).isLessThan(ci.estimate());
        assertThat(ci.upper()).isGreaterThan(ci.estimate());
    }
}
