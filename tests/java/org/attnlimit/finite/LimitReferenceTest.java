package org.attnlimit.finite;

import org.attnlimit.limit.HierarchicalLimit;
import org.attnlimit.limit.LimitReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attnlimit.calculus.Activation;
import org.junit.jupiter.api.Test;

/**
 * The self-contained hierarchical Monte Carlo reference agrees with {@code AttentionLimit}
 * (quadrature): two independent computations of Example 3.1.
 */
class LimitReferenceTest {

    @Test
    void hierarchicalMonteCarloMatchesQuadrature() {
        LayerSpec spec = LayerSpec.paper(Activation.clip(1), 16, 4, 2);
        LimitReference exact = LayerLimit.reference(spec, 1);
        HierarchicalLimit mc = LayerLimit.hierarchical(spec, 200_000, 2);
        // E[V] from M = 2e5 draws: SE = sd(V)/√M with sd(V) ≤ E[V] (V ∈ [E[V]/2, 2E[V]] here), so
        // SE ≤ 2.3e-3·E[V]; 4 assertions in this class at α = 1e-6 overall → z = 5.3 → 1.2% of E[V].
        assertThat(mc.variance()).isCloseTo(exact.variance(), within(0.012 * exact.variance()));
        assertThat(mc.scoreVariance()).isCloseTo(exact.scoreVariance(), within(1e-9));
        // CDF: each group-mean node averages Φ over 100 draws; the Monte Carlo error of the mixture CDF
        // is at most sd(Φ(x/√V))/√M ≤ 0.5/√M = 1.1e-3, times z = 5.3 → 6e-3.
        for (double x : new double[] {-1, 0.3}) {
            assertThat(mc.table().cdf(x)).isCloseTo(exact.table().cdf(x), within(6e-3));
        }
    }
}
