package org.attnlimit.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.GaussianExpectations;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.limit.ProgramLaw;
import org.attnlimit.verify.AttentionCase;
import org.junit.jupiter.api.Test;

/**
 * The one recogniser of Example 3.1 ({@link Example31Recogniser}) accepts the paper's layer and refuses
 * near misses — and every engine with a fast path for Example 3.1 (the limit's setup, the finite
 * sampler's layer, verify's attention case, the head parts of a program's law) sees what it sees.
 */
class Example31RecogniserTest {

    /** The paper's layer (Appendix B.1) with s = 2 tokens and H = 2 heads, clip_1 tokens, as a file. */
    private static final String PAPER = String.join("\n",
            "input h ~ N(0, 1)",
            "matrix W1 W2",
            "h1 = W1 h", "h2 = W2 h",
            "x1 = clip:c=1(h1)", "x2 = clip:c=1(h2)",
            "matrix WQ1 WK1 WV1 WO1 WQ2 WK2 WV2 WO2",
            "q1 = WQ1 x1", "q2 = WQ2 x1",
            "k11 = WK1 x1", "k12 = WK1 x2", "k21 = WK2 x1", "k22 = WK2 x2",
            "v11 = WV1 x1", "v12 = WV1 x2", "v21 = WV2 x1", "v22 = WV2 x2",
            "u11 = WO1 v11", "u12 = WO1 v12", "u21 = WO2 v21", "u22 = WO2 v22",
            "p11 = score(q1, k11)", "p12 = score(q1, k12)", "p21 = score(q2, k21)", "p22 = score(q2, k22)",
            "o1 = attend(p11, p12; u11, u12)", "o2 = attend(p21, p22; u21, u22)",
            "y = prod(0.70710678118654752, sum(o1, o2))") + "\n";

    private static Program paper(UnaryOperator<String> edit) {
        return Program.parse(edit.apply(PAPER));
    }

    @Test
    void thePapersLayerIsRecognisedByEveryEngine() {
        Program p = paper(s -> s);
        Example31Recogniser.Layer layer = Example31Recogniser.layer(p, "y").orElseThrow();
        assertThat(layer.phi()).isEqualTo(Activation.clip(1));
        assertThat(layer.tokens()).isEqualTo(2);
        assertThat(layer.heads()).isEqualTo(2);
        assertThat(new double[] {layer.sigmaQ(), layer.sigmaK(), layer.sigmaV(), layer.sigmaO()})
                .containsExactly(1, 1, 1, 1);
        assertThat(layer.tokenNames()).containsExactly("x1", "x2");
        double second = GaussianExpectations.moment(Activation.clip(1), 2, 0.0, 1.0).value();
        // K_jj = E[clip(Z)²], K_12 = E[clip(Z)]² = 0: both from the calculus, rounding only.
        assertThat(layer.gram()[0][0]).isCloseTo(second, within(1e-15));
        assertThat(layer.gram()[1][1]).isCloseTo(second, within(1e-15));
        assertThat(layer.gram()[0][1]).isCloseTo(0, within(1e-15));
        assertThat(Example31Recogniser.appendixB(p, "y")).isPresent();
        assertThat(Example31Recogniser.tokenScales(p, layer).orElseThrow()).containsExactly(1, 1);
        // The engines' views of the same layer.
        assertThat(AttentionSetup.of(p, "y")).isPresent();
        assertThat(LayerSpec.of(p, "y", 64).orElseThrow().heads()).isEqualTo(2);
        assertThat(AttentionCase.of(p, "y").orElseThrow().tokenScales()).containsExactly(1, 1);
        assertThat(ProgramLaw.of(p, List.of("y")).moments("y").method()).contains("one head of Example 3.1");
    }

