package org.attnlimit.finite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attnlimit.calculus.Activation;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.stats.KolmogorovSmirnov;
import org.attnlimit.stats.Moments;
import org.junit.jupiter.api.Test;

/**
 * The coupled (conditioned) distance agrees with direct sampling where direct sampling resolves it
 * (n = 16). Error budget: 2 assertions, α = 1e-6 overall → α_i = 5e-7 (DKW) and z = 5.0.
 */
class CoupledLimitDistanceTest {

    @Test
    void coupledKsMatchesTheSampleKsAtSmallWidth() {
        Activation clip = Activation.clip(100);
        LayerSpec spec = LayerSpec.paper(clip, 16, 4, 2);
        CoupledLimitDistance.Result coupled = CoupledLimitDistance.estimate(spec, AttentionSetup.paper(clip, 4, 2).gram(),
                200_000, ParallelSampler.of(3));
        LimitReference limit = AttentionLimitReference.forLayer(spec, 1);
        int n = 40_000;
        double[] y = ExactAttentionSampler.of(spec).sample(n, ParallelSampler.of(4));
        double sampleKs = KolmogorovSmirnov.distance(y, limit.table()::cdf);
        // |D_N − D| ≤ sup|F_N − F_n| ≤ ε_DKW(α_i); the coupled estimate adds 5 of its own SEs.
        assertThat(sampleKs).isCloseTo(coupled.ks(), within(KolmogorovSmirnov.dkwEpsilon(n, 5e-7) + 5 * coupled.ksSe()));

        // Variance gap: Var_n − Var_∞ estimated directly (sample variance minus the exact E[V]) and coupled.
        Moments m = Moments.of(y);
        double direct = m.variance() - limit.variance();
        assertThat(direct).isCloseTo(coupled.varianceGap(), within(5 * Math.hypot(m.varianceSe(), coupled.varianceGapSe())));
    }
}
