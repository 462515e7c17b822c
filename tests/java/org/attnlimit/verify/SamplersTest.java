package org.attnlimit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attnlimit.calculus.Activation;
import org.attnlimit.random.ParallelSampler;
import org.junit.jupiter.api.Test;

class SamplersTest {

    @Test
    void sameSeedSameDrawsAnyThreadCount() {
        ScoreArray head = ScoreArray.attentionHead(Activation.clip(1), 2);
        double[] t = {1, 0.5, -0.7, 0.3};
        ParallelSampler one = new ParallelSampler(11, 192, 1);
        ParallelSampler two = one.withThreads(2);
        assertThat(ScoreArraySampler.pairs(head, t, 32, 2000, two).x1())
                .containsExactly(ScoreArraySampler.pairs(head, t, 32, 2000, one).x1());
        assertThat(ScoreArraySampler.scores(head, 32, 500, new ParallelSampler(3, 256, 2))[499])
                .containsExactly(ScoreArraySampler.scores(head, 32, 500, new ParallelSampler(3, 256, 1))[499]);
        assertThat(ScoreArraySampler.grams(head, 32, 600, new ParallelSampler(4, 256, 2))[599])
                .containsExactly(ScoreArraySampler.grams(head, 32, 600, new ParallelSampler(4, 256, 1))[599]);
        Settings twoThreads = new Settings(new int[] {16}, 2000, 3, 2, null);
        LemmaD3Check d3 = new LemmaD3Check();
        assertThat(d3.run(twoThreads).rows()).isEqualTo(d3.run(twoThreads.withThreads(1)).rows());
        AttentionCase layer = AttentionCase.standard(2);
        assertThat(layer.finiteDraws(32, 700, new ParallelSampler(5, 128, 2))[0])
                .containsExactly(layer.finiteDraws(32, 700, new ParallelSampler(5, 128, 1))[0]);
        assertThat(layer.limitV(700, new ParallelSampler(5, 64, 2)))
                .containsExactly(layer.limitV(700, new ParallelSampler(5, 64, 1)));
    }

    @Test
    void inputKernelMatchesTheHandCheckedNumbers() {
        // Appendix B.1 and B.3.2: E[clip_1(Z)^2] = 0.516059 (6 digits); E[ReLU(Z)^2] = 1/2; off-diagonal ReLU 1/(2 pi).
        assertThat(InputKernel.pair(Activation.clip(1), 1)).isCloseTo(0.516059, within(5e-7));
        assertThat(InputKernel.pair(Activation.relu(), 1)).isCloseTo(0.5, within(1e-15));
        assertThat(InputKernel.pair(Activation.relu(), 0)).isCloseTo(1 / (2 * Math.PI), within(1e-15));
        // clip: E clip = 0 gives 0 at rho = 0, and continuity at rho -> 1 (quadrature error ~1e-9).
        assertThat(InputKernel.pair(Activation.clip(1), 0)).isCloseTo(0, within(1e-12));
        assertThat(InputKernel.pair(Activation.clip(1), 0.999999)).isCloseTo(0.516059, within(1e-5));
        // Odd symmetry: E[clip(U)clip(V)] at -rho is minus the value at rho.
        assertThat(InputKernel.pair(Activation.clip(1), -0.7)).isCloseTo(-InputKernel.pair(Activation.clip(1), 0.7),
                within(1e-12));
    }

    @Test
    void crosswiseCovarianceComesFromTheSecondIsserlisProduct() {
        ScoreArray cross = ScoreArray.crosswise(Activation.clip(1), 0.7);
        double kxy = InputKernel.pair(Activation.clip(1), 0.7);
        assertThat(ScoreLimit.of(cross).covariance()[0][1]).isCloseTo(kxy * kxy, within(1e-15));
        assertThat(ScoreLimit.withoutCrosswiseTerm(cross).covariance()[0][1]).isZero();
    }

    @Test
    void infiniteHeadVarianceByQuadratureMatchesALargeMonteCarlo() {
        // 400 000 draws of V: SE ~ 0.0006; z = 4.9 gives +/- 0.003.
        AttentionCase layer = AttentionCase.standard(1);
        Sample s = Sample.of(layer.limitV(400_000, new ParallelSampler(9, 4096, 2)));
        assertThat(s.mean()).isCloseTo(layer.meanV(), within(s.halfWidth()));
    }
}
