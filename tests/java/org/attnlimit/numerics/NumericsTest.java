package org.attnlimit.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attnlimit.calculus.Activation;
import org.junit.jupiter.api.Test;

/** The one softmax, the one PSD root and the one {@code sup|φ|}, checked against their definitions. */
class NumericsTest {

    @Test
    void softmaxIsShiftInvariantAndFiniteForHugeScores() {
        double[] p = {0.3, -1.2, 2.0};
        double[] w = Softmax.weights(p);
        double norm = Math.exp(0.3) + Math.exp(-1.2) + Math.exp(2.0);
        // Deterministic arithmetic on three terms: a few ulps.
        assertThat(w[2]).isCloseTo(Math.exp(2.0) / norm, within(1e-15));
        double[] shifted = Softmax.weights(new double[] {1000.3, 998.8, 1002.0});
        for (int j = 0; j < 3; j++) {
            assertThat(shifted[j]).isCloseTo(w[j], within(1e-12));   // 1000·ε relative rounding of the shift
        }
        double[] u = {1, 2, 3};
        assertThat(Softmax.dot(p, u, 3)).isCloseTo(w[0] + 2 * w[1] + 3 * w[2], within(1e-15));
        assertThat(Softmax.quadratic(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, w))
                .isCloseTo(w[0] * w[0] + w[1] * w[1] + w[2] * w[2], within(1e-15));
    }

    @Test
    void choleskyOfASingularGramReproducesIt() {
        // rank 2: the third row is the sum of the first two
        double[][] g = {{2, 1, 3}, {1, 2, 3}, {3, 3, 6}};
        double[][] l = PsdRoot.cholesky(g);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += l[i][k] * l[j][k];
                }
                assertThat(s).isCloseTo(g[i][j], within(1e-12));   // entries O(1), zero pivot cut at 1e-13·tr
                if (j > i) {
                    assertThat(l[i][j]).isZero();
                }
            }
        }
        assertThat(l[2][2]).isZero();
    }

    @Test
    void symmetricRootSquaresToTheScaledMatrix() {
        double[][] g = {{2, 1, 3}, {1, 2, 3}, {3, 3, 6}};
        double[][] r = PsdRoot.symmetric(g, 0.5);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += r[i][k] * r[k][j];
                }
                assertThat(r[i][j]).isCloseTo(r[j][i], within(1e-14));
                // a zero eigenvalue of rounding size 1e-15 enters as √1e-15 ≈ 3e-8 times a unit vector, squared 1e-15
                assertThat(s).isCloseTo(0.5 * g[i][j], within(1e-12));
            }
        }
    }

    @Test
    void supAbsIsTheSupremumOfTheCatalogue() {
        for (String spec : new String[] {"clip:c=1.5", "step", "tanh", "erf", "sigmoid"}) {
            Activation phi = Activation.parse(spec);
            double sup = phi.supAbs();
            double seen = 0;
            for (double t = -40; t <= 40; t += 0.01) {
                seen = Math.max(seen, Math.abs(phi.apply(t)));
            }
            assertThat(seen).isLessThanOrEqualTo(sup);
            // every bounded φ of the catalogue is within e^{-40}·(a small constant) of its supremum at |t| = 40
            assertThat(seen).isCloseTo(sup, within(1e-12));
            assertThat(phi.isBounded()).isTrue();
        }
        for (String spec : new String[] {"relu", "identity", "gelu", "leaky-relu:a=0.1"}) {
            assertThat(Activation.parse(spec).supAbs()).isInfinite();
            assertThat(Activation.parse(spec).isBounded()).isFalse();
        }
    }
}
