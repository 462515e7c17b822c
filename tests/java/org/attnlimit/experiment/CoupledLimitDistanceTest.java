package org.attnlimit.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attnlimit.calculus.Activation;
import org.attnlimit.finite.ExactAttentionSampler;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.limit.LawTable;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.stats.KolmogorovSmirnov;
import org.attnlimit.stats.Moments;
import org.junit.jupiter.api.Test;

/**
 * The coupled (conditioned) distance agrees with direct sampling where direct sampling resolves it
 * (n = 16), and the exact sampler matches the limit at n = 16384 up to the coupled bias.
 * Error budget: 4 assertions, α = 1e-6 overall → α_i = 2.5e-7 (DKW) and z = 5.2.
 */
class CoupledLimitDistanceTest {

    @Test
    void coupledKsMatchesTheSampleKsAtSmallWidth() {
        Activation clip = Activation.clip(100);
        LayerSpec spec = LayerSpec.paper(clip, 16, 4, 2);
        CoupledLimitDistance.Result coupled = CoupledLimitDistance.estimate(spec, AttentionSetup.paper(clip, 4, 2).gram(),
                200_000, ParallelSampler.of(3));
        LawTable limit = LayerLimits.reference(spec, 1);
        int n = 40_000;
        double[] y = ExactAttentionSampler.of(spec).sample(n, ParallelSampler.of(4));
        double sampleKs = KolmogorovSmirnov.distance(y, limit.table()::cdf);
        // |D_N − D| ≤ sup|F_N − F_n| ≤ ε_DKW(α_i); the coupled estimate adds 5.2 of its own SEs.
        assertThat(sampleKs).isCloseTo(coupled.ks(), within(KolmogorovSmirnov.dkwEpsilon(n, 2.5e-7) + 5.2 * coupled.ksSe()));

        // Variance gap: Var_n − Var_∞ estimated directly (sample variance minus the exact E[V]) and coupled.
        Moments m = Moments.of(y);
        double direct = m.variance() - limit.law().variance().value();
        assertThat(direct).isCloseTo(coupled.varianceGap(), within(5.2 * Math.hypot(m.varianceSe(), coupled.varianceGapSe())));
    }

    @Test
    void exactSamplerMatchesTheLimitAtLargeWidth() {
        Activation clip = Activation.clip(100);
        LayerSpec spec = LayerSpec.paper(clip, 16_384, 4, 2);
        LawTable limit = LayerLimits.reference(spec, 1);
        // Bias bound: the coupled estimate of the true distance and variance gap, plus 5.2 of their SEs.
        CoupledLimitDistance.Result bias = CoupledLimitDistance.estimate(spec, AttentionSetup.paper(clip, 4, 2).gram(),
                100_000, ParallelSampler.of(5));
        int n = 200_000;
        double[] y = ExactAttentionSampler.of(spec).sample(n, ParallelSampler.of(6));
        double ksBias = bias.ks() + 5.2 * bias.ksSe();
        assertThat(KolmogorovSmirnov.distance(y, limit.table()::cdf))
                .isLessThan(KolmogorovSmirnov.dkwEpsilon(n, 2.5e-7) + ksBias);
        Moments m = Moments.of(y);
        double varianceBias = Math.abs(bias.varianceGap()) + 5.2 * bias.varianceGapSe();
        assertThat(Math.abs(m.variance() - limit.law().variance().value())).isLessThan(5.2 * m.varianceSe() + varianceBias);
    }
}
