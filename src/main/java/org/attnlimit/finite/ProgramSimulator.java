package org.attnlimit.finite;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.attnlimit.calculus.Require;
import org.attnlimit.program.NonlinFunction;
import org.attnlimit.program.Program;
import org.attnlimit.program.Scaling;
import org.attnlimit.program.Statement;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;

/**
 * Dense finite-width simulation of a Netsor program (Section 2, Definition 3.1): initial vectors with
 * {@code n} iid coordinates {@code N(μ_in, Σ_in)}, each matrix {@code n×n} with iid
 * {@code N(0, σ_W²/n)} entries (one matrix per name, shared by all its MatMuls), MatMul and Nonlin in
 * program order, scores {@code n^{−1/2}⟨g¹, g²⟩} (or {@code n^{−1}⟨·,·⟩}). Nonlins that read scores
 * (attention, Theorem 3.1) are evaluated by {@link NonlinFunction}; a program accepted with
 * {@code Program.Options.beyondTheorem()} (a score-dependent vector fed to a matrix) is simulated as written.
 *
 * <p>Memory is {@code O(n)} per vector: a matrix is never stored. Each matrix gets its own seed from
 * {@code rng} when first used, and every pass over it regenerates the same entries row by row from that
 * seed — the matrix is the same across its uses (as shared weights must be), and {@code n = 4096} costs
 * one row buffer instead of 128 MB per matrix. All MatMuls with one matrix whose inputs are ready share
 * one pass (in the attention programs: all tokens at once), so generation is rarely repeated. Immutable and thread-safe; the caller owns
 * the random stream.
 */
public final class ProgramSimulator {

    /**
     * One realisation at width {@code n}.
     *
     * @param width {@code n}
     * @param vectors every vector of the program, by name (length {@code n})
     * @param scores every score, by name
     */
    public record Realization(int width, Map<String, double[]> vectors, Map<String, Double> scores) {
        /** @return the vector {@code name} (not copied: treat as read-only) */
        public double[] vector(String name) {
            double[] v = vectors.get(name);
            if (v == null) {
                throw new IllegalArgumentException("no vector named '" + name + "'");
            }
            return v;
        }

        /** @return the score {@code name} */
        public double score(String name) {
            Double p = scores.get(name);
            if (p == null) {
                throw new IllegalArgumentException("no score named '" + name + "'");
            }
            return p;
        }
    }

    private final Program program;
    private final Map<Statement.Input, double[][]> inputRoots = new HashMap<>();

    private ProgramSimulator(Program program) {
        this.program = program;
        for (Statement s : program.statements()) {
            if (s instanceof Statement.Input in) {
                inputRoots.put(in, squareRoot(in.cov()));
            }
        }
    }

    /** @return a simulator for {@code program} */
    public static ProgramSimulator of(Program program) {
        if (program == null) {
            throw new IllegalArgumentException("program is missing");
        }
        return new ProgramSimulator(program);
    }

    /** @return the program */
    public Program program() {
        return program;
    }

    /** Simulates the whole program once at width {@code n}, drawing from {@code rng} only. */
    public Realization simulate(int n, UniformRandomProvider rng) {
        Require.atLeast("width n", n, 1);
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        Map<String, double[]> vectors = new HashMap<>();
        Map<String, Double> scores = new HashMap<>();
        Map<String, Long> matrixSeeds = new HashMap<>();
        Map<String, Double> variances = new HashMap<>();
        List<Statement> statements = program.statements();
        for (int idx = 0; idx < statements.size(); idx++) {
            Statement s = statements.get(idx);
            if (s instanceof Statement.Input in) {
                drawInputs(in, n, gauss, vectors);
            } else if (s instanceof Statement.Matrix m) {
                variances.put(m.name(), m.variance());
            } else if (s instanceof Statement.MatMul mm) {
                if (vectors.containsKey(mm.out())) {
                    continue;   // already computed in an earlier batch
                }
                long seed = matrixSeeds.computeIfAbsent(mm.matrix(), k -> rng.nextLong());
                List<Statement.MatMul> batch = batch(statements, idx, mm, vectors);
                double[][] inputs = new double[batch.size()][];
                for (int b = 0; b < inputs.length; b++) {
                    inputs[b] = vectors.get(batch.get(b).in());
                }
                double[][] outs = matMul(seed, variances.get(mm.matrix()), inputs, n);
                for (int b = 0; b < outs.length; b++) {
                    vectors.put(batch.get(b).out(), outs[b]);
                }
            } else if (s instanceof Statement.Nonlin nl) {
                vectors.put(nl.out(), evaluate(nl.out(), vectors, scores, n));
            } else if (s instanceof Statement.Score sc) {
                double[] q = vectors.get(sc.query());
                double[] k = vectors.get(sc.key());
                double dot = 0;
                for (int a = 0; a < n; a++) {
                    dot += q[a] * k[a];
                }
                scores.put(sc.out(), dot / (sc.scaling() == Scaling.LINEAR ? n : Math.sqrt(n)));
            }
        }
        return new Realization(n, Map.copyOf(vectors), Map.copyOf(scores));
    }

