package org.attnlimit.program;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.attnlimit.finite.ProgramSimulator;
import org.junit.jupiter.api.Test;

/**
 * The crosswise program's limit (Definition 3.1 (B)) against a direct finite-width simulation.
 *
 * <p>Finite-n bias: for this program it is exactly 0. Given the inputs, {@code a1 = WA x1},
 * {@code a4 = WA x4} have {@code E[a1_α a4_β | x] = δ_αβ (x1·x4)/n}, likewise for WB, and WA ⟂ WB, so
 * {@code E[p1 p2] = E[(x1·x4/n)(x2·x3/n)] = E[x1x4]E[x2x3]} because {@code (h1,h4) ⟂ (h2,h3)} and the
 * coordinates are iid; the same argument gives {@code E[p1²] = E[x1²]E[x2²]}. Hence each check is
 * {@code |mean − limit| ≤ z·SE} with no bias term.
 */
class ProgramSimulationTest {

    // 2 widths x 3 statistics = 6 assertions, α = 1e-6 in all → two-sided z = Φ^{-1}(1 − 1e-6/12) = 5.2; use 5.3.
    private static final double Z = 5.3;

    @Test
    void crosswiseCovarianceMatchesFiniteWidthSimulation() {
        Program program = Program.read(Path.of("theory/programs/crosswise.netsor"));
        ProgramLimit limit = ProgramLimit.of(program);
        ProgramSimulator sim = ProgramSimulator.of(program);
        int[][] runs = {{32, 20_000}, {128, 4_000}};
        for (int[] run : runs) {
            int n = run[0];
            int r = run[1];
            UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(20_260_000L + n);
            double[][] stats = new double[3][r];
            for (int i = 0; i < r; i++) {
                ProgramSimulator.Realization z = sim.simulate(n, rng);
                double p1 = z.score("p1");
                double p2 = z.score("p2");
                stats[0][i] = p1 * p2;
                stats[1][i] = p1 * p1;
                stats[2][i] = p2 * p2;
            }
            double[] targets = {limit.covariance("p1", "p2"), limit.covariance("p1", "p1"), limit.covariance("p2", "p2")};
            for (int k = 0; k < 3; k++) {
                double mean = mean(stats[k]);
                double se = Math.sqrt(variance(stats[k], mean) / r);
                assertThat(Math.abs(mean - targets[k])).as("n=%d stat %d: %.5f vs %.5f (SE %.5f)", n, k, mean, targets[k], se)
                        .isLessThanOrEqualTo(Z * se);
            }
        }
        assertThat(limit.covariance("p1", "p2")).isLessThan(-0.05);   // the crosswise term is really there
    }

    @Test
    void sharedMatrixIsSharedAndWidthIsRespected() {
        Program p = Program.parse("input x ~ N(0, 1)\nmatrix W\na = W x\nb = W x\nc = prod(a, b)\n");
        ProgramSimulator.Realization z = ProgramSimulator.of(p).simulate(64, RandomSource.L64_X128_MIX.create(3L));
        assertThat(z.vector("a")).hasSize(64).containsExactly(z.vector("b"));
        assertThat(z.vector("c")[5]).isEqualTo(z.vector("a")[5] * z.vector("b")[5]);
    }

    @Test
    void sameSeedSameRealization() {
        Program p = Program.read(Path.of("theory/programs/attention-s2.netsor"));
        ProgramSimulator sim = ProgramSimulator.of(p);
        var a = sim.simulate(50, RandomSource.L64_X128_MIX.create(9L));
        var b = sim.simulate(50, RandomSource.L64_X128_MIX.create(9L));
        assertThat(a.score("p12")).isEqualTo(b.score("p12"));
        assertThat(a.vector("u2")).containsExactly(b.vector("u2"));
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double variance(double[] x, double m) {
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }
}
