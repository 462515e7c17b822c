package org.attnlimit.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attnlimit.calculus.Activation;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.finite.Scaling;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.limit.HierarchicalLimit;
import org.attnlimit.limit.LawTable;
import org.junit.jupiter.api.Test;

/**
 * The self-contained hierarchical Monte Carlo law agrees with {@code AttentionLimit}
 * (quadrature): two independent computations of Example 3.1, paired with the paper's layer.
 */
class LayerLimitsTest {

    @Test
    void hierarchicalMonteCarloMatchesQuadrature() {
        LayerSpec spec = LayerSpec.paper(Activation.clip(1), 16, 4, 2);
        LawTable exact = LayerLimits.reference(spec, 1);
        assertThat(exact.law()).isInstanceOf(AttentionLimit.class);
        HierarchicalLimit mc = LayerLimits.hierarchical(spec, 200_000, 2);
        double v = exact.law().variance().value();
        // E[V] from M = 2e5 draws: SE = sd(V)/√M with sd(V) ≤ E[V] (V ∈ [E[V]/2, 2E[V]] here), so
        // SE ≤ 2.3e-3·E[V]; 6 assertions in this class at α = 1e-6 overall → z = 5.4 → 1.3% of E[V].
        assertThat(mc.variance().value()).isCloseTo(v, within(0.013 * v));
        // The law's own error (3 standard errors) is of that size, not larger than the bound above.
        assertThat(mc.variance().error()).isPositive().isLessThan(0.013 * v);
        // CDF: each group-mean node averages Φ over 100 draws; the Monte Carlo error of the mixture CDF
        // is at most sd(Φ(x/√V))/√M ≤ 0.5/√M = 1.1e-3, times z = 5.4 → 6e-3.
        for (double x : new double[] {-1, 0.3}) {
            assertThat(mc.table().cdf(x)).isCloseTo(exact.table().cdf(x), within(6e-3));
        }
        // Var p̊_11 = σ_Q²σ_K²K_11² (Example 3.1): K_11 = E[clip_1(Z)²] for the paper's tokens.
        double k11 = ((AttentionLimit) exact.law()).setup().gram(0, 0);
        assertThat(LayerLimits.scoreVariance(exact)).isCloseTo(k11 * k11, within(1e-15));
    }

    @Test
    void linearScalingIsComparedWithDegenerateScores() {
        LawTable linear = LayerLimits.reference(LayerSpec.paper(Activation.clip(1), 16, 4, 2)
                .withScaling(Scaling.LINEAR), 1);
        assertThat(linear.law()).isInstanceOf(HierarchicalLimit.class);
        assertThat(LayerLimits.scoreVariance(linear)).isZero();
        assertThat(linear.law().method().scoreDimensions()).isZero();
        assertThat(linear.law().method().nodes()).isEqualTo(200_000);
    }
}
