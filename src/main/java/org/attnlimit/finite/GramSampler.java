package org.attnlimit.finite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.attnlimit.numerics.PsdRoot;
import org.attnlimit.program.Expr;
import org.attnlimit.program.NonlinFunction;
import org.attnlimit.program.Program;
import org.attnlimit.program.Scaling;
import org.attnlimit.program.Statement;
import org.attnlimit.random.SampleStreams;

/**
 * Exact finite-width sampling at O(1) cost in the width for programs that are <em>linear in the Gaussian
 * inputs given the scores</em>: centred Gaussian inputs, MatMuls, Nonlins that are linear in the vectors with
 * coefficients depending on scores and constants ({@code attend}, sums, scalar multiples — stacked attention,
 * residual streams), {@code rmsnorm}, and scores. Such a program depends on the width-n vectors only through
 * their Gram matrix {@code n⁻¹⟨x, y⟩} and through coordinate 1 (the recorded readout), and both can be drawn
 * exactly without any width-n vector — the structure the paper layer's reduced sampler uses (Bartlett).
 *
 * <p>The derivation (theory/conditioning-sampler.md, Gaussian conditioning at the Gram level). A fresh
 * matrix {@code W} (iid {@code N(0, σ²/n)}) applied to vectors {@code X = [x_1..x_k]} gives {@code U = W X}
 * with rows iid {@code N(0, σ² K)}, {@code K = n⁻¹XᵀX}, given everything before; so {@code U = Ξ R}
 * ({@code RᵀR = σ²K}) with {@code Ξ} an {@code n×k} matrix of iid {@code N(0, 1)} <em>independent of the
 * past</em>. Split coordinate 1 off ({@code ξ₁ ~ N(0, I_k)}, the readout) and write coordinates 2..n in an
 * orthonormal frame {@code Q} ({@code (n−1)×D}) that contains every vector still needed: {@code QᵀΞ'} is a
 * {@code D×k} matrix {@code A} of iid {@code N(0, 1)} and the part of {@code Ξ'} orthogonal to the frame has
 * Gram {@code Wishart(n−1−D, I_k)}, drawn by its Bartlett factor {@code T} ({@code T_jj² ~ χ²(n−1−D−j+1)},
 * {@code T_ij ~ N(0, 1)} above the diagonal) in {@code k} new frame directions. Vectors are stored as
 * {@code ŵ = (frame coordinates)/√n} and coordinate 1 {@code r}: {@code n⁻¹⟨u, v⟩ = ŵ_u·ŵ_v + r_u r_v/n},
 * a score {@code n^{−1/2}⟨q, k⟩ = √n ŵ_q·ŵ_k + r_q r_k/√n}. Before each block the frame is cut down to the
 * vectors still needed (Householder QR): exact, and the cost is {@code O(D²k)} per block whatever {@code n}.
 *
 * <p>{@link Mode#LIMIT} is the <b>exact coupling</b>: the same draws with the Wishart factors at their limits
 * ({@code T/√n → I}, and {@code A/√n → 0} in every Gram while {@code A} stays in the scores, where it is
 * multiplied by {@code √n}). It samples the conjectured limit of the program — conjecture (nested conditioning,
 * beyond Theorem 3.1): given the scores of the earlier layers, every vector is Gaussian with the limit Gram,
 * the next scores are Gaussian with the Isserlis covariance of Definition 3.1 (B) of it, and coordinate 1 is
 * Gaussian given all scores — coupled draw by draw with {@link Mode#FINITE} through {@link #sampleCoupled}.
 * For a program within Theorem 3.1 it samples the theorem's limit. Immutable and thread-safe.
 */
public final class GramSampler {

    /** Which law the draws are mapped to. */
    public enum Mode {
        /** The network at width {@code n}, exactly. */
        FINITE,
        /** The same draws with the Wishart factors at their limits: the (conjectured) infinite-width limit. */
        LIMIT
    }

    /** One step of the compiled program. */
    private sealed interface Op permits Block, Linear, Rms, ScoreOp {
    }

    /**
     * A fresh matrix applied to {@code in} (or initial vectors when {@code in == null}, with {@code inputRoot}
     * the upper root of their covariance); {@code keep}: the slots the frame is cut down to first (or null).
     */
    private record Block(int[] in, double variance, double[][] inputRoot, int[] out, int[] keep, int frameBefore)
            implements Op {
    }

