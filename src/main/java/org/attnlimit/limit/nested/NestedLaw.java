package org.attnlimit.limit.nested;

import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.calculus.Normal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.attnlimit.limit.ProgramLaw;
import org.attnlimit.program.Program;
import org.attnlimit.program.Statement;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.numerics.Rqmc;
import org.hipparchus.random.SobolSequenceGenerator;

/**
 * The nested-conditioning law of outputs of a program beyond Theorem 3.1 — a <b>conjecture</b>, not a theorem.
 *
 * <p>Theorem 3.1 (one layer): given the limit scores {@code p̊¹}, every score-dependent vector is
 * {@code Z^h = ψ(Z^g; p̊¹)} with {@code p̊¹} independent of the Gaussian {@code Z^g}, and
 * {@code n⁻¹⟨y_i, y_j⟩ → C¹_ij(p̊¹) = E[Z^{y_i} Z^{y_j} | p̊¹]}, a random limit. The conjecture continues the
 * recursion: given {@code p̊¹}, a MatMul {@code W y} of score-dependent vectors is Gaussian with
 * {@code Cov(Z^{Wy_i}, Z^{Wy_j} | p̊¹) = σ_W² C¹_ij(p̊¹)} (Definition 3.1 (A) with conditional moments); the
 * next level's scores are, given {@code p̊¹}, centred Gaussian, independent of the G-vars, with the Isserlis
 * covariance of Definition 3.1 (B) computed from those conditional covariances; and so on. The output given
 * all scores is then Gaussian (attention and residuals are linear in the G-vars given the scores) or a
 * function of Gaussian features (an MLP's {@code φ}), whose moments are taken by Gauss–Hermite.
 *
 * <p>Integration over the hierarchy of scores: randomised quasi-Monte Carlo (Sobol points in the
 * {@code D} dimensions of the {@code 1/√n} scores, in program order so that the first level comes first;
 * {@value #SHIFTS} independent Cranley–Patterson shifts; pseudo-random Monte Carlo when {@code D > 1000}).
 * The error estimate is 3 standard errors of the shift means; the number of points is doubled until it is
 * below the tolerance (relative to the variance, the fourth central moment, and — for the mean — to the
 * standard deviation) or the time budget is spent. The law is then a finite mixture of the conditional
 * laws, so densities and CDFs of conditionally Gaussian outputs come with the same kind of error.
 *
 * <p>The {@link #unconditional} variant is the negative control of the evidence: scores of levels ≥ 2 drawn
 * from the <i>averaged</i> covariance {@code E[Cov(p̊^ℓ | p̊^{<ℓ})]}, independent of the scores above.
 */
public final class NestedLaw {
    /** The label of every number this class produces. */
    public static final String LABEL = "conjecture (nested conditioning, beyond Theorem 3.1)";
    static final int SHIFTS = 16;
    private static final int FIRST_POINTS = 64;
    private static final int MAX_POINTS = 1 << 22;
    private static final int SOBOL_MAX_DIMS = 1000;
    /** Antithetic pairs of last-level points per outer point in inner mode (see {@link #evaluate}). */
    static final int INNER_PAIRS = 8;
    private static final long SEED = 20261207L;

    private final Program program;
    private final Hierarchy hierarchy;
    private final List<String> outputs;
    private final int[] outSlots;
    private final boolean unconditional;
    private final boolean averagedKernel;
    private final double[][][] fixedL;
    private final double[][] fixedBlocks;
    private final int threads;
    private final long seed;
    private final boolean allGaussian;
    private final int width;
    private final double[][] shiftVectors;
    private final List<List<double[]>> rows = new ArrayList<>();
    /** Per shift, per outer point: the raw moments of each output averaged over the last level (inner mode). */
    private final List<List<double[]>> innerRows = new ArrayList<>();
    /** Antithetic pairs of last-level points per outer point, or 0 for plain RQMC over all levels. */
    private final int inner;
    private int points;
    private ProgramLaw.Moments[] moments;
    private double error;
    private final String method;
    private final boolean reached;

    private NestedLaw(Program program, List<String> names, double tol, double budgetSeconds, int threads, boolean unconditional) {
        this(program, names, tol, budgetSeconds, threads, unconditional, false, -1, SEED);
    }

