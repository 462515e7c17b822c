package org.attnlimit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.attnlimit.calculus.Activation;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.junit.jupiter.api.Test;

/**
 * verify's score arrays are views of programs ({@link ScoreArray#of}): the suite's own score covariance
 * ({@link ScoreLimit}, from {@link InputKernel}) of the array read from a {@code .netsor} file agrees with
 * the program calculus's Definition 3.1 (B) ({@link ProgramLimit#scoreCovariance}) — two independent routes.
 */
class ScoreArrayOfProgramTest {

    @Test
    void theFilesArraysHaveTheProgramCalculussScoreCovariance() {
        for (String file : new String[] {"attention-s2.netsor", "crosswise.netsor"}) {
            Program program = Program.read(Path.of("theory/programs", file));
            ScoreArray array = ScoreArray.of(file, program).orElseThrow();
            double[][] suite = ScoreLimit.of(array).covariance();
            double[][] calculus = ProgramLimit.of(program).scoreCovariance();
            assertThat(array.scoreNames()).containsExactlyElementsOf(program.scores());
            for (int a = 0; a < suite.length; a++) {
                for (int b = 0; b < suite.length; b++) {
                    // closed-form clip kernels against the calculus's split quadrature: ~1e-13 each
                    assertThat(suite[a][b]).as(file + " " + a + "," + b).isCloseTo(calculus[a][b], within(1e-10));
                }
            }
        }
        // and the head read from the file is the suite's own one-head array
        double[][] fromFile = ScoreLimit.of(ScoreArray.of("s2", Program.read(Path.of("theory/programs/attention-s2.netsor")))
                .orElseThrow()).covariance();
        double[][] builtIn = ScoreLimit.of(ScoreArray.attentionHead(Activation.clip(1), 2)).covariance();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                assertThat(fromFile[a][b]).isCloseTo(builtIn[a][b], within(1e-14));
            }
        }
    }

    @Test
    void scoresOfAnotherFormAreNotAnArray() {
        // 1/n scaling and Gaussian (not phi(h)) keys are outside the suite's arrays
        Program linear = Program.parse(String.join("\n", "input h1 h2 ~ N(0, [[1, 0], [0, 1]])",
                "x1 = clip:c=1(h1)", "x2 = clip:c=1(h2)", "matrix A B", "a = A x1", "b = B x2", "p = score_linear(a, b)"));
        assertThat(ScoreArray.of("linear", linear)).isEmpty();
        Program gaussianKeys = Program.parse(String.join("\n", "input h1 h2 ~ N(0, [[1, 0], [0, 1]])",
                "x1 = clip:c=1(h1)", "matrix A B", "a = A x1", "b = B h2", "p = score(a, b)"));
        assertThat(ScoreArray.of("gaussian", gaussianKeys)).isEmpty();
    }
}