    /**
     * A Nonlin linear in the vectors {@code in}: out = Σ_t c_t(p) in_t, c from {@code f} at unit vectors; or, for
     * {@code attend(a_1..a_s; v_1..v_s)} of distinct vectors ({@code logits != null}), c = softmax(a).
     */
    private record Linear(int out, int[] in, NonlinFunction f, int[] scores, NonlinFunction[] logits, int[][] logitScores,
            double[] fixed) implements Op {
    }

    /** {@code out = y / sqrt(n⁻¹‖y‖²)}. */
    private record Rms(int out, int in) implements Op {
    }

    /** A score {@code n^{−1/2}⟨q, k⟩} (or {@code n^{−1}⟨q, k⟩}). */
    private record ScoreOp(int index, int q, int k, boolean linear) implements Op {
    }

    private final List<String> outputs;
    private final List<Op> ops;
    private final int slots;
    private final int scores;
    private final int frameMax;
    private final int[] outputSlot;
    private final int[] outputScore;
    /** For an output {@code cos(a, b)}: the slots of a and b (else −1). */
    private final int[] cosA;
    private final int[] cosB;
    private final ThreadLocal<Work> work;
    /** For the negative control of the tests only: Bartlett degrees of freedom n − 1, ignoring the frame. */
    private final boolean wrongDegreesOfFreedom;

    private GramSampler(List<String> outputs, List<Op> ops, int slots, int scores, int frameMax, int[] outputSlot,
            int[] outputScore, int[] cosA, int[] cosB) {
        this(outputs, ops, slots, scores, frameMax, outputSlot, outputScore, cosA, cosB, false);
    }

    private GramSampler(List<String> outputs, List<Op> ops, int slots, int scores, int frameMax, int[] outputSlot,
            int[] outputScore, int[] cosA, int[] cosB, boolean wrongDegreesOfFreedom) {
        this.cosA = cosA;
        this.cosB = cosB;
        this.wrongDegreesOfFreedom = wrongDegreesOfFreedom;
        this.outputs = List.copyOf(outputs);
        this.ops = List.copyOf(ops);
        this.slots = slots;
        this.scores = scores;
        this.frameMax = frameMax;
        this.outputSlot = outputSlot;
        this.outputScore = outputScore;
        this.work = ThreadLocal.withInitial(() -> new Work(slots, scores, frameMax));
    }