    @Test
    void nearMissesAreRefusedByEveryEngine() {
        Map<String, Program> misses = Map.of(
                // scores scaled by 1/n: not Example 3.1's n^{-1/2}
                "linear scores", paper(s -> s.replace("= score(", "= score_linear(")),
                // the heads share their key matrix: dependent heads
                "shared W^K", paper(s -> s.replace("k21 = WK2 x1", "k21 = WK1 x1").replace("k22 = WK2 x2", "k22 = WK1 x2")),
                // head 2's value matrix of another variance: the heads are not identical
                "unequal sigma_V", paper(s -> s.replace("matrix WQ1 WK1 WV1 WO1 WQ2 WK2 WV2 WO2",
                        "matrix WQ1 WK1 WV1 WO1 WQ2 WK2 WO2\nmatrix WV2 var=2")),
                // token 2's slot reads token 1's value
                "values of other tokens", paper(s -> s.replace("u12 = WO1 v12", "u12 = WO1 v11")),
                // the heads weighted unequally
                "unequal head weights", paper(s -> s.replace("y = prod(0.70710678118654752, sum(o1, o2))",
                        "y = sum(prod(0.7, o1), prod(0.5, o2))")));
        for (Map.Entry<String, Program> miss : misses.entrySet()) {
            Program p = miss.getValue();
            assertThat(Example31Recogniser.layer(p, "y")).as(miss.getKey()).isEmpty();
            assertThat(Example31Recogniser.appendixB(p, "y")).as(miss.getKey()).isEmpty();
            assertThat(AttentionSetup.of(p, "y")).as(miss.getKey()).isEmpty();
            assertThat(LayerSpec.of(p, "y", 64)).as(miss.getKey()).isEmpty();
            assertThat(AttentionCase.of(p, "y")).as(miss.getKey()).isEmpty();
        }
        // Example 3.1 over Gaussian tokens is a layer, but not Appendix B's (its tokens are not φ(W_j h)).
        Program gaussian = AttentionProgram.withGram(new double[][] {{1, 0.5}, {0.5, 2}}, 2, 1, 1, 1, 1);
        assertThat(Example31Recogniser.layer(gaussian, AttentionProgram.OUTPUT)).isPresent();
        assertThat(Example31Recogniser.appendixB(gaussian, AttentionProgram.OUTPUT)).isEmpty();
        assertThat(LayerSpec.of(gaussian, AttentionProgram.OUTPUT, 64)).isEmpty();
        // Tokens clip(h_j) with correlated h_j have no token scales (verify's case needs independent tokens).
        Program correlated = Program.parse(PAPER.replace("input h ~ N(0, 1)\nmatrix W1 W2\nh1 = W1 h\nh2 = W2 h\n",
                "input h1, h2 ~ N(0, [[1, 0.5], [0.5, 1]])\n"));
        Example31Recogniser.Layer layer = Example31Recogniser.layer(correlated, "y").orElseThrow();
        assertThat(Example31Recogniser.tokenScales(correlated, layer)).isEmpty();
        assertThat(AttentionCase.of(correlated, "y")).isEmpty();
    }

    /** {@code 0.5·attend(p1, p2; u1, u2)} as an inlined part. */
    private static final Expr HEAD = new Expr.Prod(List.of(new Expr.Const(0.5), new Expr.Attend(
            List.of(new Expr.ScoreRef("p1"), new Expr.ScoreRef("p2")), List.of(new Expr.Ref("u1"), new Expr.Ref("u2")))));
    private static final double[][] VALUES = {{2, 0.6}, {0.6, 1}};

    private static Optional<Example31Recogniser.Head> head(Expr e, double mean, double[][] scores) {
        return Example31Recogniser.head(e, u -> mean, (u, v) -> VALUES[u.charAt(1) - '1'][v.charAt(1) - '1'],
                (s, t) -> scores[s.charAt(1) - '1'][t.charAt(1) - '1']);
    }

