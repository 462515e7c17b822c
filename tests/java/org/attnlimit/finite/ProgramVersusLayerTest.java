package org.attnlimit.finite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.program.Program;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.random.SampleStreams;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two fast paths agree: the built-in layer's exact reduced sampler ({@link ExactAttentionSampler},
 * theory/exact-sampler.md) and Gaussian conditioning of the same network written as a program
 * ({@code theory/programs/mha-s4-h2.netsor}, output {@code y1}: clip_1, s = 4, H = 2), on independent
 * streams.
 *
 * <p>Error budget: 2 widths × 4 assertions = 8, α = 1e-6 overall → per assertion 1.25e-7: KS p-value
 * ≥ 1.25e-7 and |difference of E[y^k]| ≤ z·SE with two-sided z = Φ⁻¹(1 − 6.25e-8) = 5.29.
 */
class ProgramVersusLayerTest {
    private static final int N = 20_000;
    private static final double P_MIN = 1.25e-7;
    private static final double Z = 5.29;

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {8, 64})
    void reducedLayerSamplerAndProgramConditioningHaveTheSameLaw(int n) {
        double[] layer = ExactAttentionSampler.of(LayerSpec.paper(Activation.clip(1), n, 4, 2))
                .sample(N, Readout.OUTPUT, ParallelSampler.of(4242L + n), null);
        Program p = Program.read(Path.of("theory/programs/mha-s4-h2.netsor"));
        double[] program = ProgramSampling.of(p, ProgramSimulator.Method.EXACT, List.of("y1"))
                .sample(n, N, new SampleStreams(2424L + n, 2), null);
        double pValue = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(layer, program);
        assertThat(pValue).as("KS p-value").isGreaterThan(P_MIN);   // per-assertion level 1.25e-7 (budget above)
        for (int k : new int[] {1, 2, 4}) {
            double[] a = ConditioningVersusDenseTest.powers(layer, k);
            double[] b = ConditioningVersusDenseTest.powers(program, k);
            double se = Math.sqrt(ConditioningVersusDenseTest.variance(a) / N + ConditioningVersusDenseTest.variance(b) / N);
            double diff = ConditioningVersusDenseTest.mean(a) - ConditioningVersusDenseTest.mean(b);
            assertThat(Math.abs(diff)).as("E[y^%d] difference, SE %g", k, se).isLessThanOrEqualTo(Z * se);   // z = 5.29
        }
    }
}