    /**
     * @param program a program (within Theorem 3.1 or beyond it)
     * @param outputs vectors (read at coordinate 1) and scores to record
     * @return why the program is outside the Gram-level structure, or empty when {@link #of} accepts it
     */
    public static Optional<String> unsupported(Program program, List<String> outputs) {
        try {
            of(program, outputs);
            return Optional.empty();
        } catch (UnsupportedOperationException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * @param program the program
     * @param outputs vectors (read at coordinate 1), scores, and {@code cos(a, b)}: the cosine
     *     {@code ⟨a, b⟩/(‖a‖‖b‖)} of two vectors (its limit in LIMIT mode)
     * @return the Gram-level sampler of what {@code outputs} depend on
     * @throws UnsupportedOperationException (naming the statement) if the program is not linear in its Gaussian
     *     inputs given the scores: an input with a non-zero mean, a nonlinear activation of a vector, layernorm,
     *     a matrix applied to a vector computed after its first product
     * @throws IllegalArgumentException for an unknown output
     */
    public static GramSampler of(Program program, List<String> outputs) {
        if (program == null || outputs == null || outputs.isEmpty()) {
            throw new IllegalArgumentException("a program and at least one output are needed");
        }
        for (String o : outputs) {
            for (String name : names(o)) {
                if (program.definition(name).isEmpty() || program.definition(name).get() instanceof Statement.Matrix
                        || (!name.equals(o) && program.definition(name).get() instanceof Statement.Score)) {
                    throw new org.attnlimit.calculus.InvalidInputException("no vector or score named '" + name
                            + "' in the program");
                }
            }
        }
        return new Compiler(program, outputs).compile();
    }

    private static final java.util.regex.Pattern COSINE = java.util.regex.Pattern.compile("cos\\(\\s*(\\S+?)\\s*,\\s*(\\S+?)\\s*\\)");

    /** @return the program names an output reads: itself, or a and b of {@code cos(a, b)} */
    private static List<String> names(String output) {
        java.util.regex.Matcher m = COSINE.matcher(output);
        return m.matches() ? List.of(m.group(1), m.group(2)) : List.of(output);
    }

    /**
     * @return a deliberately wrong sampler (the Wishart part drawn with {@code n − 1} degrees of freedom instead
     *     of {@code n − 1 − D}, as if the frame took no dimensions): the tests' negative control
     */
    GramSampler withWrongDegreesOfFreedom() {
        return new GramSampler(outputs, ops, slots, scores, frameMax, outputSlot, outputScore, cosA, cosB, true);
    }

    /** @return the outputs, in order */
    public List<String> outputs() {
        return outputs;
    }

    /** @return the smallest width at which the Bartlett factors exist ({@code n − 1 ≥} the largest frame) */
    public int minimumWidth() {
        return frameMax + 1;
    }

    /**
     * Draws one realisation of the outputs into {@code out[offset..offset + outputs().size())}.
     *
     * @param n the width
     * @param mode the finite network or its (conjectured) limit
     * @param rng the random stream
     */
    public void sample(int n, Mode mode, UniformRandomProvider rng, double[] out, int offset) {
        if (n < minimumWidth()) {
            throw new org.attnlimit.calculus.InvalidInputException("width " + n + " is below the Gram-level sampler's minimum " + minimumWidth()
                    + " (the frame of the vectors still needed); use the conditioning sampler");
        }
        Work w = work.get();
        w.run(this, n, mode, rng);
        for (int j = 0; j < outputs.size(); j++) {
            if (cosA[j] >= 0) {
                double ab = w.gram(cosA[j], cosB[j], w.frame, mode == Mode.LIMIT, n);
                double aa = w.gram(cosA[j], cosA[j], w.frame, mode == Mode.LIMIT, n);
                double bb = w.gram(cosB[j], cosB[j], w.frame, mode == Mode.LIMIT, n);
                out[offset + j] = ab / Math.sqrt(aa * bb);
            } else {
                out[offset + j] = outputSlot[j] >= 0 ? w.r[outputSlot[j]] : w.scores[outputScore[j]];
            }
        }
    }

    /**
     * @return {@code count × outputs().size()} values, realisation-major; realisation {@code i} uses stream
     *     {@code i} of {@code streams} (a prefix if cancelled)
     */
    public double[] sample(int n, Mode mode, int count, SampleStreams streams, LongConsumer progress) {
        int k = outputs.size();
        return streams.sample(count, k, (rng, out, offset) -> sample(n, mode, rng, out, offset), progress);
    }

    /**
     * The exact coupling: each realisation draws the finite network at width {@code n} and its limit from the
     * same random numbers (the limit with the Wishart factors at their limits).
     *
     * @return {@code count × 2·outputs().size()} values: per realisation the finite outputs, then the limit ones
     */
    public double[] sampleCoupled(int n, int count, SampleStreams streams, LongConsumer progress) {
        int k = outputs.size();
        return streams.sample(count, 2 * k, (rng, out, offset) -> {
            long[] seed = {rng.nextLong(), rng.nextLong(), rng.nextLong(), rng.nextLong()};
            sample(n, Mode.FINITE, RandomSource.L64_X128_MIX.create(seed), out, offset);
            sample(n, Mode.LIMIT, RandomSource.L64_X128_MIX.create(seed), out, offset + k);
        }, progress);
    }

    // ------------------------------------------------------------------ compilation

    /** Turns the statements the outputs depend on into {@link Op}s, with the frame plan. */
    private static final class Compiler {
        private final Program program;
        private final List<String> outputs;
        private final Map<String, Integer> slot = new LinkedHashMap<>();
        private final Map<String, Integer> scoreIndex = new HashMap<>();
        private final Map<String, Double> variances = new HashMap<>();
        private final Set<String> blocked = new HashSet<>();
        private final List<Op> ops = new ArrayList<>();

        Compiler(Program program, List<String> outputs) {
            this.program = program;
            this.outputs = outputs;
        }

        GramSampler compile() {
            List<Statement> statements = program.statements();
            boolean[] needed = needed(statements);
            for (int i = 0; i < statements.size(); i++) {
                Statement s = statements.get(i);
                if (!needed[i]) {
                    continue;
                }
                if (s instanceof Statement.Matrix m) {
                    variances.put(m.name(), m.variance());
                } else if (s instanceof Statement.Input in) {
                    input(in);
                } else if (s instanceof Statement.MatMul mm) {
                    if (!blocked.contains(mm.matrix())) {
                        block(statements, needed, i, mm);
                    }
                } else if (s instanceof Statement.Nonlin nl) {
                    nonlin(nl);
                } else if (s instanceof Statement.Score sc) {
                    int index = scoreIndex.size();
                    scoreIndex.put(sc.out(), index);
                    ops.add(new ScoreOp(index, slot.get(sc.query()), slot.get(sc.key()), sc.scaling() == Scaling.LINEAR));
                }
            }
            return plan();
        }

        private boolean[] needed(List<Statement> statements) {
            Set<String> wanted = new HashSet<>();
            outputs.forEach(o -> wanted.addAll(names(o)));
            boolean[] keep = new boolean[statements.size()];
            for (int i = statements.size() - 1; i >= 0; i--) {
                Statement s = statements.get(i);
                List<String> defined = new ArrayList<>();
                Set<String> read = new HashSet<>();
                if (s instanceof Statement.Input in) {
                    defined.addAll(in.names());
                } else if (s instanceof Statement.MatMul mm) {
                    defined.add(mm.out());
                    read.add(mm.in());
                } else if (s instanceof Statement.Nonlin nl) {
                    defined.add(nl.out());
                    read.addAll(nl.expr().vectors());
                    read.addAll(nl.expr().scores());
                } else if (s instanceof Statement.Score sc) {
                    defined.add(sc.out());
                    read.add(sc.query());
                    read.add(sc.key());
                }
                if (s instanceof Statement.Matrix || defined.stream().anyMatch(wanted::contains)) {
                    keep[i] = true;
                    wanted.addAll(read);
                }
            }
            return keep;
        }

        private int newSlot(String name) {
            int k = slot.size();
            slot.put(name, k);
            return k;
        }

        private void input(Statement.Input in) {
            for (double m : in.mean()) {
                if (m != 0) {
                    throw new UnsupportedOperationException("line " + in.line() + ": input with mean " + m
                            + " (the Gram-level sampler needs centred Gaussian inputs)");
                }
            }
            double[][] lower = PsdRoot.cholesky(in.cov());
            int k = in.names().size();
            double[][] upper = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    upper[i][j] = lower[j][i];
                }
            }
            int[] out = in.names().stream().mapToInt(this::newSlot).toArray();
            ops.add(new Block(null, 1, upper, out, null, 0));
        }

        /** All needed products of one matrix at once: their inputs must all exist at its first product. */
        private void block(List<Statement> statements, boolean[] needed, int from, Statement.MatMul first) {
            List<Statement.MatMul> batch = new ArrayList<>();
            for (int i = from; i < statements.size(); i++) {
                if (needed[i] && statements.get(i) instanceof Statement.MatMul m && m.matrix().equals(first.matrix())) {
                    if (!slot.containsKey(m.in())) {
                        throw new UnsupportedOperationException("line " + m.line() + ": matrix " + m.matrix() + " multiplies "
                                + m.in() + ", which is computed after its first product (line " + first.line()
                                + "); the Gram-level sampler draws each matrix's products at once");
                    }
                    batch.add(m);
                }
            }
            blocked.add(first.matrix());
            int[] in = batch.stream().mapToInt(m -> slot.get(m.in())).toArray();
            int[] out = batch.stream().mapToInt(m -> newSlot(m.out())).toArray();
            ops.add(new Block(in, variances.get(first.matrix()), null, out, null, 0));
        }

        private void nonlin(Statement.Nonlin nl) {
            Expr e = nl.expr();
            if (e instanceof Expr.Norm nm) {
                if (nm.kind() != Expr.NormKind.RMS) {
                    throw new UnsupportedOperationException("line " + nl.line() + ": " + nm + " (the coordinate mean is"
                            + " not a Gram quantity; the Gram-level sampler takes rmsnorm only)");
                }
                int in = slot.get(((Expr.Ref) nm.arg()).name());
                ops.add(new Rms(newSlot(nl.out()), in));
                return;
            }
            if (linearity(e) != LIN) {
                throw new UnsupportedOperationException("line " + nl.line() + ": " + nl.out() + " = " + e
                        + " is not linear in the vectors given the scores");
            }
            NonlinFunction f = program.function(nl.out());
            NonlinFunction[] logits = null;
            int[][] logitScores = null;
            List<String> vectors = f.vectors();
            if (e instanceof Expr.Attend at && at.values().stream().allMatch(v -> v instanceof Expr.Ref)
                    && at.values().stream().map(Object::toString).distinct().count() == at.values().size()) {
                // the coefficients are the softmax weights: s scalar logits instead of s evaluations of attend
                vectors = at.values().stream().map(Object::toString).toList();
                logits = at.logits().stream().map(NonlinFunction::of).toArray(NonlinFunction[]::new);
                logitScores = java.util.Arrays.stream(logits)
                        .map(a -> a.scores().stream().mapToInt(scoreIndex::get).toArray()).toArray(int[][]::new);
                f = null;
            }
            int[] in = vectors.stream().mapToInt(slot::get).toArray();
            List<String> read = f != null ? f.scores() : e.scores();
            int[] sc = read.stream().mapToInt(scoreIndex::get).toArray();
            double[] fixed = null;
            if (f != null && sc.length == 0) {
                // coefficients that read no score (copies, sums, constant multiples): computed once here
                fixed = new double[in.length];
                double[] x = new double[in.length];
                for (int t = 0; t < in.length; t++) {
                    x[t] = 1;
                    fixed[t] = f.applyAt(x, new double[0]);
                    x[t] = 0;
                }
            }
            ops.add(new Linear(newSlot(nl.out()), in, f, sc, logits, logitScores, fixed));
        }

        private static final int SCALAR = 0;
        private static final int LIN = 1;
        private static final int OTHER = 2;

        /** Whether {@code e} is a scalar (scores, constants), linear and homogeneous in the vectors, or neither. */
        private static int linearity(Expr e) {
            if (e instanceof Expr.Ref) {
                return LIN;
            } else if (e instanceof Expr.ScoreRef || e instanceof Expr.Const) {
                return SCALAR;
            } else if (e instanceof Expr.Apply a) {
                int inner = linearity(a.arg());
                if (inner == SCALAR) {
                    return SCALAR;
                }
                return inner == LIN && a.phi().kind() == org.attnlimit.calculus.Activation.Kind.IDENTITY ? LIN : OTHER;
            } else if (e instanceof Expr.Prod p) {
                int lin = 0;
                for (Expr f : p.factors()) {
                    int k = linearity(f);
                    if (k == OTHER) {
                        return OTHER;
                    }
                    lin += k;
                }
                return lin == 0 ? SCALAR : lin == 1 ? LIN : OTHER;
            } else if (e instanceof Expr.Sum s) {
                Set<Integer> kinds = new HashSet<>();
                s.terms().forEach(t -> kinds.add(linearity(t)));
                return kinds.size() == 1 ? kinds.iterator().next() : OTHER;   // a constant plus a vector is affine
            } else if (e instanceof Expr.Attend a) {
                boolean scalarLogits = a.logits().stream().allMatch(l -> linearity(l) == SCALAR);
                Set<Integer> values = new HashSet<>();
                a.values().forEach(v -> values.add(linearity(v)));
                return scalarLogits && values.size() == 1 ? values.iterator().next() : OTHER;
            } else if (e instanceof Expr.Softmax s) {
                return s.logits().stream().allMatch(l -> linearity(l) == SCALAR) ? SCALAR : OTHER;
            }
            return OTHER;
        }

        /** Liveness: before each block, cut the frame to the vectors read later (or recorded). */
        private GramSampler plan() {
            int[] lastUse = new int[slot.size()];
            java.util.Arrays.fill(lastUse, -1);
            for (int i = 0; i < ops.size(); i++) {
                for (int s : reads(ops.get(i))) {
                    lastUse[s] = Math.max(lastUse[s], i);
                }
            }
            int[] outputSlot = new int[outputs.size()];
            int[] outputScore = new int[outputs.size()];
            int[] cosA = new int[outputs.size()];
            int[] cosB = new int[outputs.size()];
            for (int j = 0; j < outputs.size(); j++) {
                List<String> names = names(outputs.get(j));
                cosA[j] = -1;
                cosB[j] = -1;
                if (names.size() == 2) {
                    cosA[j] = slot.get(names.get(0));
                    cosB[j] = slot.get(names.get(1));
                    lastUse[cosA[j]] = ops.size();
                    lastUse[cosB[j]] = ops.size();
                    outputSlot[j] = -1;
                    outputScore[j] = -1;
                    continue;
                }
                Integer s = slot.get(outputs.get(j));
                outputSlot[j] = s == null ? -1 : s;
                outputScore[j] = s == null ? scoreIndex.get(outputs.get(j)) : -1;
                if (s != null) {
                    lastUse[s] = ops.size();
                }
            }
            List<Op> planned = new ArrayList<>();
            int frame = 0;
            int frameMax = 0;
            int defined = 0;   // slots are numbered in order of definition
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                if (op instanceof Block b) {
                    List<Integer> keep = new ArrayList<>();
                    for (int s = 0; s < defined; s++) {
                        if (lastUse[s] > i) {
                            keep.add(s);
                        }
                    }
                    int[] cut = null;
                    if (frame > keep.size()) {
                        cut = keep.stream().mapToInt(Integer::intValue).toArray();
                        frame = keep.size();
                    }
                    planned.add(new Block(b.in(), b.variance(), b.inputRoot(), b.out(), cut, frame));
                    frame += b.out().length;
                    frameMax = Math.max(frameMax, frame);
                    defined += b.out().length;
                } else {
                    planned.add(op);
                    if (!(op instanceof ScoreOp)) {
                        defined++;
                    }
                }
            }
            return new GramSampler(outputs, planned, slot.size(), scoreIndex.size(), frameMax, outputSlot, outputScore, cosA,
                    cosB);
        }

