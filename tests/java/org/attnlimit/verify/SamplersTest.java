package org.attnlimit.verify;

import org.attnlimit.numerics.Softmax;
import org.attnlimit.numerics.PsdRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attnlimit.calculus.Activation;
import org.attnlimit.random.ParallelSampler;
import org.junit.jupiter.api.Test;

class SamplersTest {

    @Test
    void sameSeedSameDrawsAnyThreadCount() {
        ScoreArray head = ScoreArray.attentionHead(Activation.clip(1), 2);
        double[] t = {1, 0.5, -0.7, 0.3};
        ParallelSampler one = new ParallelSampler(11, 192, 1);
        ParallelSampler two = one.withThreads(2);
        assertThat(ScoreArraySampler.pairs(head, t, 32, 2000, two).x1())
                .containsExactly(ScoreArraySampler.pairs(head, t, 32, 2000, one).x1());
        assertThat(ScoreArraySampler.scores(head, 32, 500, new ParallelSampler(3, 256, 2))[499])
                .containsExactly(ScoreArraySampler.scores(head, 32, 500, new ParallelSampler(3, 256, 1))[499]);
        assertThat(ScoreArraySampler.grams(head, 32, 600, new ParallelSampler(4, 256, 2))[599])
                .containsExactly(ScoreArraySampler.grams(head, 32, 600, new ParallelSampler(4, 256, 1))[599]);
        Settings twoThreads = new Settings(new int[] {16}, 2000, 3, 2, null);
        LemmaD3Check d3 = new LemmaD3Check();
        assertThat(d3.run(twoThreads).rows()).isEqualTo(d3.run(twoThreads.withThreads(1)).rows());
        AttentionCase layer = AttentionCase.standard(2);
        assertThat(layer.finiteDraws(32, 700, new ParallelSampler(5, 128, 2))[0])
                .containsExactly(layer.finiteDraws(32, 700, new ParallelSampler(5, 128, 1))[0]);
        assertThat(layer.limitV(700, new ParallelSampler(5, 64, 2)))
                .containsExactly(layer.limitV(700, new ParallelSampler(5, 64, 1)));
    }

    /**
     * The O(v³) Wishart draw of the scores and the coordinate-by-coordinate sum have the same law: crosswise
     * program at n = 6 (few coordinates, where a wrong Bartlett factor would show most), 100 000 draws each from
     * independent streams: E p and E p² of both scores and the cross moment E p1 p2 (the crosswise term), 5
     * assertions at z = 5.3 (with the 3 of the next test, alpha about 1e-6 overall). A negative control shows
     * the comparison rejecting a 21% change of E p².
     */
    @Test
    void wishartScoresHaveTheLawOfTheCoordinateSum() {
        ScoreArray cross = ScoreArray.crosswise(Activation.clip(1), 0.7);
        int count = 100_000;
        double[][] w = ScoreArraySampler.scores(cross, 6, count, new ParallelSampler(41, 4096, 2), true);
        double[][] rows = ScoreArraySampler.scores(cross, 6, count, new ParallelSampler(42, 4096, 2), false);
        for (int k = 0; k < 2; k++) {
            final int kk = k;
            assertSameMean(column(w, p -> p[kk]), column(rows, p -> p[kk]), "E p" + k);
            assertSameMean(column(w, p -> p[kk] * p[kk]), column(rows, p -> p[kk] * p[kk]), "E p" + k + "^2");
        }
        assertSameMean(column(w, p -> p[0] * p[1]), column(rows, p -> p[0] * p[1]), "E p1 p2");
        // Negative control: the same comparison against scores scaled by 1.1 (a 21% change of E p²) fails.
        double[] wrong = column(rows, p -> 1.21 * p[0] * p[0]);
        double[] right = column(w, p -> p[0] * p[0]);
        assertThat(Math.abs(Sample.of(right).mean() - Sample.of(wrong).mean()))
                .isGreaterThan(5.3 * Math.hypot(Sample.of(right).se(), Sample.of(wrong).se()));
    }

    /**
     * The suite's attention layer draws a head's scores and value Gram from their exact laws given the inputs
     * (chi-square and Bartlett, O(s²)); the reference here sums the n coordinates explicitly. n = 4, two tokens,
     * one head, 100 000 draws each from independent streams: E V_n, E V_n² and E V(p_n) agree (3 assertions at
     * z = 5.3), and a reference without the value Gram's fluctuation (Ĝ_v = Ĝ_x) is rejected.
     */
    @Test
    void exactHeadDrawsHaveTheLawOfTheCoordinateSums() {
        AttentionCase layer = AttentionCase.standard(1);
        int n = 4;
        int count = 100_000;
        double[][] fast = layer.finiteDraws(n, count, new ParallelSampler(51, 4096, 2));
        double[][] slow = referenceDraws(layer, n, count, new ParallelSampler(52, 4096, 2), true);
        assertSameMean(fast[0], slow[0], "E V_n");
        assertSameMean(column2(fast[0]), column2(slow[0]), "E V_n^2");
        assertSameMean(fast[1], slow[1], "E V(p_n)");
        double[][] noValueNoise = referenceDraws(layer, n, count, new ParallelSampler(53, 4096, 2), false);
        double[] a = column2(fast[0]);
        double[] b = column2(noValueNoise[0]);
        assertThat(Math.abs(Sample.of(a).mean() - Sample.of(b).mean()))
                .isGreaterThan(5.3 * Math.hypot(Sample.of(a).se(), Sample.of(b).se()));
    }

