package org.attnlimit.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.junit.jupiter.api.Test;

class HermiteRuleTest {

    @Test
    void matchesHipparchusAtLowOrders() {
        GaussIntegratorFactory factory = new GaussIntegratorFactory();
        for (int n : new int[] {1, 2, 5, 16, 40}) {
            GaussIntegrator ref = factory.hermite(n);
            double[] x = HermiteRule.of(n).points();
            double[] w = HermiteRule.of(n).weights();
            // Hipparchus's rule is for weight exp(−x²); ours for N(0,1). Both are accurate to a few ulps
            // of the largest node, hence 1e-13.
            java.util.Arrays.sort(x);
            for (int i = 0; i < n; i++) {
                assertThat(x[i]).isCloseTo(Math.sqrt(2) * ref.getPoint(i), within(1e-13));
            }
        }
    }

    @Test
    void integratesGaussianMomentsExactly() {
        // E[Z^{2k}] = (2k − 1)!!: exact for degree ≤ 2n − 1; round-off ~1e-14 relative.
        HermiteRule r = HermiteRule.of(300);
        double[] x = r.points();
        double[] w = r.weights();
        double[] expected = {1, 1, 3, 15, 105, 945};
        for (int k = 0; k < expected.length; k++) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                s += w[i] * Math.pow(x[i], 2 * k);
            }
            assertThat(s).isCloseTo(expected[k], within(1e-12 * expected[k]));
        }
    }
}
