package org.attnlimit.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

class ProgramLimitTest {

    /** Appendix B.1: E[clip_c(Z)²] = 2Φ(c) − 1 − 2cφ(c) + 2c²(1 − Φ(c)) at c = 1. */
    static final double CLIP1_SECOND_MOMENT;

    static {
        NormalDistribution n = new NormalDistribution(0, 1);
        CLIP1_SECOND_MOMENT = 2 * n.cumulativeProbability(1) - 1 - 2 * n.density(1) + 2 * (1 - n.cumulativeProbability(1));
    }

    @Test
    void paperMultiHeadProgramGivesExample31Covariances() {
        Program p = Program.read(Path.of("theory/programs/mha-s4-h2.netsor"));
        ProgramLimit limit = ProgramLimit.of(p);
        int s = 4;
        double[][] k = new double[s][s];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                k[i][j] = limit.secondMoment("x" + (i + 1), "x" + (j + 1));
            }
        }
        // Inputs x_j = clip_1(W_j h), independent, centred: K = E[clip_1(Z)²] I. The calculus's error
        // bound is ~1e-14, so 1e-12 is safe.
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                assertThat(k[i][j]).isCloseTo(i == j ? CLIP1_SECOND_MOMENT : 0.0, within(1e-12));
            }
        }
        // Example 3.1: Cov(p^a_ij, p^b_kl) = δ_ab σ_Q²σ_K² K_ik K_jl (σ's = 1), over all 32 x 32 pairs.
        // Both sides are products of the same computed K entries: agreement to round-off (1e-15).
        List<String> scores = p.scores();
        double[][] c = limit.scoreCovariance();
        for (int x = 0; x < scores.size(); x++) {
            for (int y = 0; y < scores.size(); y++) {
                int[] u = indices(scores.get(x));
                int[] v = indices(scores.get(y));
                double expected = u[0] == v[0] ? k[u[1]][v[1]] * k[u[2]][v[2]] : 0.0;
                assertThat(c[x][y]).as(scores.get(x) + "," + scores.get(y)).isCloseTo(expected, within(1e-15));
                assertThat(limit.covariance(scores.get(x), scores.get(y))).isEqualTo(c[x][y]);
            }
        }
        assertThat(limit.covariance("p1_11", "x1")).isZero();   // p̊ independent of every Z^h
    }

    /** p<a>_<i><j> → {a, i−1, j−1}. */
    private static int[] indices(String score) {
        int a = score.charAt(1) - '0';
        return new int[] {a, score.charAt(3) - '1', score.charAt(4) - '1'};
    }

    @Test
    void singleHeadS2RowOneScoresAreIndependentWithVarianceSigma4() {
        // Example 3.1 with Appendix B.1's inputs: for s = 2, one head, clip c = 1, the row-1 scores are independent N(0, σ⁴), σ² ≈ 0.516059.
        ProgramLimit limit = ProgramLimit.of(Program.read(Path.of("theory/programs/attention-s2.netsor")));
        assertThat(CLIP1_SECOND_MOMENT).isCloseTo(0.516059, within(5e-7));
        assertThat(limit.covariance("p11", "p11")).isCloseTo(CLIP1_SECOND_MOMENT * CLIP1_SECOND_MOMENT, within(1e-12));
        assertThat(limit.covariance("p12", "p12")).isCloseTo(CLIP1_SECOND_MOMENT * CLIP1_SECOND_MOMENT, within(1e-12));
        assertThat(limit.covariance("p11", "p12")).isZero();
    }

    @Test
    void crosswiseSharingGivesTheSecondIsserlisProduct() {
        ProgramLimit limit = ProgramLimit.of(Program.read(Path.of("theory/programs/crosswise.netsor")));
        double e14 = limit.secondMoment("x1", "x4");
        double e23 = limit.secondMoment("x2", "x3");
        assertThat(e14).isPositive();
        assertThat(e23).isNegative();
        // Cov(p1, p2) = C(a1,b3)C(b2,a4) + C(a1,a4)C(b2,b3) = 0 + E[x1x4]E[x2x3] (σ_W = 1)
        assertThat(limit.covariance("p1", "p2")).isCloseTo(e14 * e23, within(1e-15));
        assertThat(limit.covariance("a1", "b3")).isZero();
        assertThat(limit.covariance("a1", "a4")).isEqualTo(e14);
    }

    @Test
    void productsAreExactByIsserlisAndLinearScoresVanish() {
        ProgramLimit limit = ProgramLimit.of(Program.read(Path.of("theory/programs/products.netsor")));
        // a ~ N(0.5, 1), b ~ N(0, 2), Cov(a, b) = 0.3:  c = ab, d = a + b + c.
        double ma = 0.5;
        double c = 0.3;
        assertThat(limit.mean("c")).isCloseTo(c + ma * 0, within(1e-15));
        // E[(ab)²] = E[a²]E[b²] + 2 Cov(a,b)² + 4 μ_a·0… with μ_b = 0: E[a²b²] = (1 + 0.25)·2 + 2·0.09 = 2.68
        assertThat(limit.secondMoment("c", "c")).isCloseTo(2.68, within(1e-14));
        // E[d] = 0.5 + 0 + 0.3
        assertThat(limit.mean("d")).isCloseTo(0.8, within(1e-15));
        assertThat(limit.covariance("g1", "g1")).isCloseTo(2 * 2.68, within(1e-13));   // σ_W² = 2
        assertThat(limit.covariance("pl", "pl")).isZero();
        assertThat(limit.covariance("p", "pl")).isZero();
        assertThat(limit.covariance("p", "p")).isPositive();
        assertThat(limit.table()).anyMatch(e -> e.method().equals("quadrature"));
    }

    @Test
    void scalingDirectiveAppliesToLaterScores() {
        Program p = Program.parse("""
                input x y ~ N(0, I)
                matrix A B
                a = A x
                b = B y
                p = score(a, b)
                scaling linear
                q = score(a, b)
                """);
        ProgramLimit limit = ProgramLimit.of(p);
        assertThat(limit.covariance("p", "p")).isCloseTo(1.0, within(1e-15));   // C(a,a)C(b,b) = 1·1
        assertThat(limit.covariance("q", "q")).isZero();                          // 1/n scaling: p̊ = 0
        assertThat(limit.covariance("p", "q")).isZero();
    }

    @Test
    void tableNamesEveryEntryAndStatesItsTier() {
        ProgramLimit limit = ProgramLimit.of(Program.read(Path.of("theory/programs/attention-s2.netsor")));
        List<CovarianceEntry> table = limit.table();
        assertThat(table).anyMatch(e -> e.kind().equals("score") && e.a().equals("p11") && e.b().equals("p11"));
        assertThat(table).anyMatch(e -> e.kind().equals("matmul") && e.formula().contains("\\sigma_{\\mathrm{WQ}}^2"));
        assertThat(table).allMatch(e -> e.method() != null && Double.isFinite(e.value()) && e.errorBound() >= 0);
    }
}
