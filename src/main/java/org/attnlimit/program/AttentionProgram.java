package org.attnlimit.program;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;

/**
 * The Java template of multi-head attention (Example 3.1): the program that {@code attnlimit limit} and
 * {@code simulate} build for {@code --tokens s --heads H}, written with the same names as
 * {@code theory/programs/mha-s4-h2.netsor}:
 * <pre>
 *   x_j (token inputs)                       j = 1..s
 *   matrix WQ{a} WK{a} WV{a} WO{a}           a = 1..H, variances σ_Q², σ_K², σ_V², σ_O²
 *   q{a}_1 = WQ{a} x_1,  k{a}_{j} = WK{a} x_j,  v{a}_{j} = WV{a} x_j,  u{a}_{j} = WO{a} v{a}_{j}
 *   p{a}_1{j} = score(q{a}_1, k{a}_{j})      (n^{-1/2}⟨q, k⟩, Definition 3.1 (B))
 *   o{a}_1 = attend(p{a}_1{j} for j; u{a}_{j} for j)
 *   y1 = prod(H^{-1/2}, sum(o{a}_1 for a))   (Theorem 3.1: the output of token 1)
 * </pre>
 * Only token 1's query and output are written: the law of {@code y1} is what these commands report, and
 * by exchangeability of the heads and the softmax every token's output has a law of this form.
 * The token inputs are either the paper's {@code x_j = φ(W_j h)} with {@code h ~ N(0, 1)} (Appendix B.1:
 * {@code K_jj = E[φ(Z)²]}, {@code K_jl = E[φ(Z)]²}) or Gaussian vectors with a given Gram matrix
 * {@code K} (only {@code K} enters the limit of {@code y1}).
 */
public final class AttentionProgram {
    /** The name of token 1's output. */
    public static final String OUTPUT = "y1";

    private AttentionProgram() {
    }

    /**
     * @return the paper's program: {@code h ~ N(0, 1)}, {@code h_j = W_j h} ({@code σ_{W_j} = 1}),
     *     {@code x_j = φ(h_j)}, then {@code H} heads with the given standard deviations
     */
    public static Program paper(Activation phi, int tokens, int heads, double sigmaQ, double sigmaK,
            double sigmaV, double sigmaO) {
        check(tokens, heads);
        Program.Builder b = Program.builder().input("h", 0, 1);
        for (int j = 1; j <= tokens; j++) {
            b.matrix("W" + j, 1).matMul("h" + j, "W" + j, "h").nonlin("x" + j, phi, "h" + j);
        }
        return heads(b, tokens, heads, sigmaQ, sigmaK, sigmaV, sigmaO);
    }

    /**
     * @return the program whose token inputs {@code x_1..x_s} are initial vectors with coordinates iid
     *     {@code N(0, K)}, then {@code H} heads with the given standard deviations
     */
    public static Program withGram(double[][] gram, int heads, double sigmaQ, double sigmaK, double sigmaV,
            double sigmaO) {
        int tokens = gram.length;
        check(tokens, heads);
        List<String> names = new ArrayList<>();
        for (int j = 1; j <= tokens; j++) {
            names.add("x" + j);
        }
        Program.Builder b = Program.builder().inputs(names, new double[tokens], gram);
        return heads(b, tokens, heads, sigmaQ, sigmaK, sigmaV, sigmaO);
    }

    private static void check(int tokens, int heads) {
        if (tokens < 1) {
            throw new InvalidInputException("tokens s must be at least 1, got " + tokens);
        }
        if (heads < 1) {
            throw new InvalidInputException("heads H must be at least 1, got " + heads);
        }
    }

    private static Program heads(Program.Builder b, int tokens, int heads, double sigmaQ, double sigmaK,
            double sigmaV, double sigmaO) {
        List<Expr> outputs = new ArrayList<>();
        for (int a = 1; a <= heads; a++) {
            b.matrix("WQ" + a, sigmaQ * sigmaQ).matrix("WK" + a, sigmaK * sigmaK)
                    .matrix("WV" + a, sigmaV * sigmaV).matrix("WO" + a, sigmaO * sigmaO);
            String q = "q" + a + "_1";
            b.matMul(q, "WQ" + a, "x1");
            List<String> logits = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int j = 1; j <= tokens; j++) {
                String k = "k" + a + "_" + j;
                String v = "v" + a + "_" + j;
                String u = "u" + a + "_" + j;
                String p = "p" + a + "_1" + j;
                b.matMul(k, "WK" + a, "x" + j).matMul(v, "WV" + a, "x" + j).matMul(u, "WO" + a, v).score(p, q, k);
                logits.add(p);
                values.add(u);
            }
            b.attend("o" + a + "_1", logits, values);
            outputs.add(new Expr.Ref("o" + a + "_1"));
        }
        Expr sum = outputs.size() == 1 ? outputs.get(0) : new Expr.Sum(outputs);
        b.nonlin(OUTPUT, new Expr.Prod(List.of(new Expr.Const(1 / Math.sqrt(heads)), sum)));
        return b.build();
    }
}
