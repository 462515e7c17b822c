package org.attnlimit.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.attnlimit.random.Cancellation;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

class SortedBootstrapTest {
    private static final NormalDistribution PHI = new NormalDistribution(0, 1);

    @Test
    void aReplicateEqualsTheEstimatorsAppliedToTheResampleWrittenOut() {
        // Uniform samples on [−3, 3] against the uniform CDF there: F is linear on every interval, so the
        // Simpson pieces and the crossing interpolation are exact whichever intervals (merged or not) the
        // two computations use, and only rounding separates them.
        UniformRandomProvider u = RandomSource.L64_X128_MIX.create(21);
        double[] x = new double[3000];
        for (int i = 0; i < x.length; i++) {
            x[i] = -3 + 6 * u.nextDouble();
        }
        double[] ref = PaperKlTest.normals(22, 3000);
        Arrays.sort(x);
        double[] grid = KdeKl.paperGrid(x, ref);
        double hx = KernelDensity.scottBandwidth(x);
        double hq = KernelDensity.scottBandwidth(ref);
        BinnedKde kde = BinnedKde.on(grid, 0.5 * Math.min(hx, hq), 2 * Math.max(hx, hq));
        double[] q = kde.evaluate(kde.bin(ref), ref.length, hq);
        SortedBootstrap.KlTarget target = new SortedBootstrap.KlTarget(grid, kde, q);
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(23);
        var poisson = org.apache.commons.rng.sampling.distribution.PoissonSampler.of(rng, 1.0);
        for (int rep = 0; rep < 6; rep++) {
            // Even replicates: Efron's multinomial multiplicities; odd: the Poisson bootstrap's (N* ≠ N).
            int[] counts = new int[x.length];
            for (int i = 0; i < x.length; i++) {
                if (rep % 2 == 0) {
                    counts[rng.nextInt(x.length)]++;
                } else {
                    counts[i] = poisson.sample();
                }
            }
            double[] resample = new double[Arrays.stream(counts).sum()];
            int at = 0;
            for (int k = 0; k < x.length; k++) {
                for (int c = 0; c < counts[k]; c++) {
                    resample[at++] = x[k];
                }
            }
            double[] r = SortedBootstrap.ofCounts(x, SortedBootstrapTest::uniformCdf, -3, 3, target, counts);
            double w1 = Wasserstein.distance(resample, SortedBootstrapTest::uniformCdf, -3, 3);
            double[] p = kde.evaluate(kde.bin(resample), resample.length, KernelDensity.scottBandwidth(resample));
            assertThat(rep % 2 == 0 ? resample.length == x.length : resample.length != x.length).isTrue();
            double kl = KdeKl.discrete(grid, p, q);
            // Same arithmetic in another order (prefix sums of counts, weighted binning): rounding only.
            assertThat(r[0]).isCloseTo(w1, within(1e-12 * w1 + 1e-15));
            assertThat(r[1]).isCloseTo(kl, within(1e-9 * kl));
            // KS: the same comparisons (C_k/N − F, F − C_{k−1}/N) as on the written-out resample, hence equal.
            assertThat(r[2]).isEqualTo(KolmogorovSmirnov.distance(resample, SortedBootstrapTest::uniformCdf));
            assertThat(counts).containsOnly(0);
        }
    }

    private static double uniformCdf(double t) {
        return Math.min(1, Math.max(0, (t + 3) / 6));
    }

    @Test
    void aWrongResampleIsNotMistakenForTheReplicate() {
        // Negative check: the replicate of one count vector does not match the estimators on another.
        double[] x = PaperKlTest.normals(24, 2000);
        Arrays.sort(x);
        int[] counts = new int[x.length];
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(25);
        for (int i = 0; i < x.length; i++) {
            counts[rng.nextInt(x.length)]++;
        }
        double[] r = SortedBootstrap.ofCounts(x, PHI::cumulativeProbability, -12, 12, null, counts);
        double original = Wasserstein.distanceSorted(x, PHI::cumulativeProbability, -12, 12);
        assertThat(Math.abs(r[0] - original)).isGreaterThan(1e-6);
    }

    @Test
    void unitCountsGiveTheEstimateItself() {
        double[] x = PaperKlTest.normals(26, 2000);
        Arrays.sort(x);
        int[] ones = new int[x.length];
        Arrays.fill(ones, 1);
        double[] r = SortedBootstrap.ofCounts(x, PHI::cumulativeProbability, -12, 12, null, ones);
        assertThat(r[0]).isEqualTo(Wasserstein.distanceSorted(x, PHI::cumulativeProbability, -12, 12));
        assertThat(r[2]).isEqualTo(KolmogorovSmirnov.distanceSorted(x, PHI::cumulativeProbability));
    }

