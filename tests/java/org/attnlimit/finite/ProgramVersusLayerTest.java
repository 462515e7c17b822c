package org.attnlimit.finite;

import java.nio.file.Path;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.program.Program;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.random.SampleStreams;
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
        // KS p-value > 1.25e-7 (per-assertion level, budget above), moments 1, 2, 4 within z = 5.29 SEs
        TwoSample.assertSameLaw(layer, program, P_MIN, Z, 1, 2, 4);
    }
}
