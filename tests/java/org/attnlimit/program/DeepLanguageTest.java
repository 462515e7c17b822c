package org.attnlimit.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The language for deep attention: infix arithmetic in arguments, functions in template arithmetic, the
 * {@code beyond theorem} line, {@code rmsnorm}/{@code layernorm} (Netsor moment operations) and the
 * {@code block} statement of a Transformer block.
 */
class DeepLanguageTest {
    private static final String HEAD = String.join("\n",
            "input h1 h2 h3 ~ N(0, I)",
            "matrix WQ WK WV",
            "q1 = WQ h1",
            "for j in 1..3: k{j} = WK h{j}",
            "for j in 1..3: v{j} = WV h{j}",
            "for j in 1..3: p1{j} = score(q1, k{j})", "");

    @Test
    void infixArithmeticInArgumentsIsTheSumAndProductForm() {
        Program infix = Program.parse(HEAD + "y = attend(p11, p12 - 0.5, p13 - 1; v1, v2, v3)\n");
        Program sums = Program.parse(HEAD + "y = attend(p11, sum(p12, -0.5), sum(p13, -1); v1, v2, v3)\n");
        assertThat(infix.toText()).isEqualTo(sums.toText());
        Program mixed = Program.parse(HEAD + "y = 2*v1 - v2/4 + 1e-3*v3 + -p11*v1\n");
        assertThat(mixed.definition("y").orElseThrow().toString()).contains(
                "prod(2, v1), prod(-1, prod(v2, 0.25)), prod(0.001, v3), prod(prod(-1, p11), v1)");
        // a hyphenated activation, a negative parameter and a parenthesised sub-expression are not operators
        Program names = Program.parse(HEAD + "a = leaky-relu:a=0.1(v1)\nb = clip:c=1(v2)\nc = (v1 + v2) * 0.5\n");
        assertThat(names.definition("c").orElseThrow().toString()).contains("prod(sum(v1, v2), 0.5)");
        double[] at = {1.0, 3.0};
        assertThat(names.function("c").applyAt(at, new double[0])).isEqualTo(2.0);
        assertThatThrownBy(() -> Program.parse(HEAD + "y = v1 / v2\n"))
                .hasMessageContaining("only division by a non-zero number");
        assertThatThrownBy(() -> Program.parse(HEAD + "y = v1 - \n"))
                .hasMessageStartingWith("line 7:");
    }

    @Test
    void templateArithmeticHasTheUsualFunctions() {
        Program p = Program.parse(HEAD + "for j in 1..3: w{j} = prod({-0.5*abs(1-j)}, v{j})\n"
                + "z = prod({min(2, 3) + max(1, 4, 2) + floor(2.7) + exp(0) + sqrt(4)}, v1)\n");
        assertThat(p.definition("w3").orElseThrow().toString()).contains("prod(-1, v3)");
        assertThat(p.definition("w1").orElseThrow().toString()).contains("prod(0, v1)");   // -0.5*abs(0) = -0 is written 0
        assertThat(p.definition("z").orElseThrow().toString()).contains("prod(11, v1)");
        assertThatThrownBy(() -> Program.parse(HEAD + "z = prod({abs(1, 2)}, v1)\n")).hasMessageContaining("abs takes one argument");
        assertThatThrownBy(() -> Program.parse(HEAD + "z = prod({abz(1)}, v1)\n")).hasMessageContaining("unknown template variable 'abz'");
    }

    @Test
    void theBeyondTheoremLineActsAsTheOption() {
        String second = HEAD + "y = attend(p11, p12, p13; v1, v2, v3)\nmatrix W2\ng = W2 y\n";
        // the language's own words (no command-line flag: the commands with a switch name it)
        assertThatThrownBy(() -> Program.parse(second)).hasMessageContaining("a 'beyond theorem' line")
                .hasMessageNotContaining("--");
        Program p = Program.parse("beyond theorem\n" + second);
        assertThat(p.beyondTheorem()).isTrue();
        assertThat(p.options().allowBeyondTheorem()).isTrue();
        // its text form keeps the declaration, so it parses back
        assertThat(Program.parse(p.toText()).toText()).isEqualTo(p.toText());
    }

