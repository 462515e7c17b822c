package org.attnlimit.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.attnlimit.limit.GaussianLaw;
import org.attnlimit.limit.LawTable;
import org.attnlimit.random.Cancellation;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.stats.TabulatedLaw;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

class SampleSummaryTest {
    private static final NormalDistribution PHI = new NormalDistribution(0, 1);
    /** N(0, 1) as a limit law: tabulated CDF and density (Hipparchus), and its ziggurat sampler. */
    private static final LawTable NORMAL = new LawTable(GaussianLaw.of(0, 1, "N(0, 1)"),
            TabulatedLaw.of(PHI::cumulativeProbability, PHI::density, -12, 12, 24_000), "N(0, 1)");

    private static double[] normals(int count, ParallelSampler streams) {
        return streams.sample(count, (rng, out, from, to) -> {
            var g = org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(rng);
            for (int i = from; i < to; i++) {
                out[i] = g.sample();
            }
        }, null);
    }

    private static double[] sample(long seed, int n, double scale) {
        double[] y = normals(n, ParallelSampler.of(seed));
        for (int i = 0; i < n; i++) {
            y[i] *= scale;
        }
        return y;
    }

    @Test
    void everyStatisticIsThereAndTheSameWhateverTheThreads() {
        double[] y = sample(100, 20_000, 1.0);
        SampleSummary one = SampleSummary.of(y, NORMAL, new SummaryOptions(30, 9, 1), Cancellation.create());
        SampleSummary two = SampleSummary.of(y, NORMAL, new SummaryOptions(30, 9, 2), Cancellation.create());
        assertThat(one.fields()).usingRecursiveComparison().isEqualTo(two.fields());
        assertThat(one.partial()).isFalse();
        assertThat(one.notComputed()).isEmpty();
        assertThat(one.klKde()).isNotNull();
        assertThat(one.klKdeInterval().lower()).isLessThanOrEqualTo(one.klKde());
        assertThat(one.fields()).containsEntry("statistics", "complete").containsEntry("bootstrap_replicates", 30);
    }

    @Test
    void aWiderSampleIsFarAboveTheFloor() {
        // N(0, 1.2²) against N(0, 1): KL = log(1/1.2) + (1.44 − 1)/2 = 0.0377; the floor at 20 000 samples
        // is ~1e-4, so the estimate is resolved, and this test fails if the estimator ignores its input.
        SampleSummary s = SampleSummary.of(sample(101, 20_000, 1.2), NORMAL, new SummaryOptions(0, 9, 2),
                Cancellation.create());
        assertThat(s.klKde()).isBetween(0.025, 0.05);
        assertThat(s.floor().klKde()).isLessThan(0.1 * s.klKde());
    }

    @Test
    void aCancelledRunReportsTheEssentialsAndLabelsTheRest() {
        Cancellation c = Cancellation.create();
        c.cancel();
        SampleSummary s = SampleSummary.of(sample(102, 5_000, 1.0), NORMAL, new SummaryOptions(200, 9, 2), c);
        assertThat(s.partial()).isTrue();
        assertThat(s.moments().count()).isEqualTo(5_000);
        assertThat(s.klKde()).isNull();
        Map<String, Object> f = s.fields();
        assertThat(f).containsEntry("statistics", "partial (interrupted)");
        assertThat(f.get("w1")).isInstanceOf(Double.class);
        assertThat(f.get("kl_kde")).isNull();
        assertThat(s.notComputed()).containsEntry("kl_kde", "interrupted").containsKey("noise_floor");
    }

    @Test
    void noBootstrapMeansNoIntervalsNotZeroWidthOnes() {
        SampleSummary s = SampleSummary.of(sample(103, 2_000, 1.0), NORMAL, new SummaryOptions(0, 9, 2),
                Cancellation.create());
        assertThat(s.w1Interval()).isNull();
        assertThat(s.klKdeInterval()).isNull();
        assertThat(s.partial()).isFalse();
        assertThat(s.notComputed()).containsEntry("w1_ci95_bootstrap_se", "--bootstrap 0");
    }

    @Test
    void degenerateInputIsNamed() {
        assertThatThrownBy(() -> SampleSummary.of(new double[] {1.5, 1.5, 1.5}, NORMAL, new SummaryOptions(0, 1, 1),
                Cancellation.create())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all 3 samples equal");
        // engines speak of the mathematics, never of a command-line flag (the CLI names the option)
        assertThatThrownBy(() -> new SummaryOptions(1, 1, 1)).hasMessageContaining("bootstrap needs 0 replicates")
                .hasMessageNotContaining("--");
    }
}
