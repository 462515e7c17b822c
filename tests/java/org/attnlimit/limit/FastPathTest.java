package org.attnlimit.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.program.AttentionProgram;
import org.attnlimit.program.Program;
import org.junit.jupiter.api.Test;

/**
 * One model: the setup of Example 3.1 is a view recognised in a program ({@link AttentionSetup#of}), and
 * the fast paths chosen for that structure — the exchangeable 1-D quadrature of {@link AttentionLimit} and
 * {@link HeadQuadrature} inside {@link ProgramLaw} — give the law of the general route
 * ({@link ProgramLaw#general}: quadrature over every score of the output by {@link ScoreNodes}).
 */
class FastPathTest {
    private static final Activation CLIP = Activation.clip(1);

    @Test
    void templateAndFileAreRecognisedAsThePaperSetup() {
        AttentionSetup paper = AttentionSetup.paper(CLIP, 4, 2);
        for (Program p : List.of(AttentionProgram.paper(CLIP, 4, 2, 1, 1, 1, 1),
                Program.read(Path.of("theory/programs/mha-s4-h2.netsor")))) {
            AttentionSetup seen = AttentionSetup.of(p, "y1").orElseThrow();
            assertThat(seen.phi()).isEqualTo(CLIP);
            assertThat(seen.tokens()).isEqualTo(4);
            assertThat(seen.heads()).isEqualTo(2);
            assertThat(new double[] {seen.sigmaQ(), seen.sigmaK(), seen.sigmaV(), seen.sigmaO()})
                    .containsExactly(1, 1, 1, 1);
            for (int j = 0; j < 4; j++) {
                for (int l = 0; l < 4; l++) {
                    // Both are E[φ(Z)²], E[φ(Z)]² from the calculus's closed forms: rounding only.
                    assertThat(seen.gram(j, l)).isCloseTo(paper.gram(j, l), within(1e-15));
                }
            }
        }
        double[][] k = {{1, 0.5}, {0.5, 2}};
        AttentionSetup given = AttentionSetup.of(AttentionProgram.withGram(k, 3, 0.5, 2, 1.5, 0.7), "y1").orElseThrow();
        assertThat(given).isEqualTo(new AttentionSetup(Activation.identity(), 2, 3, 0.5, 2, 1.5, 0.7, k));
    }

    @Test
    void programsThatOnlyLookLikeExample31AreNotTakenForIt() {
        // One value matrix shared by the two heads: the heads are dependent, not Example 3.1.
        Program shared = Program.parse(String.join("\n",
                "input x1, x2 ~ N(0, [[1, 0.5], [0.5, 1]])",
                "matrix WQ1 WK1 WQ2 WK2 WV",
                "q1 = WQ1 x1", "q2 = WQ2 x1",
                "k11 = WK1 x1", "k12 = WK1 x2", "k21 = WK2 x1", "k22 = WK2 x2",
                "v1 = WV x1", "v2 = WV x2",
                "p11 = score(q1, k11)", "p12 = score(q1, k12)", "p21 = score(q2, k21)", "p22 = score(q2, k22)",
                "o1 = attend(p11, p12; v1, v2)", "o2 = attend(p21, p22; v1, v2)",
                "y = prod(0.70710678118654752, sum(o1, o2))"));
        assertThat(AttentionSetup.of(shared, "y")).isEmpty();
        // The same heads with their own value matrices are recognised (σ_O = 1 when there is no W^O).
        Program own = Program.parse(String.join("\n",
                "input x1, x2 ~ N(0, [[1, 0.5], [0.5, 1]])",
                "matrix WQ1 WK1 WQ2 WK2 WV1 WV2",
                "q1 = WQ1 x1", "q2 = WQ2 x1",
                "k11 = WK1 x1", "k12 = WK1 x2", "k21 = WK2 x1", "k22 = WK2 x2",
                "v11 = WV1 x1", "v12 = WV1 x2", "v21 = WV2 x1", "v22 = WV2 x2",
                "p11 = score(q1, k11)", "p12 = score(q1, k12)", "p21 = score(q2, k21)", "p22 = score(q2, k22)",
                "o1 = attend(p11, p12; v11, v12)", "o2 = attend(p21, p22; v21, v22)",
                "y = prod(0.70710678118654752, sum(o1, o2))"));
        assertThat(AttentionSetup.of(own, "y")).isPresent();
        // Sigmoid attention and a temperature are other architectures.
        for (String file : List.of("sigmoid-attention.netsor", "temperature.netsor")) {
            Path path = Path.of("theory/programs", file);
            if (path.toFile().exists()) {
                Program p = Program.read(path);
                for (String v : p.vectors()) {
                    assertThat(AttentionSetup.of(p, v)).as(file + " " + v).isEmpty();
                }
            }
        }
    }

    @Test
    void exchangeableQuadratureGivesTheLawOfTheGeneralRoute() {
        Program program = AttentionProgram.paper(CLIP, 3, 2, 1, 1, 1, 1);
        AttentionLimit fast = AttentionLimit.of(AttentionSetup.of(program, "y1").orElseThrow());
        ProgramLaw.Moments general = ProgramLaw.general(program, List.of("y1")).moments("y1");
        assertThat(general.method()).doesNotContain("Example 3.1");
        // Both deterministic; the tolerance is the sum of the two stated relative errors (each ≤ 1e-8
        // here), times 10 for the estimates being estimates.
        double tol = 10 * (fast.errorBound() + general.relativeError());
        assertThat(tol).isLessThan(1e-6);
        assertThat(general.variance()).isCloseTo(fast.variance().value(), within(tol * fast.variance().value()));
        assertThat(general.fourthMoment()).isCloseTo(fast.centralFourthMoment().value(), within(tol * fast.centralFourthMoment().value()));
        // ... and ProgramLaw's own fast path (HeadQuadrature) agrees too.
        ProgramLaw.Moments viaHeads = ProgramLaw.of(program, List.of("y1")).moments("y1");
        assertThat(viaHeads.method()).contains("Example 3.1");
        assertThat(viaHeads.variance()).isCloseTo(fast.variance().value(), within(tol * fast.variance().value()));
        assertThat(viaHeads.fourthMoment()).isCloseTo(fast.centralFourthMoment().value(), within(tol * fast.centralFourthMoment().value()));
    }

    @Test
    void theComparisonDetectsAOnePercentError() {
        // Negative control: the same comparison against the setup with σ_V wrong by 1% (variance 2% off,
        // fourth moment 4% off) fails by far more than the tolerance.
        Program program = AttentionProgram.paper(CLIP, 3, 2, 1, 1, 1, 1);
        AttentionSetup right = AttentionSetup.of(program, "y1").orElseThrow();
        AttentionLimit wrong = AttentionLimit.of(right.withSigmas(1, 1, 1.01, 1));
        ProgramLaw.Moments general = ProgramLaw.general(program, List.of("y1")).moments("y1");
        double tol = 10 * (wrong.errorBound() + general.relativeError());
        assertThat(Math.abs(general.variance() - wrong.variance().value())).isGreaterThan(1000 * tol * wrong.variance().value());
    }
}