    private void drawInputs(Statement.Input in, int n, ZigguratSampler.NormalizedGaussian gauss,
            Map<String, double[]> vectors) {
        List<String> names = in.names();
        int k = names.size();
        double[] mean = in.mean();
        double[][] root = inputRoots.get(in);
        double[][] out = new double[k][n];
        double[] z = new double[k];
        for (int a = 0; a < n; a++) {
            for (int i = 0; i < k; i++) {
                z[i] = gauss.sample();
            }
            for (int i = 0; i < k; i++) {
                double v = mean[i];
                for (int j = 0; j < k; j++) {
                    v += root[i][j] * z[j];
                }
                out[i][a] = v;
            }
        }
        for (int i = 0; i < k; i++) {
            vectors.put(names.get(i), out[i]);
        }
    }

    /**
     * This MatMul and every later one with the same matrix whose input already exists: they share one
     * pass over the matrix (e.g. the queries {@code WQ x_1..WQ x_s} of all tokens).
     */
    private static List<Statement.MatMul> batch(List<Statement> statements, int from, Statement.MatMul first,
            Map<String, double[]> vectors) {
        List<Statement.MatMul> batch = new java.util.ArrayList<>();
        batch.add(first);
        for (int i = from + 1; i < statements.size(); i++) {
            if (statements.get(i) instanceof Statement.MatMul m && m.matrix().equals(first.matrix())
                    && vectors.containsKey(m.in())) {
                batch.add(m);
            }
        }
        return batch;
    }

    /** {@code W x_b} for each input, with {@code W}'s entries regenerated from {@code seed}, row by row. */
    private static double[][] matMul(long seed, double variance, double[][] x, int n) {
        ZigguratSampler.NormalizedGaussian w = ZigguratSampler.NormalizedGaussian.of(RandomSource.L64_X128_MIX.create(seed));
        double scale = Math.sqrt(variance / n);
        int k = x.length;
        double[][] out = new double[k][n];
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                row[j] = w.sample();
            }
            for (int b = 0; b < k; b++) {
                double[] xb = x[b];
                double acc = 0;
                for (int j = 0; j < n; j++) {
                    acc += row[j] * xb[j];
                }
                out[b][i] = scale * acc;
            }
        }
        return out;
    }

    /** A Nonlin through the program's compiled evaluator (Theorem 3.1: scores enter as scalars). */
    private double[] evaluate(String out, Map<String, double[]> vectors, Map<String, Double> scores, int n) {
        NonlinFunction f = program.function(out);
        double[][] v = new double[f.vectors().size()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = vectors.get(f.vectors().get(i));
        }
        double[] p = new double[f.scores().size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = scores.get(f.scores().get(i));
        }
        return f.apply(v, p, n);
    }

    private static double[][] squareRoot(double[][] c) {
        int k = c.length;
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(c));
        double[][] root = new double[k][k];
        for (int m = 0; m < k; m++) {
            double f = Math.sqrt(Math.max(0.0, eig.getEigenvalues()[m]));
            double[] v = eig.getEigenvector(m).toArray();
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    root[i][j] += f * v[i] * v[j];
                }
            }
        }
        return root;
    }
}