    @Test
    void oneInlinedHeadIsRecognisedAndNearMissesAreNot() {
        double[][] proportional = {{6, 1.8}, {1.8, 3}};   // 3·Cov(U)
        Example31Recogniser.Head h = head(HEAD, 0, proportional).orElseThrow();
        assertThat(h.scale()).isEqualTo(0.5);
        assertThat(h.logitScale()).isEqualTo(1);
        assertThat(h.alpha()).isEqualTo(3);
        assertThat(h.scores()).containsExactly("p1", "p2");
        assertThat(h.values()).containsExactly("u1", "u2");
        // Cov(p̊) off proportional by 1e-6 relative (far above the 1e-13 rounding allowance): not a head.
        assertThat(head(HEAD, 0, new double[][] {{6, 1.8 * (1 + 1e-6)}, {1.8 * (1 + 1e-6), 3}})).isEmpty();
        // Values not centred: not a head.
        assertThat(head(HEAD, 0.1, proportional)).isEmpty();
        // Logits with different factors, or a repeated score: not softmax(κp).
        Expr mixed = new Expr.Attend(List.of(new Expr.Prod(List.of(new Expr.Const(2), new Expr.ScoreRef("p1"))),
                new Expr.ScoreRef("p2")), List.of(new Expr.Ref("u1"), new Expr.Ref("u2")));
        assertThat(head(mixed, 0, proportional)).isEmpty();
        Expr repeated = new Expr.Attend(List.of(new Expr.ScoreRef("p1"), new Expr.ScoreRef("p1")),
                List.of(new Expr.Ref("u1"), new Expr.Ref("u2")));
        assertThat(head(repeated, 0, proportional)).isEmpty();
    }

    @Test
    void aHeadWhoseStatementsDifferIsStillAHeadOfTheLaw() {
        // Values from tokens y_j other than the keys' x_j: not the layer of Example 3.1 in the statements;
        // with Gram(y) = Gram(x) the inlined head has Cov(p̊) ∝ Cov(U) and the law takes its fast path,
        // with Gram(y) ≠ Gram(x) it does not.
        String same = String.join("\n",
                "input x1, x2, y1, y2 ~ N(0, [[1, 0.5, 0, 0], [0.5, 1, 0, 0], [0, 0, 1, 0.5], [0, 0, 0.5, 1]])",
                "matrix WQ WK WV",
                "q = WQ x1", "k1 = WK x1", "k2 = WK x2", "v1 = WV y1", "v2 = WV y2",
                "p1 = score(q, k1)", "p2 = score(q, k2)",
                "o = attend(p1, p2; v1, v2)");
        Program p = Program.parse(same);
        assertThat(Example31Recogniser.layer(p, "o")).isEmpty();
        assertThat(ProgramLaw.of(p, List.of("o")).moments("o").method()).contains("one head of Example 3.1");
        Program other = Program.parse(same.replace("[0, 0, 1, 0.5], [0, 0, 0.5, 1]", "[0, 0, 1, 0.2], [0, 0, 0.2, 1]"));
        assertThat(ProgramLaw.of(other, List.of("o")).moments("o").method()).doesNotContain("Example 3.1");
    }

    @Test
    void theSetupBuiltDirectlyIsTheOneRecognisedInTheTemplate() {
        // The commands build the setup directly (no program round trip): the same setup, to the last bit.
        for (Activation phi : List.of(Activation.clip(1), Activation.relu(), Activation.parse("tanh"))) {
            for (int s : new int[] {2, 4}) {
                for (int h : new int[] {1, 3}) {
                    AttentionSetup direct = AttentionSetup.paper(phi, s, h).withSigmas(0.5, 2, 1.5, 0.7);
                    AttentionSetup seen = AttentionSetup.of(AttentionProgram.paper(phi, s, h, 0.5, 2, 1.5, 0.7),
                            AttentionProgram.OUTPUT).orElseThrow();
                    assertThat(seen).as(phi + " s=" + s + " H=" + h).isEqualTo(direct);
                }
            }
        }
        double[][] k = {{1, 0.5, 0.1}, {0.5, 2, 0.3}, {0.1, 0.3, 1.5}};
        assertThat(AttentionSetup.of(AttentionProgram.withGram(k, 3, 0.5, 2, 1.5, 0.7), AttentionProgram.OUTPUT)
                .orElseThrow()).isEqualTo(new AttentionSetup(Activation.identity(), 3, 3, 0.5, 2, 1.5, 0.7, k));
    }
}