    @Test
    void normsAreMomentOperationsOnWholeVectors() {
        Program p = Program.parse("input y ~ N(2, 4)\nr = rmsnorm(y)\nl = layernorm(y)\n");
        double[] y = {1, 2, 3, 6};
        double[] r = p.function("r").apply(new double[][] {y}, new double[0], 4);
        double rms = Math.sqrt((1 + 4 + 9 + 36) / 4.0);
        assertThat(r[3]).isCloseTo(6 / rms, within(1e-15));
        double[] l = p.function("l").apply(new double[][] {y}, new double[0], 4);
        double sd = Math.sqrt((4 + 1 + 0 + 9) / 4.0);   // centred by the mean 3
        assertThat(l[0]).isCloseTo(-2 / sd, within(1e-15));
        assertThatThrownBy(() -> p.function("r").applyAt(new double[] {1}, new double[0]))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Program.parse("input y\nr = sum(y, rmsnorm(y))\n"))
                .hasMessageContaining("own statement");
        assertThatThrownBy(() -> Program.parse("input y\nr = rmsnorm(prod(y, y))\n"))
                .hasMessageContaining("takes one vector name");
    }

    /**
     * Limit of a norm of a score-free vector: {@code y ~ N(2, 4)} gives {@code rmsnorm(y) → y/√8} and
     * {@code layernorm(y) → (y − 2)/2} exactly (Isserlis tier); so E[r²] = 1, E[l] = 0, E[l²] = 1.
     */
    @Test
    void normOfAScoreFreeVectorHasADeterministicLimit() {
        ProgramLimit limit = ProgramLimit.of(Program.parse("input y ~ N(2, 4)\nr = rmsnorm(y)\nl = layernorm(y)\n"));
        assertThat(limit.secondMoment("r", "r")).isCloseTo(1, within(1e-14));
        assertThat(limit.mean("r")).isCloseTo(2 / Math.sqrt(8), within(1e-14));
        assertThat(limit.mean("l")).isCloseTo(0, within(1e-14));
        assertThat(limit.secondMoment("l", "l")).isCloseTo(1, within(1e-14));
        assertThat(limit.secondMoment("l", "y")).isCloseTo(2, within(1e-14));   // Cov(y, (y-2)/2) = 2
        assertThatThrownBy(() -> ProgramLimit.of(Program.parse("input y ~ N(0, 0)\nr = rmsnorm(y)\n")))
                .hasMessageContaining("division by 0");
    }

    @Test
    void normOfAScoreDependentVectorIsRefusedByTheLawAndNamed() {
        Program p = Program.parse(HEAD + "y = attend(p11, p12, p13; v1, v2, v3)\nr = rmsnorm(y)\nz = rmsnorm(h1)\n");
        assertThat(p.scoreDependentNorm("r")).hasValue("line 8: r = rmsnorm(y)");
        assertThat(p.scoreDependentNorm("z")).isEmpty();
        ProgramLimit limit = ProgramLimit.of(p);
        assertThatThrownBy(() -> limit.normalised(List.of("r"))).hasMessageContaining("nested conditioning");
        assertThat(limit.normalised(List.of("z", "y")).definition("z").orElseThrow().toString()).contains("prod(1, h1)");
    }

    @Test
    void theTransformerBlockFileIsShortAndItsDepthIsOneLet() throws Exception {
        Path file = Path.of("theory/programs/transformer-L4.netsor");
        String text = Files.readString(file);
        long statementLines = text.lines().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).count();
        assertThat(statementLines).isLessThanOrEqualTo(20);
        Program four = Program.parse(text);
        Program eight = Program.parse(text.replace("let L = 4", "let L = 8"));
        assertThat(four.beyondTheorem()).isTrue();
        assertThat(four.matrices().stream().filter(m -> m.endsWith("WQ1"))).hasSize(4);
        assertThat(eight.matrices().stream().filter(m -> m.endsWith("WQ1"))).hasSize(8);
        // per block: H = 2 heads of 4 matrices plus the MLP's 2; s² = 16 scores per head
        assertThat(four.matrices()).hasSize(4 * (2 * 4 + 2));
        assertThat(four.scores()).hasSize(4 * 2 * 16);
        assertThat(four.definition("y")).isPresent();
        // pre-norm: the queries read rmsnorm(x); the MLP reads rmsnorm(h)
        assertThat(four.definition("b1_n1").orElseThrow().toString()).contains("rmsnorm(x0_1)");
        assertThat(four.definition("b2_q1_1").orElseThrow().toString()).contains("matrix=b2_WQ1, in=b2_n1");
        assertThat(four.definition("b1_h1").orElseThrow().toString()).contains("sum(x0_1, prod(0.7071067811865475, sum(b1_o1_1, b1_o2_1)))");
        assertThat(four.definition("x1_1").orElseThrow().toString()).contains("sum(b1_h1, b1_e1)");
    }

    @Test
    void postNormAndBareBlocksExpandAsDocumented() {
        Program post = Program.parse("beyond theorem\ninput t0_1 t0_2 ~ N(0, I)\n"
                + "block b: t0_ -> t1_; tokens=2, heads=1, norm=post, normop=layernorm, mlp=tanh\n");
        assertThat(post.definition("b_r1").orElseThrow().toString()).contains("sum(t0_1, b_o1_1)");
        assertThat(post.definition("b_h1").orElseThrow().toString()).contains("layernorm(b_r1)");
        assertThat(post.definition("t1_1").orElseThrow().toString()).contains("layernorm(b_z1)");
        Program bare = Program.parse("input t0_1 t0_2 ~ N(0, I)\nblock b: t0_ -> t1_; tokens=2, residual=no\n");
        assertThat(bare.beyondTheorem()).isFalse();
        assertThat(bare.definition("t1_2").orElseThrow().toString()).contains("identity(b_o1_2)");
        assertThatThrownBy(() -> Program.parse("input t0_1\nblock b: t0_ -> t1_; heads=2\n")).hasMessageContaining("needs tokens=S");
        assertThatThrownBy(() -> Program.parse("input t0_1\nblock b: t0_ -> t1_; tokens=1, norm=middle\n"))
                .hasMessageStartingWith("line 2:").hasMessageContaining("norm must be none, pre or post");
        assertThatThrownBy(() -> Program.parse("input t0_1\nblock b: t0_ -> t1_; tokens=1, colour=red\n"))
                .hasMessageContaining("unknown block option 'colour=red'");
        assertThatThrownBy(() -> Program.parse("input t0_1\nblock b: t0_ -> t1_; tokens=2\n"))
                .hasMessageContaining("undefined name 't0_2'");
    }

    @Test
    void everyDeepExampleParses() {
        for (String f : List.of("stacked-attention", "stacked-attention-gram", "attention-rmsnorm", "attention-mlp",
                "transformer-L4", "transformer-pre-L4", "transformer-post-L4")) {
            Program p = Program.read(Path.of("theory/programs/" + f + ".netsor"));
            assertThat(Program.parse(p.toText()).toText()).as(f).isEqualTo(p.toText());
        }
    }
}