    private NestedLaw(Program program, List<String> names, double tol, double budgetSeconds, int threads, boolean unconditional,
            boolean averagedKernel, int innerPairs, long seed) {
        if (program == null || names == null) {
            throw new IllegalArgumentException("program or outputs missing");
        }
        if (!(tol > 0 && tol < 1)) {
            throw new InvalidInputException("the relative tolerance must be in (0, 1), got " + tol);
        }
        if (!(budgetSeconds > 0)) {
            throw new IllegalArgumentException("the time budget must be positive, got " + budgetSeconds);
        }
        this.program = program;
        this.threads = Math.max(1, threads);
        this.unconditional = unconditional;
        this.averagedKernel = averagedKernel;
        this.seed = seed;
        this.hierarchy = compile(program);
        List<String> out = new ArrayList<>();
        for (String raw : names) {
            String n = raw.strip();
            Statement def = program.definition(n).orElseThrow(() -> new InvalidInputException(
                    "no vector named '" + n + "' in the program"));
            if (def instanceof Statement.Score) {
                throw new InvalidInputException("'" + n + "' is a score, not a vector; a law here is of a vector");
            }
            if (def instanceof Statement.Matrix) {
                throw new InvalidInputException("'" + n + "' is a matrix, not a vector; a law here is of a vector");
            }
            if (out.contains(n)) {
                throw new InvalidInputException("output '" + n + "' is named twice");
            }
            out.add(n);
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("name at least one output vector");
        }
        this.outputs = List.copyOf(out);
        outSlots = outputs.stream().mapToInt(hierarchy.slots::get).toArray();
        // One draw at z = 0 tells the kind of each output (the kind does not depend on the scores).
        Draw probe = new Draw(hierarchy, false);
        try {
            probe.run(new double[hierarchy.dims]);
        } catch (UnsupportedOperationException e) {
            throw new InvalidInputException(e.getMessage());   // what the law cannot do is bad input, exit 2
        }
        boolean gaussian = true;
        for (int a = 0; a < outSlots.length; a++) {
            Val v = probe.vals[outSlots[a]];
            if (v instanceof Val.Lin l && !l.gaussian()) {
                throw new InvalidInputException("'" + outputs.get(a) + "' contains a score-free nonlinear vector"
                        + " added to Gaussian ones: its law given the scores is not covered by the nested-conditioning"
                        + " law of this version (moments of such sums need the joint law of the Nonlin and the G-vars)");
            }
            gaussian &= !(v instanceof Val.Nl);
        }
        allGaussian = gaussian;
        int k = outputs.size();
        width = allGaussian ? k + k * (k + 1) / 2 : 4 * k;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        shiftVectors = new double[SHIFTS][Math.max(1, hierarchy.dims)];
        for (double[] s : shiftVectors) {
            for (int i = 0; i < s.length; i++) {
                s[i] = rng.nextDouble();
            }
        }
        for (int r = 0; r < SHIFTS; r++) {
            rows.add(new ArrayList<>());
            innerRows.add(new ArrayList<>());
        }
        boolean canNest = hierarchy.lastLevelZ.length > 0 && hierarchy.dims <= SOBOL_MAX_DIMS;
        this.inner = canNest && innerPairs > 0 ? innerPairs : 0;   // plain RQMC unless asked (see evaluate)
        this.fixedL = unconditional ? averagedFactors() : null;
        this.fixedBlocks = averagedKernel ? averagedBlocks() : null;
        long t0 = System.nanoTime();
        int n = FIRST_POINTS;
        extend(n);
        computeMoments();
        while (error > tol && n < MAX_POINTS && hierarchy.dims > 0) {
            double spent = (System.nanoTime() - t0) / 1e9;
            if (spent * 2 > budgetSeconds) {   // the next round costs as much as all before it
                break;
            }
            n *= 2;
            extend(n);
            computeMoments();
        }
        reached = error <= tol || hierarchy.dims == 0;
        method = LABEL + ": " + (unconditional ? "UNCONDITIONAL ALTERNATIVE (negative control: scores of levels >= 2"
                + " Gaussian with the averaged covariance, independent of the scores above); " : "")
                + (averagedKernel ? "AVERAGED-KERNEL ALTERNATIVE (negative control: every matrix applied to"
                + " score-dependent vectors sees the averaged Gram E[C(p)], so levels >= 2 are independent of the scores"
                + " above); " : "")
                + describe() + (reached ? "" : String.format(java.util.Locale.ROOT,
                "; tolerance %.1e not reached within the time budget", tol));
        for (int a = 0; a < moments.length; a++) {
            ProgramLaw.Moments m = moments[a];
            moments[a] = new ProgramLaw.Moments(m.mean(), m.variance(), m.fourthMoment(), m.excessKurtosis(), error,
                    method, m.conditionallyGaussian());
        }
    }

    /**
     * @param program a program beyond Theorem 3.1
     * @param outputs the vectors whose law is wanted
     * @param tol the relative error wanted (3 standard errors)
     * @param budgetSeconds time after which no further doubling is started
     * @param threads worker threads (the result does not depend on them)
     * @return the conjectured law
     */
    public static NestedLaw of(Program program, List<String> outputs, double tol, double budgetSeconds, int threads) {
        return new NestedLaw(program, outputs, tol, budgetSeconds, threads, false);
    }

    /** The negative control: as {@link #of}, with the scores of levels ≥ 2 unconditional (averaged covariance). */
    public static NestedLaw unconditional(Program program, List<String> outputs, double tol, double budgetSeconds,
            int threads) {
        return new NestedLaw(program, outputs, tol, budgetSeconds, threads, true);
    }

