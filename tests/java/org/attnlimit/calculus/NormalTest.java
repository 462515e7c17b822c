package org.attnlimit.calculus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The truncated moments without cancellation on narrow intervals (clip with tiny c, or huge variance). */
class NormalTest {

    @Test
    void bothFormulasAgreeWhereBothAreAccurate() {
        // On widths 0.3 to 0.5 the recursion loses at most about one digit, Gauss–Legendre none: their
        // difference must stay below 1e-14 of the scale ∫_α^β |x|^j φ(x) dx ≤ max(|α|, |β|)^j M_0.
        for (double centre : new double[] {0, 0.7, -2.3, 5, 9}) {
            for (double w : new double[] {0.3, 0.4, Normal.NARROW}) {
                double a = centre - w / 2;
                double b = centre + w / 2;
                double[] gl = Normal.narrowMoments(a, b, 4);
                double[] rec = Normal.recursionMoments(a, b, 4);
                double reach = Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
                for (int j = 0; j <= 4; j++) {
                    double scale = Math.pow(reach, j) * gl[0];
                    assertThat(gl[j]).as("centre %s, width %s, j = %d", centre, w, j)
                            .isCloseTo(rec[j], within(1e-14 * scale));
                }
            }
        }
        // The switch itself: just narrower than NARROW goes to Gauss–Legendre, just wider to the recursion.
        assertThat(Normal.truncatedMoments(0, Normal.NARROW, 2)).containsExactly(Normal.narrowMoments(0, Normal.NARROW, 2));
        assertThat(Normal.truncatedMoments(0, 0.6, 2)).containsExactly(Normal.recursionMoments(0, 0.6, 2));
    }

    @Test
    void tinyIntervalsKeepTheirLeadingTerm() {
        // M_j(-c, c) = ∫ x^j φ(x) dx = 2 φ(0) c^{j+1}/(j+1) (1 + O(c²)) for even j, 0 for odd j.
        double phi0 = Normal.pdf(0);
        for (double c : new double[] {1e-3, 1e-40, 1e-75}) {
            double[] m = Normal.truncatedMoments(-c, c, 4);
            assertThat(m[0] / (2 * phi0 * c)).isCloseTo(1, within(1e-12 + c * c));
            assertThat(m[2] / (2 * phi0 * Math.pow(c, 3) / 3)).isCloseTo(1, within(1e-12 + c * c));
            assertThat(Math.abs(m[1])).isLessThanOrEqualTo(1e-15 * m[0] * c);
        }
    }

    @Test
    void theRecursionAloneWouldCancel() {
        // The negative test of the narrow-interval rule: the integration-by-parts recursion on (-c, c) with
        // c = 1e-300 gives M_2 = −2cφ(c) + M_0 with M_0 = Φ(c) − Φ(−c) = 0 in doubles: negative.
        double c = 1e-300;
        assertThat(Normal.recursionMoments(-c, c, 2)[2]).isNegative();
        assertThat(Normal.truncatedMoments(-1e-30, 1e-30, 2)[2]).isPositive();
    }
}
