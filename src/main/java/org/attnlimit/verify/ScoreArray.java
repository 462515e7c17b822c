package org.attnlimit.verify;

import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.program.Expr;
import org.attnlimit.program.Program;
import org.attnlimit.program.Scaling;
import org.attnlimit.program.Statement;
import java.util.List;
import org.attnlimit.calculus.Activation;

/**
 * A Netsor program reduced to what Proposition D.1 and Lemmas D.3–D.9 need: initial vectors
 * {@code h^1..h^m} (coordinates iid {@code N(0, R)}, unit variances, correlations {@code R}), inputs
 * {@code x^i = φ(h^i)}, weight matrices with variances {@code σ_W²}, MatMul outputs
 * {@code g = W x} (Assumption 3.1) and scores {@code p_k = n^{-1/2}⟨g^{k,1}, g^{k,2}⟩}.
 *
 * @param name a label
 * @param phi the bounded activation of Assumption 3.1 (clip or ReLU, see {@link InputKernel})
 * @param inputCorrelation {@code R}, the correlations of the initial vectors (symmetric, unit diagonal)
 * @param matrixVariance {@code σ_W²} of each matrix
 * @param gMatrix for each MatMul output {@code g}, the index of its matrix
 * @param gInput for each MatMul output {@code g}, the index of its input
 * @param gNames names of the MatMul outputs
 * @param scores for each score, the indices {@code (k1, k2)} of its two MatMul outputs
 * @param scoreNames names of the scores
 */