    /** Coordinate by coordinate, as the suite drew them before the O(s²) shortcut: {V_n, V(p_n)} per draw. */
    private static double[][] referenceDraws(AttentionCase layer, int n, int count, ParallelSampler sampler,
            boolean valueNoise) {
        int s = layer.tokens();
        double[] a = layer.tokenScales();
        double c = layer.c();
        double[] flat = sampler.sample(2 * count, (rng, out, from, to) -> {
            org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian g =
                    org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(rng);
            for (int i = from; i < to; i += 2) {
                double[][] x = new double[s][n];
                double[][] gram = new double[s][s];
                for (int al = 0; al < n; al++) {
                    for (int j = 0; j < s; j++) {
                        x[j][al] = a[j] * Math.max(-c, Math.min(c, g.sample()));
                    }
                }
                for (int j = 0; j < s; j++) {
                    for (int l = 0; l < s; l++) {
                        for (int al = 0; al < n; al++) {
                            gram[j][l] += x[j][al] * x[l][al] / n;
                        }
                    }
                }
                double[][] f = PsdRoot.cholesky(gram);
                double[] p = new double[s];
                double[][] gv = new double[s][s];
                for (int al = 0; al < n; al++) {
                    double q = Math.sqrt(gram[0][0]) * g.sample();
                    double[] zk = {g.sample(), g.sample()};
                    double[] zv = {g.sample(), g.sample()};
                    double[] k = new double[s];
                    double[] v = new double[s];
                    for (int j = 0; j < s; j++) {
                        for (int l = 0; l <= j; l++) {
                            k[j] += f[j][l] * zk[l];
                            v[j] += f[j][l] * zv[l];
                        }
                        p[j] += q * k[j] / Math.sqrt(n);
                    }
                    for (int j = 0; j < s; j++) {
                        for (int l = 0; l < s; l++) {
                            gv[j][l] += v[j] * v[l] / n;
                        }
                    }
                }
                double[] w = Softmax.weights(p);
                double vn = 0;
                double vp = 0;
                for (int j = 0; j < s; j++) {
                    for (int l = 0; l < s; l++) {
                        vn += w[j] * (valueNoise ? gv[j][l] : gram[j][l]) * w[l];
                    }
                    vp += w[j] * w[j] * layer.kernelDiagonal(j);
                }
                out[i] = vn;
                out[i + 1] = vp;
            }
        }, null);
        double[][] rows = new double[2][count];
        for (int i = 0; i < count; i++) {
            rows[0][i] = flat[2 * i];
            rows[1][i] = flat[2 * i + 1];
        }
        return rows;
    }

    private static void assertSameMean(double[] a, double[] b, String what) {
        Sample x = Sample.of(a);
        Sample y = Sample.of(b);
        assertThat(Math.abs(x.mean() - y.mean())).as(what).isLessThanOrEqualTo(5.3 * Math.hypot(x.se(), y.se()));
    }

    private static double[] column(double[][] draws, java.util.function.ToDoubleFunction<double[]> f) {
        return java.util.Arrays.stream(draws).mapToDouble(f).toArray();
    }

    private static double[] column2(double[] x) {
        return java.util.Arrays.stream(x).map(v -> v * v).toArray();
    }

    @Test
    void inputKernelMatchesTheHandCheckedNumbers() {
        // Appendix B.1 and B.3.2: E[clip_1(Z)^2] = 0.516059 (6 digits); E[ReLU(Z)^2] = 1/2; off-diagonal ReLU 1/(2 pi).
        assertThat(InputKernel.pair(Activation.clip(1), 1)).isCloseTo(0.516059, within(5e-7));
        assertThat(InputKernel.pair(Activation.relu(), 1)).isCloseTo(0.5, within(1e-15));
        assertThat(InputKernel.pair(Activation.relu(), 0)).isCloseTo(1 / (2 * Math.PI), within(1e-15));
        // clip: E clip = 0 gives 0 at rho = 0, and continuity at rho -> 1 (quadrature error ~1e-9).
        assertThat(InputKernel.pair(Activation.clip(1), 0)).isCloseTo(0, within(1e-12));
        assertThat(InputKernel.pair(Activation.clip(1), 0.999999)).isCloseTo(0.516059, within(1e-5));
        // Odd symmetry: E[clip(U)clip(V)] at -rho is minus the value at rho.
        assertThat(InputKernel.pair(Activation.clip(1), -0.7)).isCloseTo(-InputKernel.pair(Activation.clip(1), 0.7),
                within(1e-12));
    }

    @Test
    void crosswiseCovarianceComesFromTheSecondIsserlisProduct() {
        ScoreArray cross = ScoreArray.crosswise(Activation.clip(1), 0.7);
        double kxy = InputKernel.pair(Activation.clip(1), 0.7);
        assertThat(ScoreLimit.of(cross).covariance()[0][1]).isCloseTo(kxy * kxy, within(1e-15));
        assertThat(ScoreLimit.withoutCrosswiseTerm(cross).covariance()[0][1]).isZero();
    }

    @Test
    void infiniteHeadVarianceByQuadratureMatchesALargeMonteCarlo() {
        // 400 000 draws of V: SE ~ 0.0006; z = 4.9 gives +/- 0.003.
        AttentionCase layer = AttentionCase.standard(1);
        Sample s = Sample.of(layer.limitV(400_000, new ParallelSampler(9, 4096, 2)));
        assertThat(s.mean()).isCloseTo(layer.meanV(), within(s.halfWidth()));
    }
}