    @Test
    void sameReplicatesWhateverTheThreads() {
        double[] x = PaperKlTest.heavyTailed(27, 5000);
        Arrays.sort(x);
        double[] grid = KdeKl.paperGrid(x);
        double h = KernelDensity.scottBandwidth(x);
        BinnedKde kde = BinnedKde.on(grid, 0.5 * h, 2 * h);
        double[] q = BinnedKde.exact(PaperKlTest.normals(28, 500), grid, 0.3);
        SortedBootstrap.KlTarget t = new SortedBootstrap.KlTarget(grid, kde, q);
        SortedBootstrap.Result one = SortedBootstrap.run(x, PHI::cumulativeProbability, -12, 12, t, 30, 7, 1,
                Cancellation.create());
        SortedBootstrap.Result three = SortedBootstrap.run(x, PHI::cumulativeProbability, -12, 12, t, 30, 7, 3,
                Cancellation.create());
        assertThat(three.w1()).containsExactly(one.w1());
        assertThat(three.kl()).containsExactly(one.kl());
        assertThat(three.ks()).containsExactly(one.ks());
        assertThat(one.completed()).isEqualTo(30);
        SortedBootstrap.Result p1 = SortedBootstrap.run(x, PHI::cumulativeProbability, -12, 12, t, 30, 7, 1,
                Cancellation.create(), true);
        SortedBootstrap.Result p3 = SortedBootstrap.run(x, PHI::cumulativeProbability, -12, 12, t, 30, 7, 3,
                Cancellation.create(), true);
        assertThat(p3.w1()).containsExactly(p1.w1());
        assertThat(p3.kl()).containsExactly(p1.kl());
        assertThat(p3.ks()).containsExactly(p1.ks());
    }

    @Test
    void bootstrapSeOfW1MatchesTheSpreadOverIndependentSamples() {
        // Both schemes. 40 independent samples of N(0.3, 1) (n = 2000) give the true sd of W1 to the normal law; the
        // bootstrap SE of one sample estimates it. The sd over 40 samples is itself uncertain by
        // ≈ 1/√(2·39) = 11%, the bootstrap SE (B = 200) by ≈ 5% plus its own sampling variability; a factor
        // 1.6 either way is beyond 4 such errors combined.
        int n = 2000;
        double[] w = new double[40];
        for (int s = 0; s < w.length; s++) {
            double[] y = PaperKlTest.normals(100 + s, n);
            for (int i = 0; i < n; i++) {
                y[i] += 0.3;
            }
            w[s] = Wasserstein.distance(y, PHI::cumulativeProbability, -12, 12);
        }
        double mean = Arrays.stream(w).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(w).map(v -> (v - mean) * (v - mean)).sum() / (w.length - 1));
        double[] y = PaperKlTest.normals(99, n);
        for (int i = 0; i < n; i++) {
            y[i] += 0.3;
        }
        Arrays.sort(y);
        for (boolean poisson : new boolean[] {false, true}) {
            SortedBootstrap.Result r = SortedBootstrap.run(y, PHI::cumulativeProbability, -12, 12, null, 200, 5, 2,
                    Cancellation.create(), poisson);
            double se = Bootstrap.normalInterval(0.3, r.w1(), r.completed(), 0.05).halfWidth() / 1.959963984540054;
            assertThat(se / sd).as("poisson = %s", poisson).isBetween(1 / 1.6, 1.6);
        }
    }

    @Test
    void bootstrapSeOfKsMatchesTheSpreadOverIndependentSamples() {
        // As for W1: 40 independent samples of N(0.3, 1) (n = 2000) against Φ give the true sd of the KS distance
        // (D ≈ 0.12, far above its floor ≈ 0.02, so D_N is asymptotically normal and the bootstrap consistent); the
        // bootstrap SE of one sample (B = 200) must agree within a factor 1.6 (beyond 4 of the errors combined:
        // 11% for the sd over 40, 5% + sampling for the SE). Negative control: the SE of a sample of n/9 points,
        // three times larger, is refused by the same band.
        int n = 2000;
        double[] d = new double[40];
        for (int s = 0; s < d.length; s++) {
            d[s] = KolmogorovSmirnov.distance(shifted(200 + s, n), PHI::cumulativeProbability);
        }
        double mean = Arrays.stream(d).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(d).map(v -> (v - mean) * (v - mean)).sum() / (d.length - 1));
        for (boolean poisson : new boolean[] {false, true}) {
            assertThat(ksSe(shifted(199, n), poisson) / sd).as("poisson = %s", poisson).isBetween(1 / 1.6, 1.6);
        }
        assertThat(ksSe(shifted(198, n / 9), false) / sd).isGreaterThan(1.6);
    }

    private static double[] shifted(long seed, int n) {
        double[] y = PaperKlTest.normals(seed, n);
        for (int i = 0; i < n; i++) {
            y[i] += 0.3;
        }
        Arrays.sort(y);
        return y;
    }

    private static double ksSe(double[] sorted, boolean poisson) {
        SortedBootstrap.Result r = SortedBootstrap.run(sorted, PHI::cumulativeProbability, -12, 12, null, 200, 6, 2,
                Cancellation.create(), poisson);
        return Bootstrap.normalInterval(0.3, r.ks(), r.completed(), 0.05).halfWidth() / 1.959963984540054;
    }

    @Test
    void aCancelledRunKeepsNoReplicates() {
        double[] x = PaperKlTest.normals(29, 1000);
        Arrays.sort(x);
        Cancellation c = Cancellation.create();
        c.cancel();
        SortedBootstrap.Result r = SortedBootstrap.run(x, PHI::cumulativeProbability, -12, 12, null, 50, 1, 2, c);
        assertThat(r.completed()).isZero();
        assertThat(r.requested()).isEqualTo(50);
    }
}