        private static int[] reads(Op op) {
            if (op instanceof Block b) {
                return b.in() == null ? new int[0] : b.in();
            } else if (op instanceof Linear l) {
                return l.in();
            } else if (op instanceof Rms r) {
                return new int[] {r.in()};
            }
            ScoreOp s = (ScoreOp) op;
            return new int[] {s.q(), s.k()};
        }
    }

    // ------------------------------------------------------------------ sampling

    /** Per-thread scratch: frame coordinates of every slot (and their first-order parts in LIMIT mode). */
    private static final class Work {
        final double[][] w;
        final double[][] w1;
        final double[] r;
        final double[] scores;
        final double[] v;
        /** The frame dimension after the last run. */
        int frame;

        Work(int slots, int scoreCount, int frameMax) {
            w = new double[slots][frameMax];
            w1 = new double[slots][frameMax];
            r = new double[slots];
            scores = new double[scoreCount];
            v = new double[frameMax];
        }

        void run(GramSampler g, int n, Mode mode, UniformRandomProvider rng) {
            ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
            boolean limit = mode == Mode.LIMIT;
            double sqrtN = Math.sqrt(n);
            int frame = 0;
            for (Op op : g.ops) {
                if (op instanceof Block b) {
                    frame = block(g, b, n, limit, frame, rng, gauss);
                } else if (op instanceof Linear l) {
                    linear(l, frame);
                } else if (op instanceof Rms rm) {
                    double gram = gram(rm.in(), rm.in(), frame, limit, n);
                    double c = gram > 0 ? 1 / Math.sqrt(gram) : 0;
                    scale(rm.out(), rm.in(), c, frame);
                } else {
                    ScoreOp s = (ScoreOp) op;
                    double value;
                    if (limit) {
                        value = s.linear() ? dot(w[s.q()], w[s.k()], frame)
                                : dot(w[s.q()], w1[s.k()], frame) + dot(w1[s.q()], w[s.k()], frame);
                    } else {
                        double g0 = dot(w[s.q()], w[s.k()], frame);
                        value = s.linear() ? g0 + r[s.q()] * r[s.k()] / n : sqrtN * g0 + r[s.q()] * r[s.k()] / sqrtN;
                    }
                    scores[s.index()] = value;
                }
            }
            this.frame = frame;
        }

        /**
         * @return upper-triangular {@code R} with {@code RᵀR = c} (Cholesky; a pivot below 1e-13 of the trace is a
         *     zero of a positive semi-definite {@code c}: its row is 0)
         */
        private static double[][] upperRoot(double[][] c) {
            int k = c.length;
            double trace = 0;
            for (int i = 0; i < k; i++) {
                trace += c[i][i];
            }
            double tiny = 1e-13 * trace;
            double[][] r = new double[k][k];
            for (int j = 0; j < k; j++) {
                double d = c[j][j];
                for (int m = 0; m < j; m++) {
                    d -= r[m][j] * r[m][j];
                }
                double pivot = d > tiny ? Math.sqrt(d) : 0;
                r[j][j] = pivot;
                for (int i = j + 1; i < k; i++) {
                    double v = c[j][i];
                    for (int m = 0; m < j; m++) {
                        v -= r[m][j] * r[m][i];
                    }
                    r[j][i] = pivot > 0 ? v / pivot : 0;
                }
            }
            return r;
        }

        /** {@code n⁻¹⟨a, b⟩} (FINITE) or its limit (LIMIT). */
        private double gram(int a, int b, int frame, boolean limit, int n) {
            double g0 = dot(w[a], w[b], frame);
            return limit ? g0 : g0 + r[a] * r[b] / n;
        }

        private int block(GramSampler g, Block b, int n, boolean limit, int frame, UniformRandomProvider rng,
                ZigguratSampler.NormalizedGaussian gauss) {
            int k = b.out().length;
            // the root R (upper, RᵀR = σ²K) of the rows' covariance, from the Gram before the frame is cut
            double[][] root;
            if (b.in() == null) {
                root = b.inputRoot();
            } else {
                double[][] cov = new double[k][k];
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j <= i; j++) {
                        cov[i][j] = b.variance() * gram(b.in()[i], b.in()[j], frame, limit, n);
                        cov[j][i] = cov[i][j];
                    }
                }
                root = upperRoot(cov);
            }
            if (b.keep() != null) {
                cut(b.keep(), frame, limit);
            }
            int d = b.frameBefore();
            double invSqrtN = 1 / Math.sqrt(n);
            // draws, in an order that does not depend on the mode (the coupling): A, then T, then ξ₁
            double[][] a = new double[d][k];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < d; i++) {
                    a[i][j] = gauss.sample();
                }
            }
            double[][] t = new double[k][k];
            int dof = g.wrongDegreesOfFreedom ? n - 1 : n - 1 - d;
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < j; i++) {
                    t[i][j] = gauss.sample();
                }
                t[j][j] = Math.sqrt(chiSquared(dof - j, rng, gauss));
            }
            double[] xi = new double[k];
            for (int j = 0; j < k; j++) {
                xi[j] = gauss.sample();
            }
            for (int l = 0; l < k; l++) {
                int o = b.out()[l];
                double[] wo = w[o];
                double[] w1o = w1[o];
                java.util.Arrays.fill(wo, 0.0);
                java.util.Arrays.fill(w1o, 0.0);
                double rv = 0;
                for (int j = 0; j < k; j++) {
                    rv += xi[j] * root[j][l];
                }
                r[o] = rv;
                for (int i = 0; i < d; i++) {
                    double s = 0;
                    for (int j = 0; j < k; j++) {
                        s += a[i][j] * root[j][l];
                    }
                    if (limit) {
                        w1o[i] = s;
                    } else {
                        wo[i] = s * invSqrtN;
                    }
                }
                for (int i = 0; i < k; i++) {
                    if (limit) {
                        wo[d + i] = root[i][l];
                    } else {
                        double s = 0;
                        for (int j = i; j < k; j++) {
                            s += t[i][j] * root[j][l];
                        }
                        wo[d + i] = s * invSqrtN;
                    }
                }
            }
            return d + k;
        }

        /**
         * Rotates the frame so that the slots {@code keep} lie in its first {@code keep.length} directions
         * (Householder QR of their coordinates; in LIMIT mode of their limit parts, the first-order parts
         * rotated alike) and drops the rest: inner products among kept vectors are unchanged.
         */
        private void cut(int[] keep, int frame, boolean limit) {
            int m = keep.length;
            for (int c = 0; c < m && c < frame - 1; c++) {
                double[] x = w[keep[c]];
                double norm = 0;
                for (int i = c; i < frame; i++) {
                    norm += x[i] * x[i];
                }
                norm = Math.sqrt(norm);
                if (norm == 0) {
                    continue;
                }
                double alpha = x[c] > 0 ? -norm : norm;
                // v = x[c..] − α e_c, H = I − 2vvᵀ/‖v‖²
                for (int i = c; i < frame; i++) {
                    v[i] = x[i];
                }
                v[c] -= alpha;
                double vv = 0;
                for (int i = c; i < frame; i++) {
                    vv += v[i] * v[i];
                }
                if (vv == 0) {
                    continue;
                }
                for (int s : keep) {
                    reflect(w[s], c, frame, vv);
                    if (limit) {
                        reflect(w1[s], c, frame, vv);
                    }
                }
            }
            for (int s : keep) {
                for (int i = m; i < frame; i++) {
                    w[s][i] = 0;
                    w1[s][i] = 0;
                }
            }
        }

        private void reflect(double[] y, int c, int frame, double vv) {
            double dot = 0;
            for (int i = c; i < frame; i++) {
                dot += v[i] * y[i];
            }
            double f = 2 * dot / vv;
            for (int i = c; i < frame; i++) {
                y[i] -= f * v[i];
            }
        }

        private void linear(Linear l, int frame) {
            int k = l.in().length;
            double[] x = new double[k];
            double[] coef = l.fixed() != null ? l.fixed() : new double[k];
            if (l.fixed() != null) {
                // nothing to compute
            } else if (l.logits() != null) {
                double max = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < k; t++) {
                    NonlinFunction a = l.logits()[t];
                    int[] idx = l.logitScores()[t];
                    double[] pa = new double[idx.length];
                    for (int i = 0; i < pa.length; i++) {
                        pa[i] = scores[idx[i]];
                    }
                    coef[t] = a.applyAt(new double[0], pa);
                    max = Math.max(max, coef[t]);
                }
                double sum = 0;
                for (int t = 0; t < k; t++) {
                    coef[t] = Math.exp(coef[t] - max);
                    sum += coef[t];
                }
                for (int t = 0; t < k; t++) {
                    coef[t] /= sum;
                }
            } else {
                double[] p2 = new double[l.scores().length];
                for (int i = 0; i < p2.length; i++) {
                    p2[i] = scores[l.scores()[i]];
                }
                for (int t = 0; t < k; t++) {
                    x[t] = 1;
                    coef[t] = l.f().applyAt(x, p2);
                    x[t] = 0;
                }
            }
            double[] wo = w[l.out()];
            double[] w1o = w1[l.out()];
            java.util.Arrays.fill(wo, 0.0);
            java.util.Arrays.fill(w1o, 0.0);
            double rv = 0;
            for (int t = 0; t < k; t++) {
                double c = coef[t];
                if (c == 0) {
                    continue;
                }
                int in = l.in()[t];
                rv += c * r[in];
                double[] wi = w[in];
                double[] w1i = w1[in];
                for (int i = 0; i < frame; i++) {
                    wo[i] += c * wi[i];
                    w1o[i] += c * w1i[i];
                }
            }
            r[l.out()] = rv;
        }

        private void scale(int out, int in, double c, int frame) {
            double[] wo = w[out];
            double[] w1o = w1[out];
            java.util.Arrays.fill(wo, 0.0);
            java.util.Arrays.fill(w1o, 0.0);
            for (int i = 0; i < frame; i++) {
                wo[i] = c * w[in][i];
                w1o[i] = c * w1[in][i];
            }
            r[out] = c * r[in];
        }

        private static double dot(double[] a, double[] b, int frame) {
            double s = 0;
            for (int i = 0; i < frame; i++) {
                s += a[i] * b[i];
            }
            return s;
        }
    }

    /**
     * A χ²(ν) draw: {@code 2·Gamma(ν/2)} by Marsaglia and Tsang (2000), exact; for {@code ν = 1} the boost
     * {@code Gamma(a) = Gamma(a + 1)·U^{1/a}}.
     */
    static double chiSquared(int nu, UniformRandomProvider rng, ZigguratSampler.NormalizedGaussian gauss) {
        double shape = nu / 2.0;
        double boost = 1;
        if (shape < 1) {
            boost = Math.pow(rng.nextDouble(), 1 / shape);
            shape += 1;
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = gauss.sample();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return 2 * d * v * boost;
            }
        }
    }
}