    /**
     * The second negative control: every matrix that multiplies score-dependent vectors sees the averaged Gram
     * {@code E[C(p̊)]} (over the conjectured hierarchy) instead of {@code C(p̊)}, so every level ≥ 2 — its scores
     * and its values — is independent of the scores above (the "averaged covariance" reading of the alternative).
     */
    public static NestedLaw averagedKernel(Program program, List<String> outputs, double tol, double budgetSeconds,
            int threads) {
        return new NestedLaw(program, outputs, tol, budgetSeconds, threads, false, true, -1, SEED);
    }

    /**
     * As {@link #of}, with {@code innerPairs} antithetic pairs of last-level points per outer point (0: plain
     * randomised QMC over every level at once, the method before the last level was integrated inside).
     */
    static NestedLaw withInnerPairs(Program program, List<String> outputs, double tol, double budgetSeconds, int threads,
            int innerPairs) {
        return new NestedLaw(program, outputs, tol, budgetSeconds, threads, false, false, innerPairs, SEED);
    }

    /** As {@link #withInnerPairs} with another seed of the random shifts: an independent run of the same estimator. */
    static NestedLaw withSeed(Program program, List<String> outputs, double tol, double budgetSeconds, int threads,
            int innerPairs, long seed) {
        return new NestedLaw(program, outputs, tol, budgetSeconds, threads, false, false, innerPairs, seed);
    }

    /**
     * @return whether {@link NestedLaw} applies: the program goes beyond Theorem 3.1 (a score-dependent vector
     *     feeds a MatMul), or it normalises a score-dependent vector ({@code rmsnorm}/{@code layernorm}: the
     *     one-layer engines do not divide by the random moment)
     */
    public static boolean appliesTo(Program program) {
        if (program == null) {
            return false;
        }
        if (program.beyondTheorem()) {
            return true;
        }
        for (Statement s : program.statements()) {
            if (s instanceof Statement.Nonlin n && n.expr() instanceof org.attnlimit.program.Expr.Norm nm
                    && nm.arg() instanceof org.attnlimit.program.Expr.Ref r && program.isScoreDependent(r.name())) {
                return true;
            }
        }
        return false;
    }

    private String describe() {
        String how = hierarchy.dims > SOBOL_MAX_DIMS ? "Monte Carlo" : "randomised quasi-Monte Carlo (Sobol)";
        return String.format(java.util.Locale.ROOT, "%s over the score hierarchy (%d level%s, %d scores; %d random"
                + " shifts x %d points; error = 3 standard errors); given the scores: G-var covariances by"
                + " Definition 3.1 (A) from the conditional second moments, next-level scores by Definition 3.1 (B)"
                + " (Isserlis), the output %s", how, hierarchy.levels, hierarchy.levels == 1 ? "" : "s", hierarchy.dims,
                SHIFTS, points, allGaussian ? "Gaussian" : "by Gauss-Hermite over its Gaussian features")
                + (inner == 0 ? "" : String.format(java.util.Locale.ROOT, "; moments: the last level's %d scores"
                + " integrated inside each outer point (%d Sobol points and their antithetic negatives, the same random"
                + " shift)", hierarchy.lastLevelZ.length, inner));
    }

    // ------------------------------------------------------------------ integration

