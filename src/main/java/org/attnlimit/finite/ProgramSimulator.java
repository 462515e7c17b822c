package org.attnlimit.finite;

import org.attnlimit.numerics.Mutation;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.numerics.PsdRoot;
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

/**
 * Finite-width simulation of a Netsor program (Section 2, Definition 3.1): initial vectors with
 * {@code n} iid coordinates {@code N(μ_in, Σ_in)}, each matrix {@code n×n} with iid
 * {@code N(0, σ_W²/n)} entries (one matrix per name, shared by all its MatMuls), MatMul and Nonlin in
 * program order, scores {@code n^{−1/2}⟨g¹, g²⟩} (or {@code n^{−1}⟨·,·⟩}). Nonlins that read scores
 * (attention, Theorem 3.1) are evaluated by {@link NonlinFunction}; a program accepted with
 * {@code Program.Options.beyondTheorem()} (a score-dependent vector fed to a matrix) is simulated as written
 * (exactly by either method: the conditioning argument does not need Theorem 3.1's rule). Two methods,
 * equal in law:
 *
 * <ul>
 *   <li>{@link Method#EXACT} (the default): Gaussian conditioning (MATH.md §8,
 *       theory/conditioning-sampler.md). A matrix is never drawn; it is known only through its products
 *       ({@link ConditionedMatrix}), and {@code W x_j} is the image of the part of {@code x_j} in the span
 *       of the earlier inputs plus fresh noise scaled by {@code σ_W n^{−1/2}‖Π⊥x_j‖}. {@code O(n·k)} per
 *       product for a matrix used {@code k} times, memory {@code O(n·(number of vectors))}.</li>
 *   <li>{@link Method#DENSE}: the literal network, every matrix entry drawn, {@code O(n²)} per matrix. A
 *       matrix is never stored either: each gets its own seed from {@code rng} when first used, and every
 *       pass over it regenerates the same entries row by row from that seed — the matrix is the same
 *       across its uses (as shared weights must be), and {@code n = 4096} costs one row buffer instead of
 *       128 MB per matrix. All MatMuls with one matrix whose inputs are ready share one pass (in the
 *       attention programs: all tokens at once), so generation is rarely repeated. The reference.</li>
 * </ul>
 *
 * <p>{@link #restrictedTo} computes only what some outputs depend on (their marginal law is unchanged:
 * leaving out a product only leaves out a coordinate of the conditioning). Immutable and thread-safe;
 * the caller owns the random stream.
 */
public final class ProgramSimulator {

    /** How the products {@code W x} are drawn. */
    public enum Method {
        /** Gaussian conditioning on the earlier products of the same matrix: O(n·k) per product. */
        EXACT,
        /** Every matrix entry drawn (regenerated row by row from the matrix's seed): O(n²) per product. */
        DENSE;

