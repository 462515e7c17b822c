package org.attnlimit.finite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.attnlimit.calculus.Activation;
import org.attnlimit.random.ParallelSampler;
import org.junit.jupiter.api.Test;

/** Same seed ⇒ same samples, whatever the thread count; bad shapes are refused. */
class SamplerDeterminismTest {

    @Test
    void exactSamplerIgnoresThreadCount() {
        AttentionSampler sampler = ExactAttentionSampler.of(LayerSpec.paper(Activation.relu(), 64, 4, 2));
        ParallelSampler ps = new ParallelSampler(7, 100, 1);
        double[] one = sampler.sample(1000, ps);
        double[] four = sampler.sample(1000, ps.withThreads(4));
        assertThat(four).containsExactly(one);
        assertThat(sampler.sample(1000, new ParallelSampler(8, 100, 1))).isNotEqualTo(one);
    }

    @Test
    void denseSamplerIgnoresThreadCount() {
        AttentionSampler sampler = DenseAttentionSampler.of(LayerSpec.lowRank(Activation.clip(1), 16, 3, 4));
        ParallelSampler ps = new ParallelSampler(7, 10, 1);
        assertThat(sampler.sample(50, ps.withThreads(3))).containsExactly(sampler.sample(50, ps));
    }

    @Test
    void shortcutOnlyForClipWithNegligibleClipping() {
        assertThat(ExactAttentionSampler.shortcutApplies(Activation.clip(100), 1.2, 4, 16384)).isTrue();
        assertThat(ExactAttentionSampler.shortcutApplies(Activation.clip(1), 1.0, 4, 16)).isFalse();
        assertThat(ExactAttentionSampler.shortcutApplies(Activation.relu(), 1.0, 4, 16)).isFalse();
        // c/(r√2) = 26 gives erfc ≈ 1.2e-295; times s·n = 1e5 that is far above the 1e-300 budget.
        assertThat(ExactAttentionSampler.shortcutApplies(Activation.clip(100), 100 / (26 * Math.sqrt(2)), 10, 10_000)).isFalse();
    }

    @Test
    void badShapesAreRefused() {
        assertThatThrownBy(() -> LayerSpec.paper(Activation.clip(1), 3, 4, 2)).hasMessageContaining("tokens");
        assertThatThrownBy(() -> LayerSpec.lowRank(Activation.clip(1), 100, 4, 64)).hasMessageContaining("divide");
        assertThatThrownBy(() -> LayerSpec.paper(Activation.clip(1), 16, 4, 0)).hasMessageContaining("heads");
    }
}