    /** Draws of the conjectured law's level covariances, averaged: the factors of the unconditional variant. */
    private double[][][] averagedFactors() {
        int levels = hierarchy.levels;
        double[][][] sum = new double[levels][][];
        for (int l = 0; l < levels; l++) {
            sum[l] = new double[hierarchy.levelSize[l]][hierarchy.levelSize[l]];
        }
        Draw d = new Draw(hierarchy, false);
        int count = 4096;
        SobolSequenceGenerator sobol = hierarchy.dims <= SOBOL_MAX_DIMS && hierarchy.dims > 0
                ? new SobolSequenceGenerator(hierarchy.dims) : null;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 1);
        double[] z = new double[hierarchy.dims];
        for (int i = 0; i < count; i++) {
            d.recordedCov = new double[levels][][];
            for (int l = 0; l < levels; l++) {
                d.recordedCov[l] = new double[hierarchy.levelSize[l]][hierarchy.levelSize[l]];
            }
            normals(sobol, shiftVectors[0], rng, z);
            d.run(z);
            for (int l = 0; l < levels; l++) {
                for (int a = 0; a < sum[l].length; a++) {
                    for (int b = 0; b < sum[l].length; b++) {
                        sum[l][a][b] += d.recordedCov[l][a][b] / count;
                    }
                }
            }
        }
        double[][][] out = new double[levels][][];
        for (int l = 0; l < levels; l++) {
            out[l] = lowerFactor(sum[l]);
        }
        return out;
    }

    private static Hierarchy compile(Program program) {
        try {
            return Hierarchy.of(program);
        } catch (UnsupportedOperationException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    /** The Gram blocks averaged over draws of the conjectured hierarchy (for {@link #averagedKernel}). */
    private double[][] averagedBlocks() {
        Draw d = new Draw(hierarchy, false);
        int count = 4096;
        SobolSequenceGenerator sobol = hierarchy.dims <= SOBOL_MAX_DIMS && hierarchy.dims > 0
                ? new SobolSequenceGenerator(hierarchy.dims) : null;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 2);
        double[] z = new double[hierarchy.dims];
        double[][] sum = null;
        for (int i = 0; i < count; i++) {
            normals(sobol, shiftVectors[0], rng, z);
            d.run(z);
            double[][] b = d.blocks();
            if (sum == null) {
                sum = new double[b.length][];
                for (int k = 0; k < b.length; k++) {
                    sum[k] = new double[b[k].length];
                }
            }
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[k].length; j++) {
                    sum[k][j] += b[k][j] / count;
                }
            }
        }
        return sum;
    }

    private static double[][] lowerFactor(double[][] c) {
        int m = c.length;
        double[][] l = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double s = c[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    l[i][i] = Math.sqrt(Math.max(0, s));
                } else {
                    l[i][j] = l[j][j] > 1e-150 ? s / l[j][j] : 0;
                }
            }
        }
        return l;
    }

    private static void normals(SobolSequenceGenerator sobol, double[] shift, UniformRandomProvider rng, double[] z) {
        if (z.length == 0) {
            return;
        }
        if (sobol == null) {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            for (int i = 0; i < z.length; i++) {
                z[i] = g.sample();
            }
            return;
        }
        Rqmc.shiftedNormals(sobol.nextVector(), shift, z);
    }

    /** Computes points {@code [points, n)} of every shift. */
    private void extend(int n) {
        int from = points;
        Runnable[] jobs = new Runnable[SHIFTS];
        for (int r = 0; r < SHIFTS; r++) {
            final int shift = r;
            jobs[r] = () -> rows.get(shift).add(evaluate(shift, from, n));
        }
        runJobs(jobs);
        points = n;
    }

    private void runJobs(Runnable[] jobs) {
        runJobs(jobs, threads);
    }

    /** Runs the jobs on {@code threads} worker threads (in this thread when 1); rethrows their failures. */
    static void runJobs(Runnable[] jobs, int threads) {
        if (threads <= 1) {
            for (Runnable j : jobs) {
                j.run();
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, jobs.length), r -> {
            Thread t = new Thread(r, "nested-law");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Runnable j : jobs) {
                fs.add(pool.submit(j));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * @return the rows of points {@code [from, to)} of one shift; in inner mode also adds the shift's inner rows
     *     (returned rows are the plain ones, for densities and joint moments)
     *
     * <p>Inner mode (a program with ≥ 2 levels): the last level's scores are, given all earlier ones, centred
     * Gaussian (the conjecture), and nothing before them depends on them. For each outer point (the Sobol point
     * of the earlier levels' normals, shifted), the draw runs the earlier statements once and the rest for
     * {@code 2·inner} values of the last level's normals: the first {@code inner} points of the Sobol sequence in
     * the last level's dimensions (a net), shifted by a pseudo-random shift of their own (one per outer point and
     * random shift of the outer points), and their negatives (antithetic: the conditional law of the last level
     * is symmetric, so every odd part of the integrand cancels exactly). Each such value is uniform under its
     * shift, so every shift's estimate stays unbiased and the {@value #SHIFTS} shifts stay independent: the error
     * estimate is as honest as before. (Taking the inner points from the same Sobol sequence as the outer ones
     * instead ties the two — the radical inverse of {@code 8i + j} is that of {@code j} plus that of {@code i}
     * over 8 — and made the error ten times larger.) The row's own point (its last-level coordinates shifted) is
     * kept as the plain row for densities and joint moments.
     *
     * <p>Inner mode is not the default: measured on nested-two-layers.netsor (two layers, s = 3) it reaches the
     * same error with ~8× fewer outer points, but each costs 16 short suffix runs, and its time to a given error
     * is no better than plain RQMC over all levels (error²·time 7.3e-6 against 6.1e-6 s at tol 1e-3): the error
     * left is the first level's 9-dimensional integral, whose nearly one-hot softmaxes (logit standard
     * deviations up to 4) make the integrand steep and RQMC converge like {@code N^-0.77}. Projecting out each
     * softmax row's common shift (9 → 6 dimensions) and ordering by principal components did not change that
     * either.
     */
    private double[] evaluate(int shift, int from, int to) {
        Draw d = new Draw(hierarchy, false, fixedL);
        d.fixedBlocks = fixedBlocks;
        int dims = hierarchy.dims;
        SobolSequenceGenerator sobol = dims > 0 && dims <= SOBOL_MAX_DIMS ? new SobolSequenceGenerator(dims) : null;
        UniformRandomProvider rng = null;
        if (sobol != null) {
            sobol.skipTo(from);
        } else {
            rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, shift, from});
        }
        double[] z = new double[dims];
        double[] out = new double[(to - from) * width];
        if (inner == 0) {
            for (int i = 0; i < to - from; i++) {
                normals(sobol, shiftVectors[shift], rng, z);
                d.run(z);
                conditional(d, out, i * width);
            }
            return out;
        }
        int[] last = hierarchy.lastLevelZ;
        double[] s = shiftVectors[shift];
        double[][] net = innerNet(last.length, inner);
        UniformRandomProvider innerShifts = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, shift, from, 1});
        double[] innerShift = new double[last.length];
        int k = outSlots.length;
        double[] raw = new double[(to - from) * 4 * k];
        double[] one = new double[4 * k];
        for (int i = 0; i < to - from; i++) {
            normals(sobol, s, rng, z);
            d.runPrefix(z);
            d.runSuffix(z);
            conditional(d, out, i * width);
            int at = i * 4 * k;
            for (int t = 0; t < last.length; t++) {
                innerShift[t] = innerShifts.nextDouble();
            }
            for (int j = 0; j < inner; j++) {
                double[] v = net[j];
                for (int t = 0; t < last.length; t++) {
                    double u = v[t] + innerShift[t];
                    z[last[t]] = Rqmc.inverseNormal(u - Math.floor(u));
                }
                for (int sign = 0; sign < 2; sign++) {
                    if (sign == 1) {
                        for (int t : last) {
                            z[t] = -z[t];
                        }
                    }
                    d.runSuffix(z);
                    rawMoments(d, one, 0);
                    for (int q = 0; q < 4 * k; q++) {
                        raw[at + q] += one[q];
                    }
                }
            }
            for (int q = 0; q < 4 * k; q++) {
                raw[at + q] /= 2 * inner;
            }
        }
        synchronized (innerRows) {
            innerRows.get(shift).add(raw);
        }
        return out;
    }

    /** @return the first {@code count} points of the {@code dims}-dimensional Sobol sequence (a net for powers of 2) */
    private static double[][] innerNet(int dims, int count) {
        SobolSequenceGenerator sobol = new SobolSequenceGenerator(dims);
        double[][] net = new double[count][];
        for (int j = 0; j < count; j++) {
            net[j] = sobol.nextVector();
        }
        return net;
    }

    /** Writes {@code E[X^q | all scores]}, q = 1..4, of each output. */
    private void rawMoments(Draw d, double[] out, int at) {
        for (int a = 0; a < outSlots.length; a++) {
            Val x = d.vals[outSlots[a]];
            double[] e;
            if (x instanceof Val.Nl n) {
                e = d.expectNl(n, 4);
            } else {
                double m = d.mean(x);
                double v = x instanceof Val.Lin l ? d.cov(l, l) : 0;
                e = new double[] {m, m * m + v, m * m * m + 3 * m * v, m * m * m * m + 6 * m * m * v + 3 * v * v};
            }
            System.arraycopy(e, 0, out, at + 4 * a, 4);
        }
    }

    /** Writes one draw's conditional statistics of the outputs. */
    private void conditional(Draw d, double[] out, int at) {
        int k = outSlots.length;
        if (allGaussian) {
            Val.Lin[] v = new Val.Lin[k];
            for (int a = 0; a < k; a++) {
                Val x = d.vals[outSlots[a]];
                v[a] = x instanceof Val.Scalar s ? new Val.Lin(s.c(), Val.Lin.NONE, Val.Lin.ZERO, Val.Lin.NONE, Val.Lin.ZERO)
                        : (Val.Lin) x;
                out[at + a] = d.mean(v[a]);
            }
            int c = at + k;
            for (int a = 0; a < k; a++) {
                for (int b = a; b < k; b++) {
                    out[c++] = d.cov(v[a], v[b]);
                }
            }
            return;
        }
        rawMoments(d, out, at);
    }

    /** Per shift and output: {mean, var, m4} about the overall mean; then the estimates and the error. */
    private void computeMoments() {
        int k = outSlots.length;
        double[][][] perShift = new double[SHIFTS][k][3];
        double[] mu = new double[k];
        double[][] shiftMean = new double[SHIFTS][k];
        // inner mode: the raw moments averaged over the last level; else the plain rows
        boolean gaussianRows = allGaussian && inner == 0;
        List<List<double[]>> source = inner == 0 ? rows : innerRows;
        int stride = gaussianRows ? width : 4 * k;
        for (int r = 0; r < SHIFTS; r++) {
            for (double[] chunk : source.get(r)) {
                for (int i = 0; i < chunk.length; i += stride) {
                    for (int a = 0; a < k; a++) {
                        shiftMean[r][a] += (gaussianRows ? chunk[i + a] : chunk[i + 4 * a]) / points;
                    }
                }
            }
            for (int a = 0; a < k; a++) {
                mu[a] += shiftMean[r][a] / SHIFTS;
            }
        }
        for (int r = 0; r < SHIFTS; r++) {
            for (double[] chunk : source.get(r)) {
                for (int i = 0; i < chunk.length; i += stride) {
                    for (int a = 0; a < k; a++) {
                        double var;
                        double m4;
                        if (gaussianRows) {
                            double d = chunk[i + a] - mu[a];
                            double v = chunk[i + k + diag(a, k)];
                            var = v + d * d;
                            m4 = d * d * d * d + 6 * d * d * v + 3 * v * v;
                        } else {
                            int o = i + 4 * a;
                            double m = mu[a];
                            var = chunk[o + 1] - 2 * m * chunk[o] + m * m;
                            m4 = chunk[o + 3] - 4 * m * chunk[o + 2] + 6 * m * m * chunk[o + 1] - 4 * m * m * m * chunk[o]
                                    + m * m * m * m;
                        }
                        perShift[r][a][1] += var / points;
                        perShift[r][a][2] += m4 / points;
                    }
                }
            }
            for (int a = 0; a < k; a++) {
                perShift[r][a][0] = shiftMean[r][a];
            }
        }
        moments = new ProgramLaw.Moments[k];
        double err = 0;
        for (int a = 0; a < k; a++) {
            double[] est = new double[3];
            double[] se = new double[3];
            for (int q = 0; q < 3; q++) {
                for (int r = 0; r < SHIFTS; r++) {
                    est[q] += perShift[r][a][q] / SHIFTS;
                }
                double ss = 0;
                for (int r = 0; r < SHIFTS; r++) {
                    ss += Math.pow(perShift[r][a][q] - est[q], 2);
                }
                se[q] = Math.sqrt(ss / (SHIFTS - 1) / SHIFTS);
            }
            double sd = Math.sqrt(Math.max(est[1], 0));
            double rel = Math.max(3 * se[0] / Math.max(sd, 1e-300), Math.max(3 * se[1] / Math.max(est[1], 1e-300),
                    3 * se[2] / Math.max(est[2], 1e-300)));
            err = Math.max(err, rel);
            moments[a] = new ProgramLaw.Moments(est[0], est[1], est[2], est[2] / (est[1] * est[1]) - 3, rel, "",
                    allGaussian || !(outputIsNl(a)));
        }
        error = err;
    }

    private boolean outputIsNl(int a) {
        Draw probe = new Draw(hierarchy, false);
        probe.run(new double[hierarchy.dims]);
        return probe.vals[outSlots[a]] instanceof Val.Nl;
    }

    private static int diag(int a, int k) {
        // index of (a, a) in the packed upper triangle, rows a = 0..k-1, entries b = a..k-1
        return a * k - a * (a - 1) / 2;
    }

    private static int packed(int a, int b, int k) {
        return diag(a, k) + (b - a);
    }

    // ------------------------------------------------------------------ queries

    /** @return the outputs */
    public List<String> outputs() {
        return outputs;
    }

    /** @return the program */
    public Program program() {
        return program;
    }

    /** @return the moments of output {@code name} (method and error carry the conjecture's label) */
    public ProgramLaw.Moments moments(String name) {
        return moments[index(name)];
    }

    /** @return the estimated relative error of the moments (3 standard errors) */
    public double relativeError() {
        return error;
    }

    /** @return how the law was computed, beginning with {@link #LABEL} */
    public String method() {
        return method;
    }

    /** @return the law of output {@code name} under the one contract {@link org.attnlimit.limit.Law} (a conjecture) */
    public org.attnlimit.limit.Law law(String name) {
        index(name);
        return new NestedOutputLaw(this, name);
    }

    /** @return the dimension of the score integral (the {@code 1/√n} scores of all levels) */
    int scoreDimensions() {
        return hierarchy.dims;
    }

    /** @return the quasi-Monte Carlo points (all shifts; outer points in inner mode) */
    public long points() {
        return (long) points * SHIFTS;
    }

    /** @return whether the tolerance was reached */
    boolean reached() {
        return reached;
    }

    /** Draws one value of one output from the hierarchy, from a caller's normal stream. */
    interface OneDraw {
        double draw(ZigguratSampler.NormalizedGaussian g);
    }

    /** @return a drawer of output {@code name} (its own scratch state: one per stream) */
    OneDraw drawer(String name) {
        int a = index(name);
        Draw d = new Draw(hierarchy, false, fixedL);
        d.fixedBlocks = fixedBlocks;
        double[] z = new double[hierarchy.dims];
        return g -> {
            for (int j = 0; j < z.length; j++) {
                z[j] = g.sample();
            }
            d.run(z);
            return drawOutputs(d, g)[a];
        };
    }

    /**
     * The mean cosine of two vectors in the conjectured limit: {@code E[ E[Z^a Z^b | p̊] / √(E[(Z^a)² | p̊] E[(Z^b)² | p̊]) ]},
     * the limit of {@code ⟨a, b⟩ / (‖a‖ ‖b‖)} given the scores (the conjecture: {@code n⁻¹⟨a, b⟩ → E[Z^a Z^b | p̊]}),
     * averaged over the score hierarchy by randomised quasi-Monte Carlo ({@value #SHIFTS} shifts of
     * {@code pointsPerShift} Sobol points; the same shifts as the moments).
     *
     * @param pairs pairs of vector names
     * @return per pair the mean cosine with its error (3 standard errors over the shifts)
     */
    public org.attnlimit.limit.Estimate[] cosines(List<String[]> pairs, int pointsPerShift) {
        int q = pairs.size();
        int[][] slots = new int[q][2];
        for (int t = 0; t < q; t++) {
            for (int e = 0; e < 2; e++) {
                String n = pairs.get(t)[e];
                Integer slot = hierarchy.slots.get(n);
                if (slot == null) {
                    throw new InvalidInputException("no vector named '" + n + "' in the program");
                }
                slots[t][e] = slot;
            }
        }
        double[][] sums = new double[SHIFTS][q];
        Runnable[] jobs = new Runnable[SHIFTS];
        for (int r = 0; r < SHIFTS; r++) {
            final int shift = r;
            jobs[r] = () -> {
                Draw d = new Draw(hierarchy, false, fixedL);
                d.fixedBlocks = fixedBlocks;
                int dims = hierarchy.dims;
                SobolSequenceGenerator sobol = dims > 0 && dims <= SOBOL_MAX_DIMS ? new SobolSequenceGenerator(dims) : null;
                UniformRandomProvider rng = sobol != null ? null
                        : RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, shift, -1});
                double[] z = new double[dims];
                for (int i = 0; i < pointsPerShift; i++) {
                    normals(sobol, shiftVectors[shift], rng, z);
                    d.run(z);
                    for (int t = 0; t < q; t++) {
                        double ab = d.second(slots[t][0], slots[t][1]);
                        double aa = d.second(slots[t][0], slots[t][0]);
                        double bb = d.second(slots[t][1], slots[t][1]);
                        sums[shift][t] += aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) / pointsPerShift : 0;
                    }
                }
            };
        }
        runJobs(jobs);
        org.attnlimit.limit.Estimate[] out = new org.attnlimit.limit.Estimate[q];
        for (int t = 0; t < q; t++) {
            double m = 0;
            for (int r = 0; r < SHIFTS; r++) {
                m += sums[r][t] / SHIFTS;
            }
            double ss = 0;
            for (int r = 0; r < SHIFTS; r++) {
                ss += Math.pow(sums[r][t] - m, 2);
            }
            out[t] = new org.attnlimit.limit.Estimate(m, 3 * Math.sqrt(ss / (SHIFTS - 1) / SHIFTS));
        }
        return out;
    }

    /** @return the number of levels of scores */
    public int levels() {
        return hierarchy.levels;
    }

    private int index(String name) {
        int i = outputs.indexOf(name);
        if (i < 0) {
            throw new InvalidInputException("'" + name + "' is not an output of this law");
        }
        return i;
    }

    /** @return whether a density is available: the output is Gaussian given all the scores */
    public boolean hasDensity(String name) {
        index(name);
        return !outputIsNl(index(name));
    }

    /** @return how the density and CDF are computed, or why not */
    public String densityNote(String name) {
        return hasDensity(name) ? LABEL + ": the mixture over the score draws of the conditional Gaussian densities"
                + " (error: 3 standard errors over the random shifts)"
                : LABEL + ": not Gaussian given the scores; no density formula in this version";
    }

    /** @return the density at each point, with its error (3 standard errors) */
    public org.attnlimit.limit.Estimate[] pdf(String name, double[] at) {
        return mixture(name, at, true);
    }

    /** @return the CDF at each point, with its error (3 standard errors) */
    public org.attnlimit.limit.Estimate[] cdf(String name, double[] at) {
        return mixture(name, at, false);
    }

    private org.attnlimit.limit.Estimate[] mixture(String name, double[] at, boolean density) {
        int a = index(name);
        if (!hasDensity(name)) {
            throw new InvalidInputException("'" + name + "': " + densityNote(name));
        }
        int k = outputs.size();
        org.attnlimit.limit.Estimate[] out = new org.attnlimit.limit.Estimate[at.length];
        for (int t = 0; t < at.length; t++) {
            double[] per = new double[SHIFTS];
            for (int r = 0; r < SHIFTS; r++) {
                double s = 0;
                for (double[] chunk : rows.get(r)) {
                    for (int i = 0; i < chunk.length; i += width) {
                        double m = allGaussian ? chunk[i + a] : chunk[i + 4 * a];
                        double v = allGaussian ? chunk[i + k + diag(a, k)]
                                : chunk[i + 4 * a + 1] - chunk[i + 4 * a] * chunk[i + 4 * a];
                        double sd = Math.sqrt(Math.max(v, 1e-300));
                        double u = (at[t] - m) / sd;
                        s += density ? Normal.pdf(u) / sd : Normal.cdf(u);
                    }
                }
                per[r] = s / points;
            }
            double mean = Arrays.stream(per).average().orElse(0);
            double ss = 0;
            for (double p : per) {
                ss += (p - mean) * (p - mean);
            }
            out[t] = new org.attnlimit.limit.Estimate(mean, 3 * Math.sqrt(ss / (SHIFTS - 1) / SHIFTS));
        }
        return out;
    }

    /**
     * @return the joint moments of all outputs (all conditionally Gaussian), about the overall means:
     *     {@code E[c_a c_b]}, {@code E[c_a² c_b²]}
     */
    public ProgramLaw.Joint joint() {
        if (!allGaussian) {
            throw new InvalidInputException("joint moments need outputs that are Gaussian given the scores");
        }
        int k = outputs.size();
        double[] mu = new double[k];
        for (int a = 0; a < k; a++) {
            mu[a] = moments[a].mean();
        }
        double[][][] cov = new double[SHIFTS][k][k];
        double[][][] four = new double[SHIFTS][k][k];
        for (int r = 0; r < SHIFTS; r++) {
            for (double[] chunk : rows.get(r)) {
                for (int i = 0; i < chunk.length; i += width) {
                    for (int a = 0; a < k; a++) {
                        for (int b = 0; b < k; b++) {
                            double da = chunk[i + a] - mu[a];
                            double db = chunk[i + b] - mu[b];
                            double saa = chunk[i + k + diag(a, k)];
                            double sbb = chunk[i + k + diag(b, k)];
                            double sab = chunk[i + k + packed(Math.min(a, b), Math.max(a, b), k)];
                            cov[r][a][b] += (sab + da * db) / points;
                            four[r][a][b] += (da * da * db * db + da * da * sbb + db * db * saa + 4 * da * db * sab
                                    + saa * sbb + 2 * sab * sab) / points;
                        }
                    }
                }
            }
        }
        double[][] c = new double[k][k];
        double[][] f = new double[k][k];
        double[][] g = new double[k][k];
        double rel = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double sc = 0;
                double sf = 0;
                for (int r = 0; r < SHIFTS; r++) {
                    sc += cov[r][a][b] / SHIFTS;
                    sf += four[r][a][b] / SHIFTS;
                }
                double vc = 0;
                double vf = 0;
                for (int r = 0; r < SHIFTS; r++) {
                    vc += Math.pow(cov[r][a][b] - sc, 2);
                    vf += Math.pow(four[r][a][b] - sf, 2);
                }
                c[a][b] = sc;
                f[a][b] = sf;
                double scale = Math.sqrt(moments[a].variance() * moments[b].variance());
                rel = Math.max(rel, 3 * Math.sqrt(vc / (SHIFTS - 1) / SHIFTS) / scale);
                rel = Math.max(rel, 3 * Math.sqrt(vf / (SHIFTS - 1) / SHIFTS) / (scale * scale));
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                g[a][b] = c[a][a] * c[b][b] + 2 * c[a][b] * c[a][b];
            }
        }
        return new ProgramLaw.Joint(outputs, mu, c, f, g, rel, method + " (joint: Isserlis given the scores)");
    }

    /**
     * @param count draws
     * @param sampler the seed, chunking and threads (the draws do not depend on the thread count)
     * @return {@code count} draws of each output from the conjectured hierarchy (plain Monte Carlo), one array per output
     */
    public double[][] sample(int count, ParallelSampler sampler) {
        int k = outputs.size();
        double[][] out = new double[k][];
        double[][] side = new double[k][count];
        double[] first = sampler.sample(count, (rng, buf, from, to) -> {
            Draw d = new Draw(hierarchy, false, fixedL);
            d.fixedBlocks = fixedBlocks;
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] z = new double[hierarchy.dims];
            for (int i = from; i < to; i++) {
                for (int j = 0; j < z.length; j++) {
                    z[j] = g.sample();
                }
                d.run(z);
                double[] y = drawOutputs(d, g);
                for (int a = 0; a < k; a++) {
                    side[a][i] = y[a];
                }
                buf[i] = y[0];
            }
        }, null);
        for (int a = 0; a < k; a++) {
            out[a] = Arrays.copyOf(side[a], first.length);
        }
        return out;
    }

    /** One draw of the outputs given the scores of {@code d}: the Gaussian features jointly, then the functions. */
    private double[] drawOutputs(Draw d, ZigguratSampler.NormalizedGaussian g) {
        int k = outSlots.length;
        List<Val.Lin> feats = new ArrayList<>();
        int[] start = new int[k];
        for (int a = 0; a < k; a++) {
            Val v = d.vals[outSlots[a]];
            start[a] = feats.size();
            if (v instanceof Val.Lin l) {
                feats.add(l);
            } else if (v instanceof Val.Nl n) {
                feats.addAll(List.of(n.features()));
            }
        }
        int m = feats.size();
        double[][] c = new double[m][m];
        double[] mean = new double[m];
        for (int i = 0; i < m; i++) {
            mean[i] = d.mean(feats.get(i));
            for (int j = 0; j <= i; j++) {
                c[i][j] = d.cov(feats.get(i), feats.get(j));
                c[j][i] = c[i][j];
            }
        }
        double[][] root = lowerFactor(c);   // a zero pivot (a degenerate direction) gets a zero column
        double[] z = new double[m];
        for (int i = 0; i < m; i++) {
            z[i] = g.sample();
        }
        double[] f = mean.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                f[i] += root[i][j] * z[j];
            }
        }
        double[] y = new double[k];
        for (int a = 0; a < k; a++) {
            Val v = d.vals[outSlots[a]];
            if (v instanceof Val.Scalar s) {
                y[a] = s.c();
            } else if (v instanceof Val.Lin) {
                y[a] = f[start[a]];
            } else {
                Val.Nl n = (Val.Nl) v;
                y[a] = n.fn().at(Arrays.copyOfRange(f, start[a], start[a] + n.features().length));
            }
        }
        return y;
    }
}