public record ScoreArray(String name, Activation phi, double[][] inputCorrelation, double[] matrixVariance,
        int[] gMatrix, int[] gInput, List<String> gNames, int[][] scores, List<String> scoreNames) {

    /** Checks Assumption 3.1 (b): the two vectors of one score never share a matrix. */
    public ScoreArray {
        for (int[] s : scores) {
            if (gMatrix[s[0]] == gMatrix[s[1]]) {
                throw new InvalidInputException("Assumption 3.1 (b): query and key of a score share matrix "
                        + gMatrix[s[0]]);
            }
        }
    }

    /**
     * One head of Example 3.1 with {@code s} tokens: {@code x_j = φ(h_j)} independent, {@code q_j = W^Q x_j},
     * {@code k_j = W^K x_j}, scores {@code p_{ij} = n^{-1/2}⟨q_i, k_j⟩}, all {@code σ_W² = 1}.
     */
    public static ScoreArray attentionHead(Activation phi, int tokens) {
        double[][] r = new double[tokens][tokens];
        int[] gMatrix = new int[2 * tokens];
        int[] gInput = new int[2 * tokens];
        String[] gNames = new String[2 * tokens];
        for (int j = 0; j < tokens; j++) {
            r[j][j] = 1;
            gMatrix[j] = 0;
            gInput[j] = j;
            gNames[j] = "q" + (j + 1);
            gMatrix[tokens + j] = 1;
            gInput[tokens + j] = j;
            gNames[tokens + j] = "k" + (j + 1);
        }
        int[][] scores = new int[tokens * tokens][];
        String[] names = new String[tokens * tokens];
        for (int i = 0; i < tokens; i++) {
            for (int j = 0; j < tokens; j++) {
                scores[i * tokens + j] = new int[] {i, tokens + j};
                names[i * tokens + j] = "p" + (i + 1) + (j + 1);
            }
        }
        return new ScoreArray("attention head, s=" + tokens + ", " + phi.spec(), phi, r, new double[] {1, 1},
                gMatrix, gInput, List.of(gNames), scores, List.of(names));
    }

    /**
     * A program sharing matrices crosswise (Definition 3.1 (B), Assumption 3.1 (b)): inputs {@code x = φ(h¹)}, {@code y = φ(h²)} with
     * {@code corr(h¹, h²) = ρ}, scores {@code p_1 = n^{-1/2}⟨Ax, By⟩} and {@code p_2 = n^{-1/2}⟨Bx, Ay⟩}, so
     * {@code W^{1,1} = W^{2,2} = A}: {@code Cov(p̊_1, p̊_2) = σ_A²σ_B² K_{xy}²} comes from the second
     * Isserlis product only.
     */
    public static ScoreArray crosswise(Activation phi, double rho) {
        double[][] r = {{1, rho}, {rho, 1}};
        return new ScoreArray("crosswise-shared A,B, rho=" + rho + ", " + phi.spec(), phi, r, new double[] {1, 1},
                new int[] {0, 1, 1, 0}, new int[] {0, 1, 0, 1}, List.of("Ax", "By", "Bx", "Ay"),
                new int[][] {{0, 1}, {2, 3}}, List.of("<Ax,By>", "<Bx,Ay>"));
    }

    /**
     * The score array of a program, as a view: its scores {@code p = n^{-1/2}⟨W x, W' x'⟩} over token inputs
     * {@code x = φ(h)} with one catalogue φ and pre-activations {@code h} of unit variance (their correlation
     * from the program's Definition 3.1 limit). Empty when the program's scores are not of that form (then
     * the program checks, {@code ProgramScoresCheck}, are the ones that apply).
     *
     * @param name the label of the array
     * @param program a program within Theorem 3.1
     * @return its score array, inputs in order of first use
     */
    public static java.util.Optional<ScoreArray> of(String name, Program program) {
        List<String> inputs = new java.util.ArrayList<>();
        List<String> pre = new java.util.ArrayList<>();
        List<String> matrices = new java.util.ArrayList<>();
        List<String> gNames = new java.util.ArrayList<>();
        List<Integer> gMatrix = new java.util.ArrayList<>();
        List<Integer> gInput = new java.util.ArrayList<>();
        List<int[]> scores = new java.util.ArrayList<>();
        List<String> scoreNames = new java.util.ArrayList<>();
        Activation phi = null;
        for (Statement st : program.statements()) {
            if (!(st instanceof Statement.Score sc)) {
                continue;
            }
            if (sc.scaling() != Scaling.SQRT) {
                return java.util.Optional.empty();
            }
            int[] pair = new int[2];
            String[] ends = {sc.query(), sc.key()};
            for (int e = 0; e < 2; e++) {
                if (!(program.require(ends[e]) instanceof Statement.MatMul mm)
                        || !(program.require(mm.in()) instanceof Statement.Nonlin x) || !(x.expr() instanceof Expr.Apply ap)
                        || !(ap.arg() instanceof Expr.Ref h) || (phi != null && !phi.equals(ap.phi()))) {
                    return java.util.Optional.empty();
                }
                phi = ap.phi();
                if (!inputs.contains(mm.in())) {
                    inputs.add(mm.in());
                    pre.add(h.name());
                }
                if (!matrices.contains(mm.matrix())) {
                    matrices.add(mm.matrix());
                }
                if (!gNames.contains(mm.out())) {
                    gNames.add(mm.out());
                    gMatrix.add(matrices.indexOf(mm.matrix()));
                    gInput.add(inputs.indexOf(mm.in()));
                }
                pair[e] = gNames.indexOf(mm.out());
            }
            scores.add(pair);
            scoreNames.add(sc.out());
        }
        if (scores.isEmpty()) {
            return java.util.Optional.empty();
        }
        org.attnlimit.program.ProgramLimit limit = org.attnlimit.program.ProgramLimit.of(program);
        int m = inputs.size();
        double[][] r = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                r[a][b] = limit.covariance(pre.get(a), pre.get(b));
            }
            if (Math.abs(r[a][a] - 1) > 1e-12 || limit.mean(pre.get(a)) != 0) {
                return java.util.Optional.empty();   // the suite's input kernels assume standard pre-activations
            }
        }
        double[] variance = matrices.stream().mapToDouble(w -> ((Statement.Matrix) program.require(w)).variance()).toArray();
        try {
            return java.util.Optional.of(new ScoreArray(name, phi, r, variance, gMatrix.stream().mapToInt(i -> i).toArray(),
                    gInput.stream().mapToInt(i -> i).toArray(), gNames, scores.toArray(new int[0][]), scoreNames));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** @return the number of initial vectors (= inputs) */
    public int inputs() {
        return inputCorrelation.length;
    }

    /** @return the number of MatMul outputs */
    public int vectors() {
        return gMatrix.length;
    }

    /** @return the number of scores {@code r} */
    public int scoreCount() {
        return scores.length;
    }

    /** @return {@code K_{ab} = E[Z^{x^a} Z^{x^b}]} (Definition 3.1 (A), (iii)) */
    public double[][] kernel() {
        int m = inputs();
        double[][] k = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = a; b < m; b++) {
                k[a][b] = InputKernel.pair(phi, a == b ? 1 : inputCorrelation[a][b]);
                k[b][a] = k[a][b];
            }
        }
        return k;
    }

    /** @return {@code sup|φ|} (infinite for an unbounded φ, which Assumption 3.1 excludes): {@link Activation#supAbs} */
    public double activationBound() {
        return phi.supAbs();
    }

    /** @return {@code T = Σ_k |t_k| σ_{W^{k,1}} σ_{W^{k,2}}}, the scale in the suite's finite-width bias bounds */
    public double weightScale(double[] t) {
        double total = 0;
        for (int k = 0; k < scores.length; k++) {
            total += Math.abs(t[k]) * Math.sqrt(matrixVariance[gMatrix[scores[k][0]]] * matrixVariance[gMatrix[scores[k][1]]]);
        }
        return total;
    }
}
