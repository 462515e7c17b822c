package org.attnlimit.finite;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.numerics.Softmax;
import org.attnlimit.program.AttentionProgram;
import org.attnlimit.program.Program;
import org.attnlimit.program.Statement;
import org.attnlimit.random.SampleStreams;

/**
 * The output and the per-head conditional variances of the conditioning sampler ({@code simulate --program}) on
 * the multi-head attention program of {@link AttentionProgram} (Example 3.1; its names: scores
 * {@code p{a}_1{j}}, values {@code v{a}_{j}}, output matrices {@code WO{a}}). Per realisation at width n: the
 * output {@code y1} at coordinate 1 and, for each head, {@code V_a = σ_O²·|Σ_j s^a_j v^a_j|²/n} with
 * {@code s^a = softmax(p^a_{1·})}: head {@code a}'s term {@code o^a_1 = W^{O,a} Σ_j s^a_j v^a_j} is, given
 * everything but {@code W^{O,a}}, {@code N(0, V_a)} in each coordinate (exact at finite n). Theorem 3.1: in the
 * limit {@code V_a = σ_O²σ_V²(s^a)ᵀK s^a} with independent heads; at finite n the heads share the tokens, so
 * {@code Cov(V_a, V_b) = O(1/n)}. Immutable and thread-safe.
 */
public final class ProgramHeads {
    private final ProgramSimulator simulator;
    private final int heads;
    private final int tokens;
    private final double[] sigmaO2;

    private ProgramHeads(ProgramSimulator simulator, int heads, int tokens, double[] sigmaO2) {
        this.simulator = simulator;
        this.heads = heads;
        this.tokens = tokens;
        this.sigmaO2 = sigmaO2;
    }

    /**
     * @param program a program built by {@link AttentionProgram} (anything else: an {@link InvalidInputException})
     * @param method how products are drawn
     * @return its per-head sampler
     */
    public static ProgramHeads of(Program program, ProgramSimulator.Method method) {
        int h = 0;
        while (program.definition("WO" + (h + 1)).isPresent()) {
            h++;
        }
        int s = 0;
        while (program.definition("p1_1" + (s + 1)).isPresent()) {
            s++;
        }
        if (h == 0 || s == 0 || program.definition(AttentionProgram.OUTPUT).isEmpty()) {
            throw new InvalidInputException("not a multi-head attention program (Example 3.1's names)");
        }
        double[] sigmaO2 = new double[h];
        List<String> needed = new ArrayList<>(List.of(AttentionProgram.OUTPUT));
        for (int a = 1; a <= h; a++) {
            sigmaO2[a - 1] = ((Statement.Matrix) program.definition("WO" + a).orElseThrow()).variance();
            for (int j = 1; j <= s; j++) {
                needed.add("p" + a + "_1" + j);
                needed.add("v" + a + "_" + j);
            }
        }
        return new ProgramHeads(ProgramSimulator.of(program, method).restrictedTo(needed), h, s, sigmaO2);
    }

    /** @return the number of heads H */
    public int heads() {
        return heads;
    }

    /**
     * @param n the width
     * @param count the number of realisations
     * @param streams the per-realisation streams
     * @param progress called with the number of realisations done (may be {@code null})
     * @return {@code count × (1 + H)} values, realisation-major: {@code y1} at coordinate 1, then
     *     {@code V_1..V_H}; a prefix if cancelled
     */
    public double[] sample(int n, int count, SampleStreams streams, LongConsumer progress) {
        int stride = 1 + heads;
        return streams.sample(count, stride, (rng, out, offset) -> {
            ProgramSimulator.Realization z = simulator.simulate(n, rng);
            out[offset] = z.vector(AttentionProgram.OUTPUT)[0];
            double[] p = new double[tokens];
            double[] w = new double[tokens];
            for (int a = 1; a <= heads; a++) {
                for (int j = 1; j <= tokens; j++) {
                    p[j - 1] = z.score("p" + a + "_1" + j);
                }
                Softmax.apply(p, w);
                double[][] v = new double[tokens][];
                for (int j = 1; j <= tokens; j++) {
                    v[j - 1] = z.vector("v" + a + "_" + j);
                }
                double acc = 0;
                for (int c = 0; c < n; c++) {
                    double t = 0;
                    for (int j = 0; j < tokens; j++) {
                        t += w[j] * v[j][c];
                    }
                    acc += t * t;
                }
                out[offset + a] = sigmaO2[a - 1] * acc / n;
            }
        }, progress);
    }
}