        /** @return the method named {@code exact} or {@code dense} (any case) */
        public static Method parse(String name) {
            for (Method m : values()) {
                if (m.name().equalsIgnoreCase(name.trim())) {
                    return m;
                }
            }
            throw new InvalidInputException("unknown method '" + name + "'; known: exact, dense");
        }
    }

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
                throw new InvalidInputException("no vector named '" + name + "'");
            }
            return v;
        }

        /** @return the score {@code name} */
        public double score(String name) {
            Double p = scores.get(name);
            if (p == null) {
                throw new InvalidInputException("no score named '" + name + "'");
            }
            return p;
        }
    }

    private final Program program;
    private final Method method;
    /** {@code needed[i]}: statement {@code i} is computed (all, unless {@link #restrictedTo} was used). */
    private final boolean[] needed;
    private final Map<Statement.Input, double[][]> inputRoots = new HashMap<>();

    private ProgramSimulator(Program program, Method method, boolean[] needed) {
        this.program = program;
        this.method = method;
        this.needed = needed;
        for (Statement s : program.statements()) {
            if (s instanceof Statement.Input in) {
                inputRoots.put(in, PsdRoot.symmetric(in.cov()));
            }
        }
    }

    /** @return the exact (Gaussian-conditioning) simulator of {@code program} */
    public static ProgramSimulator of(Program program) {
        return of(program, Method.EXACT);
    }

    /** @return a simulator of {@code program} by {@code method} */
    public static ProgramSimulator of(Program program, Method method) {
        if (program == null) {
            throw new InvalidInputException("program is missing");
        }
        if (method == null) {
            throw new InvalidInputException("method is missing");
        }
        boolean[] all = new boolean[program.statements().size()];
        java.util.Arrays.fill(all, true);
        return new ProgramSimulator(program, method, all);
    }

    /**
     * @param names vectors or scores of the program
     * @return the same simulator computing only the statements {@code names} depend on (the realisations
     *     hold only those); an unknown name is an {@link IllegalArgumentException}
     */
    public ProgramSimulator restrictedTo(java.util.Collection<String> names) {
        List<Statement> statements = program.statements();
        java.util.Set<String> wanted = new java.util.HashSet<>();
        for (String name : names) {
            if (program.definition(name).isEmpty() || program.definition(name).get() instanceof Statement.Matrix) {
                throw new InvalidInputException("no vector or score named '" + name + "' in the program");
            }
            wanted.add(name);
        }
        boolean[] keep = new boolean[statements.size()];
        for (int i = statements.size() - 1; i >= 0; i--) {
            Statement s = statements.get(i);
            List<String> defined = definedBy(s);
            if (s instanceof Statement.Matrix || defined.stream().anyMatch(wanted::contains)) {
                keep[i] = true;
                wanted.addAll(readBy(s));
            }
        }
        return new ProgramSimulator(program, method, keep);
    }

    /** @return the program */
    public Program program() {
        return program;
    }

    /** @return how products are drawn */
    public Method method() {
        return method;
    }

    /** Simulates the whole program once at width {@code n}, drawing from {@code rng} only. */
    public Realization simulate(int n, UniformRandomProvider rng) {
        Require.atLeast("width n", n, 1);
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        Map<String, double[]> vectors = new HashMap<>();
        Map<String, Double> scores = new HashMap<>();
        Map<String, Long> matrixSeeds = new HashMap<>();
        Map<String, Double> variances = new HashMap<>();
        Map<String, ConditionedMatrix> conditioned = new HashMap<>();
        ConditionedMatrix.Basis basis = new ConditionedMatrix.Basis();
        List<Statement> statements = program.statements();
        for (int idx = 0; idx < statements.size(); idx++) {
            Statement s = statements.get(idx);
            if (!needed[idx]) {
                continue;
            }
            if (s instanceof Statement.Input in) {
                drawInputs(in, n, gauss, vectors);
            } else if (s instanceof Statement.Matrix m) {
                variances.put(m.name(), m.variance());
            } else if (s instanceof Statement.MatMul mm && method == Method.EXACT) {
                vectors.put(mm.out(), conditioned.computeIfAbsent(matrixOf(mm),
                        w -> new ConditionedMatrix(variances.get(w), n, basis)).multiply(vectors.get(mm.in()), gauss));
            } else if (s instanceof Statement.MatMul mm) {
                if (vectors.containsKey(mm.out())) {
                    continue;   // already computed in an earlier batch
                }
                long seed = matrixSeeds.computeIfAbsent(matrixOf(mm), k -> rng.nextLong());
                List<Statement.MatMul> batch = batch(statements, needed, idx, mm, vectors);
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
                boolean overN = sc.scaling() == Scaling.LINEAR || Mutation.CONDITIONING_SCORES_OVER_N.planted();
                scores.put(sc.out(), dot / (overN ? n : Math.sqrt(n)));
            }
        }
        return new Realization(n, Map.copyOf(vectors), Map.copyOf(scores));
    }

    /**
     * @return the matrix {@code mm} multiplies by (under the planted bug {@link Mutation#FINITE_SHARED_HEAD_SCORES},
     *     head 1's query and key matrices for every head of an attention program)
     */
    private static String matrixOf(Statement.MatMul mm) {
        return Mutation.FINITE_SHARED_HEAD_SCORES.planted() ? mm.matrix().replaceFirst("^(W[QK])\\d+$", "$11") : mm.matrix();
    }

    /** @return the names {@code s} defines */
    private static List<String> definedBy(Statement s) {
        if (s instanceof Statement.Input in) {
            return in.names();
        } else if (s instanceof Statement.MatMul mm) {
            return List.of(mm.out());
        } else if (s instanceof Statement.Nonlin nl) {
            return List.of(nl.out());
        } else if (s instanceof Statement.Score sc) {
            return List.of(sc.out());
        }
        return List.of();
    }

    /** @return the names {@code s} reads */
    private java.util.Set<String> readBy(Statement s) {
        java.util.Set<String> names = new java.util.HashSet<>();
        if (s instanceof Statement.MatMul mm) {
            names.add(mm.in());
        } else if (s instanceof Statement.Nonlin nl) {
            NonlinFunction f = program.function(nl.out());
            names.addAll(f.vectors());
            names.addAll(f.scores());
        } else if (s instanceof Statement.Score sc) {
            names.add(sc.query());
            names.add(sc.key());
        }
        return names;
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
    private static List<Statement.MatMul> batch(List<Statement> statements, boolean[] needed, int from,
            Statement.MatMul first, Map<String, double[]> vectors) {
        List<Statement.MatMul> batch = new java.util.ArrayList<>();
        batch.add(first);
        for (int i = from + 1; i < statements.size(); i++) {
            if (needed[i] && statements.get(i) instanceof Statement.MatMul m && m.matrix().equals(first.matrix())
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
}
