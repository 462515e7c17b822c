package org.attnlimit.limit;

import static org.attnlimit.limit.Matrices.indices;
import static org.attnlimit.limit.Matrices.quad;
import static org.attnlimit.limit.Matrices.sub;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.GaussianExpectations;
import org.attnlimit.program.Expr;
import org.attnlimit.program.GaussianIntegral;
import org.attnlimit.program.NonlinFunction;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.attnlimit.program.Statement;
import org.attnlimit.numerics.PsdRoot;
import org.attnlimit.random.ParallelSampler;
import org.hipparchus.special.Erf;

/**
 * The limit law of any outputs of a program (Theorem 3.1): a vector {@code h_α = ψ(g¹_α..gᵐ_α; p_1..p_r)}
 * tends to {@code Z^h = ψ(Z^{g¹}..Z^{gᵐ}; p̊)}, the G-vars {@code Z^g} jointly Gaussian (Definition 3.1 (A),
 * from {@link ProgramLimit}) and the scores {@code p̊ ~ N(0, C)} (Definition 3.1 (B)) independent of them.
 *
 * <p><b>How.</b> Each output is inlined down to G-vars and scores. Its additive terms are grouped into
 * <i>parts</i> that are independent — they read independent score blocks (heads) and uncorrelated, hence
 * independent, G-vars — so cumulants add and the characteristic function factorises; identical parts
 * (same expression shape, same covariances: the heads of Example 3.1) are computed once. Within a part:
 * <ul>
 *   <li>If it is linear in the G-vars given the scores, it is <b>conditionally Gaussian</b>,
 *       {@code N(m(p̊), v(p̊))}; {@code m, v} come from the affine coefficients, integrated over the scores by
 *       {@link ScoreNodes} (softmax shift invariance removes one dimension per {@code attend}); the density
 *       and CDF by Fourier inversion ({@link MixtureInversion}). A part {@code c·attend(p; U)} with
 *       centred values and {@code Cov(p̊) ∝ Cov(U)} is one head of Example 3.1: it is handed to
 *       {@link HeadQuadrature} (with the exchangeable-token reduction {@link ExchangeableMoments}), the
 *       same numbers as {@code attnlimit limit}.</li>
 *   <li>Otherwise its Gaussian features (maximal sub-expressions linear in the G-vars) are integrated
 *       inside the score quadrature: nested quadrature, the inner expectation by the calculus
 *       ({@link GaussianExpectations}, closed forms for piecewise-polynomial φ) for {@code φ(feature)},
 *       by composite Gauss–Legendre ({@link GaussianIntegral}) for another function of one feature, and by
 *       Gauss–Hermite with two orders compared for two or three features.</li>
 * </ul>
 * Immutable and thread-safe after construction.
 */
public final class ProgramLaw {

    /**
     * The moments of one output.
     *
     * @param mean {@code E[Z^y]}
     * @param variance {@code Var(Z^y)}
     * @param fourthMoment the central fourth moment {@code E[(Z^y − E Z^y)⁴]}
     * @param excessKurtosis {@code fourthMoment/variance² − 3}
     * @param relativeError estimated relative error of the moments
     * @param method how they were computed
     * @param conditionallyGaussian whether {@code Z^y} is Gaussian given {@code p̊}
     * @param belowTarget whether the adaptive budget ran out before {@code relativeError ≤} {@value #TARGET}
     */
    public record Moments(double mean, double variance, double fourthMoment, double excessKurtosis,
            double relativeError, String method, boolean conditionallyGaussian, boolean belowTarget) {
        /** Moments whose error is within {@link #TARGET}'s budget (no accuracy warning). */
        public Moments(double mean, double variance, double fourthMoment, double excessKurtosis, double relativeError,
                String method, boolean conditionallyGaussian) {
            this(mean, variance, fourthMoment, excessKurtosis, relativeError, method, conditionallyGaussian, false);
        }
    }

    /** The relative error the moments of every part are computed to, budget permitting. */
    public static final double TARGET = 1e-6;
    /** The inner (Gaussian-feature) integral's target per score node: well inside {@link #TARGET}. */
    private static final double INNER_TARGET = 1e-9;
    /** The most evaluations of the outer function one inner integral may spend. */
    private static final long INNER_BUDGET = 2_000_000;

    /**
     * Joint moments of several outputs {@code y_a}, {@code c_a = y_a − E y_a}.
     *
     * @param names the outputs
     * @param means {@code E[y_a]}
     * @param covariance {@code E[c_a c_b]}
     * @param fourth {@code E[c_a² c_b²]}
     * @param gaussianFourth what {@code E[c_a² c_b²]} would be for a Gaussian vector with this covariance,
     *     {@code Σ_aa Σ_bb + 2Σ_ab²}: the difference is dependence through the scores
     * @param relativeError estimated error, relative to {@code √(Σ_aa Σ_bb)} resp. {@code Σ_aa Σ_bb}
     * @param method how they were computed
     */
    public record Joint(List<String> names, double[] means, double[][] covariance, double[][] fourth,
            double[][] gaussianFourth, double relativeError, String method) {
    }

    private final Program program;
    private final List<String> outputs;
    private final Map<String, Integer> gIndex = new HashMap<>();
    private final double[] gMean;
    private final double[][] gCov;
    private final Map<String, Integer> sIndex = new HashMap<>();
    private final double[][] sCov;
    private final Map<String, Output> laws = new LinkedHashMap<>();
    private volatile Joint joint;
    /**
     * The relative error the Definition 3.1 covariances carry into every moment: {@code ε = max_ij δΣ_ij /
     * √(Σ_ii Σ_jj)} from {@link ProgramLimit#gCovarianceError()}, times {@link #COVARIANCE_SENSITIVITY}.
     */
    private final double covarianceError;
    /**
     * First-order sensitivity of a moment of order up to 4 to a relative change ε of the covariances: the
     * fourth moment is of degree 2 in the value covariances given the scores, and the score covariance
     * (Definition 3.1 (B)) is of degree 2 in the covariances, so a relative change ε moves each moment by
     * at most about {@code (2 + 2·2)ε}; 8ε leaves a margin. An estimate, not a bound.
     */
    private static final double COVARIANCE_SENSITIVITY = 8;
    /** Whether a part recognised as one head of Example 3.1 goes to {@link HeadQuadrature} (the fast path). */
    private final boolean fastHeads;

    private ProgramLaw(Program program, List<String> outputs, boolean fastHeads) {
        // moment operations (rmsnorm, layernorm) of score-free vectors become their limits, affine Nonlins
        ProgramLimit limit = ProgramLimit.of(program);
        program = limit.normalised(outputs.stream().map(String::strip).toList());
        limit = program == limit.program() ? limit : ProgramLimit.of(program);
        this.program = program;
        this.fastHeads = fastHeads;
        List<String> g = limit.gVars();
        for (int i = 0; i < g.size(); i++) {
            gIndex.put(g.get(i), i);
        }
        gMean = limit.gMean();
        gCov = limit.gCovariance();
        double[][] gErr = limit.gCovarianceError();
        double eps = 0;
        for (int i = 0; i < gCov.length; i++) {
            for (int j = 0; j < gCov.length; j++) {
                if (gCov[i][i] > 0 && gCov[j][j] > 0) {
                    eps = Math.max(eps, gErr[i][j] / Math.sqrt(gCov[i][i] * gCov[j][j]));
                }
            }
        }
        covarianceError = COVARIANCE_SENSITIVITY * eps;
        List<String> s = program.scores();
        for (int i = 0; i < s.size(); i++) {
            sIndex.put(s.get(i), i);
        }
        sCov = limit.scoreCovariance();
        List<String> names = new ArrayList<>();
        for (String name : outputs) {
            String n = name.strip();
            Statement def = program.definition(n).orElseThrow(() -> new InvalidInputException(
                    "no vector named '" + n + "' in the program"));
            if (def instanceof Statement.Score) {
                throw new InvalidInputException("'" + n + "' is a score, not a vector: its limit is N(0, "
                        + Double.toString(sCov[sIndex.get(n)][sIndex.get(n)]) + ") (Definition 3.1 (B)); --law takes vectors");
            }
            if (def instanceof Statement.Matrix) {
                throw new InvalidInputException("'" + n + "' is a matrix, not a vector; --law takes vectors");
            }
            if (names.contains(n)) {
                throw new InvalidInputException("output '" + n + "' is named twice");
            }
            names.add(n);
        }
        if (names.isEmpty()) {
            throw new InvalidInputException("name at least one output vector");
        }
        this.outputs = List.copyOf(names);
        for (String n : this.outputs) {
            laws.put(n, new Output(n));
        }
    }

    /**
     * @param program a program within Theorem 3.1 (a program accepted beyond it is refused)
     * @param outputs the vectors whose law is wanted
     * @return their laws (moments computed now; densities on demand)
     */
    public static ProgramLaw of(Program program, List<String> outputs) {
        if (program == null) {
            throw new InvalidInputException("program is missing");
        }
        if (outputs == null) {
            throw new InvalidInputException("outputs are missing");
        }
        return new ProgramLaw(program, outputs, true);
    }

    /**
     * As {@link #of}, but by the general route only: no part is handed to {@link HeadQuadrature} as a head
     * of Example 3.1, every conditionally Gaussian part is integrated over its scores by {@link ScoreNodes}.
     * For the tests that the fast paths give the same law as the general one.
     */
    public static ProgramLaw general(Program program, List<String> outputs) {
        if (program == null) {
            throw new InvalidInputException("program is missing");
        }
        if (outputs == null) {
            throw new InvalidInputException("outputs are missing");
        }
        return new ProgramLaw(program, outputs, false);
    }

    /** @return the outputs */
    public List<String> outputs() {
        return outputs;
    }

    /** @return the program */
    public Program program() {
        return program;
    }

    /** @return the moments of output {@code name} */
    public Moments moments(String name) {
        return output(name).moments;
    }

    /** @return whether a density formula is available for {@code name} (see {@link #densityNote}) */
    public boolean hasDensity(String name) {
        return output(name).densityMode() != DensityMode.NONE;
    }

    /** @return the atoms (point masses) of {@code Z^name}; the density excludes them */
    public List<Law.Atom> atoms(String name) {
        return output(name).atoms();
    }

    /** @return how the density and CDF are computed, or why they are not */
    public String densityNote(String name) {
        return output(name).densityNote();
    }

    /** @return the density of {@code Z^name} at each point, with error estimates (NaN at an atom) */
    public Estimate[] pdf(String name, double[] at) {
        Output o = output(name);
        Estimate[] out = new Estimate[at.length];
        for (int i = 0; i < at.length; i++) {
            requireFinite(at[i]);
            out[i] = o.density(at[i], false);
        }
        return out;
    }

    /** @return the CDF of {@code Z^name} at each point, with error estimates */
    public Estimate[] cdf(String name, double[] at) {
        Output o = output(name);
        Estimate[] out = new Estimate[at.length];
        for (int i = 0; i < at.length; i++) {
            requireFinite(at[i]);
            out[i] = o.density(at[i], true);
        }
        return out;
    }

    private static void requireFinite(double x) {
        if (!Double.isFinite(x)) {
            throw new InvalidInputException("evaluation points must be finite numbers, got " + x);
        }
    }

    private Output output(String name) {
        Output o = laws.get(name);
        if (o == null) {
            throw new InvalidInputException("'" + name + "' is not one of the outputs " + outputs);
        }
        return o;
    }

    /**
     * Draws from the hierarchical law: {@code p̊ ~ N(0, C)}, then the G-vars {@code ~ N(μ, Σ)}, then each
     * output {@code ψ(Z^g; p̊)}. Seedable; the result does not depend on the thread count.
     *
     * @return {@code samples[a][i]}: output {@code a}, draw {@code i}
     */
    public double[][] sample(int count, ParallelSampler sampler) {
        if (count < 1) {
            throw new InvalidInputException("sample count must be >= 1, got " + count);
        }
        HierarchicalSampler h = sampler(outputs);
        int k = outputs.size();
        double[][] out = new double[k][];
        double[][] others = new double[k][count];
        out[0] = sampler.sample(count, (rng, first, from, to) -> {
            HierarchicalSampler.Draw d = h.on(rng);
            double[] y = new double[k];
            for (int i = from; i < to; i++) {
                d.next(y);
                first[i] = y[0];
                for (int a = 1; a < k; a++) {
                    others[a][i] = y[a];
                }
            }
        }, null);
        for (int a = 1; a < k; a++) {
            out[a] = Arrays.copyOf(others[a], out[0].length);
        }
        return out;
    }

    /** @return the hierarchical sampler of {@code names} (outputs of this law), drawn jointly */
    HierarchicalSampler sampler(List<String> names) {
        List<NonlinFunction> fs = names.stream().map(n -> output(n).function).toList();
        return new HierarchicalSampler(fs, gIndex, gMean, gCov, sIndex, sCov);
    }

    /**
     * @param name one of the outputs
     * @return the law of {@code Z^name} under the one contract {@link Law}
     */
    public Law law(String name) {
        return new OutputLaw(this, output(name).name);
    }

    // ================================================================== joint moments

    /**
     * @return the covariance and the joint fourth moments {@code E[c_a²c_b²]} of the outputs (all must be
     *     conditionally Gaussian), computed over the union of their scores
     */
    public Joint joint() {
        Joint j = joint;
        if (j == null) {
            j = computeJoint();
            joint = j;
        }
        return j;
    }

    /**
     * The outputs' additive terms are grouped into independent joint parts (as for one output: shared
     * score blocks or correlated G-vars link terms, whichever output they belong to); identical parts are
     * computed once. With {@code X^P} the centred contribution of part P and {@code m_P} its copies:
     * {@code Cov(c_a, c_b) = Σ_P m_P S^P_ab} and, the parts being independent and centred,
     * {@code E[c_a²c_b²] = Σ_P m_P F^P_ab + (ΣS_aa)(ΣS_bb) − Σ_P m_P S^P_aa S^P_bb + 2[(ΣS_ab)² − Σ_P m_P (S^P_ab)²]},
     * {@code F^P_ab = E[(X^P_a)²(X^P_b)²]} (Isserlis given the scores).
     */
    private Joint computeJoint() {
        int k = outputs.size();
        for (String n : outputs) {
            if (!laws.get(n).moments.conditionallyGaussian()) {
                throw new InvalidInputException("joint moments are computed for conditionally Gaussian outputs only;"
                        + " '" + n + "' is not (ask for its law alone, or sample the outputs jointly with --sample)");
            }
        }
        List<Expr> terms = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        Set<String> allScores = new LinkedHashSet<>();
        for (int a = 0; a < k; a++) {
            List<Expr> t = new ArrayList<>();
            Output o = laws.get(outputs.get(a));
            collectTerms(o.inlined, 1.0, t);
            terms.addAll(t);
            for (int i = 0; i < t.size(); i++) {
                owner.add(a);
            }
            allScores.addAll(o.function.scores());
        }
        Map<String, JointPart> byKey = new LinkedHashMap<>();
        for (List<Integer> g : dependentGroups(terms, List.copyOf(allScores))) {
            Expr[] per = new Expr[k];
            for (int a = 0; a < k; a++) {
                List<Expr> mine = new ArrayList<>();
                for (int i : g) {
                    if (owner.get(i) == a) {
                        mine.add(terms.get(i));
                    }
                }
                per[a] = mine.isEmpty() ? new Expr.Const(0) : mine.size() == 1 ? mine.get(0) : new Expr.Sum(mine);
            }
            JointPart p = new JointPart(per);
            JointPart same = byKey.get(p.key);
            if (same != null) {
                same.copies++;
            } else {
                byKey.put(p.key, p);
            }
        }
        double[][] cov = new double[k][k];
        double[][] fourth = new double[k][k];
        double[][] sumSq = new double[k][k];     // Σ_P m_P S_aa S_bb
        double[][] sumAb2 = new double[k][k];    // Σ_P m_P S_ab²
        double err = 0;
        Set<String> methods = new LinkedHashSet<>();
        for (JointPart p : byKey.values()) {
            p.compute();
            err = Math.max(err, p.error);
            methods.add((p.copies > 1 ? p.copies + " identical parts: " : "") + p.method);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    cov[a][b] += p.copies * p.s2[a][b];
                    fourth[a][b] += p.copies * p.f[a][b];
                    sumSq[a][b] += p.copies * p.s2[a][a] * p.s2[b][b];
                    sumAb2[a][b] += p.copies * p.s2[a][b] * p.s2[a][b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                fourth[a][b] += cov[a][a] * cov[b][b] - sumSq[a][b] + 2 * (cov[a][b] * cov[a][b] - sumAb2[a][b]);
            }
        }
        double[] means = new double[k];
        for (int a = 0; a < k; a++) {
            means[a] = laws.get(outputs.get(a)).moments.mean();
        }
        // The diagonal is known at least as accurately from the marginal laws.
        for (int a = 0; a < k; a++) {
            Moments m = laws.get(outputs.get(a)).moments;
            cov[a][a] = m.variance();
            fourth[a][a] = m.fourthMoment();
        }
        double[][] gauss = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                gauss[a][b] = cov[a][a] * cov[b][b] + 2 * cov[a][b] * cov[a][b];
            }
        }
        return new Joint(outputs, means, cov, fourth, gauss, err + covarianceError, "conditionally Gaussian given the scores (Isserlis"
                + " given p); " + byKey.size() + " independent joint part(s): " + String.join("; ", methods)
                + "; diagonal from the marginal laws");
    }

    /**
     * Union-find over terms: the same score block, or correlated G-vars, means dependent.
     *
     * @return the indices of the terms in each group of dependent terms, groups in order of their first term
     */
    private Collection<List<Integer>> dependentGroups(List<Expr> terms, List<String> allScores) {
        int[] block = scoreBlocks(allScores);
        int n = terms.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (linkedTerms(terms.get(i), terms.get(j), allScores, block)) {
                    union(parent, i, j);
                }
            }
        }
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(parent, i), x -> new ArrayList<>()).add(i);
        }
        return groups.values();
    }

    private boolean linkedTerms(Expr a, Expr b, List<String> allScores, int[] block) {
        for (String s : a.scores()) {
            for (String t : b.scores()) {
                if (block[allScores.indexOf(s)] == block[allScores.indexOf(t)]) {
                    return true;
                }
            }
        }
        for (String u : a.vectors()) {
            for (String v : b.vectors()) {
                if (u.equals(v) || gCov[gIndex.get(u)][gIndex.get(v)] != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One independent part of several outputs: {@code X^P_a}, a = 1..k (possibly 0 for some a). */
    private final class JointPart {
        final Expr[] per;
        final List<String> gv;
        final List<String> sc;
        final double[] mu;
        final double[][] sigma;
        final double[][] c;
        final String key;
        int copies = 1;
        double[][] s2;
        double[][] f;
        double error;
        double meanError;
        String method;

        JointPart(Expr[] per) {
            this.per = per;
            Expr all = per.length == 1 ? per[0] : new Expr.Sum(List.of(per));
            this.gv = all.vectors();
            this.sc = all.scores();
            this.mu = sub(gMean, indices(gv, gIndex));
            this.sigma = sub(gCov, indices(gv, gIndex));
            this.c = sub(sCov, indices(sc, sIndex));
            Map<String, String> rename = new HashMap<>();
            StringBuilder kb = new StringBuilder();
            for (Expr e : per) {
                kb.append(canon(e, rename)).append('|');
            }
            this.key = kb + Arrays.toString(mu) + Arrays.deepToString(sigma) + Arrays.deepToString(c);
        }

        void compute() {
            int k = per.length;
            NonlinFunction[] fs = new NonlinFunction[k];
            int[][] gPos = new int[k][];
            int[][] pPos = new int[k][];
            for (int a = 0; a < k; a++) {
                fs[a] = NonlinFunction.of(per[a]);
                gPos[a] = fs[a].vectors().stream().mapToInt(gv::indexOf).toArray();
                pPos[a] = fs[a].scores().stream().mapToInt(sc::indexOf).toArray();
            }
            Expr all = per.length == 1 ? per[0] : new Expr.Sum(List.of(per));
            ScoreNodes nodes = new ScoreNodes(c, shiftGroups(all, sc));
            // Pass 1: the part's means E[X_a] (to centre); pass 2: S_ab and F_ab given the scores.
            double[] means = new double[k];
            boolean centred = Arrays.stream(mu).allMatch(x -> x == 0) && Arrays.stream(per).allMatch(ProgramLaw::zeroAtZero);
            if (!centred) {
                // The error measure: the change of each mean relative to its output's standard deviation (the
                // scale the centred moments below are measured on), so the pass refines until the means settle.
                double[] scale = new double[k];
                for (int a = 0; a < k; a++) {
                    scale[a] = Math.sqrt(laws.get(outputs.get(a)).moments.variance());
                }
                ScoreNodes.Result r1 = nodes.integrate((p, out) -> {
                    for (int a = 0; a < k; a++) {
                        out[a] = conditional(fs[a], gPos[a], pPos[a], p, new double[gv.size()]);
                    }
                }, k, (fine, coarse) -> {
                    double e = 0;
                    for (int a = 0; a < k; a++) {
                        e = Math.max(e, Math.abs(fine[a] - coarse[a]) / scale[a]);
                    }
                    return e;
                }, 60_000);
                System.arraycopy(r1.sums(), 0, means, 0, k);
                meanError = r1.error();
            }
            int pairs = k * k;
            ScoreNodes.Result r = nodes.integrate((p, out) -> {
                double[][] b = new double[k][gv.size()];
                double[] d = new double[k];
                for (int a = 0; a < k; a++) {
                    d[a] = conditional(fs[a], gPos[a], pPos[a], p, b[a]) - means[a];
                }
                for (int a = 0; a < k; a++) {
                    for (int e = 0; e < k; e++) {
                        double sab = quad(b[a], sigma, b[e]);
                        double saa = quad(b[a], sigma, b[a]);
                        double see = quad(b[e], sigma, b[e]);
                        out[a * k + e] = d[a] * d[e] + sab;
                        out[pairs + a * k + e] = (d[a] * d[a] + saa) * (d[e] * d[e] + see) + 2 * sab * sab
                                + 4 * d[a] * d[e] * sab;
                    }
                }
            }, 2 * pairs, (fine, coarse) -> {
                double e = 0;
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        double scale = Math.sqrt(Math.abs(fine[a * k + a] * fine[b * k + b]));
                        if (scale > 0) {
                            e = Math.max(e, Math.abs(fine[a * k + b] - coarse[a * k + b]) / scale);
                            e = Math.max(e, Math.abs(fine[pairs + a * k + b] - coarse[pairs + a * k + b]) / (scale * scale));
                        }
                    }
                }
                return e;
            }, 300_000);
            double[] s = r.sums();
            s2 = new double[k][k];
            f = new double[k][k];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    s2[a][b] = s[a * k + b];
                    f[a][b] = s[pairs + a * k + b];
                }
            }
            // An error δ in a part's mean moves S_ab by about 2δ (relative to the scale) and F_ab by about 4δ.
            error = r.error() + 4 * meanError;
            method = sc.size() + " scores, " + nodes.dimension() + " dimensions: " + r.method();
        }

        /** {@code m(p)} of an affine output; its coefficients over the part's G-vars go into {@code b}. */
        private double conditional(NonlinFunction fa, int[] gPos, int[] pPos, double[] p, double[] b) {
            double[] q = new double[pPos.length];
            for (int j = 0; j < q.length; j++) {
                q[j] = p[pPos[j]];
            }
            double[] x = new double[gPos.length];
            double a0 = fa.applyAt(x, q);
            double m = a0;
            for (int j = 0; j < x.length; j++) {
                x[j] = 1;
                double bj = fa.applyAt(x, q) - a0;
                x[j] = 0;
                b[gPos[j]] = bj;
                m += bj * mu[gPos[j]];
            }
            return m;
        }
    }

    // ================================================================== one output

    private enum DensityMode { GAUSSIAN_MIXTURE, MONOTONE, CONVOLUTION, NONE }

    private final class Output {
        final String name;
        final Expr inlined;
        final NonlinFunction function;
        final List<Part> parts = new ArrayList<>();
        final Moments moments;
        private volatile MixtureInversion[] inversion;

        Output(String name) {
            this.name = name;
            this.inlined = inline(new Expr.Ref(name));
            this.function = NonlinFunction.of(inlined);
            buildParts();
            double[] kappa = new double[5];
            double err = 0;
            boolean cg = true;
            List<String> methods = new ArrayList<>();
            for (Part p : parts) {
                double[] k = cumulants(p.raw);
                for (int i = 1; i <= 4; i++) {
                    kappa[i] += p.copies * k[i];
                }
                err = Math.max(err, p.error);
                cg &= p.cg;
                methods.add((p.copies > 1 ? p.copies + " identical parts: " : "") + p.method);
            }
            double var = kappa[2];
            if (!(var > 0)) {
                throw new InvalidInputException("'" + name + "' has variance 0 in the limit (a point mass at "
                        + kappa[1] + "); its law is degenerate");
            }
            double fourth = kappa[4] + 3 * var * var;
            String method = (cg ? "conditionally Gaussian given the scores" : "not conditionally Gaussian")
                    + (parts.size() > 1 ? "; " + parts.size() + " independent parts (cumulants add): " : ": ")
                    + String.join("; ", new LinkedHashSet<>(methods));
            err += covarianceError;
            boolean below = err > TARGET || parts.stream().anyMatch(p -> p.belowTarget);
            this.moments = new Moments(kappa[1], var, fourth, kappa[4] / (var * var), err, method, cg, below);
        }

        private void buildParts() {
            List<Expr> terms = new ArrayList<>();
            collectTerms(inlined, 1.0, terms);
            Map<String, Part> byKey = new LinkedHashMap<>();
            for (List<Integer> indices : dependentGroups(terms, function.scores())) {
                List<Expr> g = indices.stream().map(terms::get).toList();
                Expr e = g.size() == 1 ? g.get(0) : new Expr.Sum(g);
                Part p = new Part(e);
                Part same = byKey.get(p.key);
                if (same != null) {
                    same.copies++;
                } else {
                    byKey.put(p.key, p);
                }
            }
            for (Part p : byKey.values()) {
                p.compute();
                parts.add(p);
            }
        }

        DensityMode densityMode() {
            boolean allCg = parts.stream().allMatch(p -> p.cg);
            if (allCg) {
                // A function of the scores alone (no Gaussian part) has no Gaussian mixture to invert; nor has a
                // single part whose variance vanishes with positive probability unless that atom is known.
                if (mixtureAtom() != null && (Double.isNaN(mixtureAtom().mass()) || !atomDensity)) {
                    return DensityMode.NONE;
                }
                return parts.stream().anyMatch(p -> p.maxVariance() > 0) ? DensityMode.GAUSSIAN_MIXTURE : DensityMode.NONE;
            }
            List<Part> non = parts.stream().filter(p -> !p.cg).toList();
            if (non.size() == 1 && non.get(0).features.size() == 1) {
                Part a = non.get(0);
                if (parts.size() == 1 && a.copies == 1 && a.monotone != null) {
                    return DensityMode.MONOTONE;
                }
                boolean gaussianRest = parts.stream().anyMatch(p -> p.cg && p.maxVariance() > 0);
                if (parts.size() > 1 && gaussianRest && a.sc.isEmpty()) {
                    return DensityMode.CONVOLUTION;
                }
            }
            return DensityMode.NONE;
        }

        String densityNote() {
            return switch (densityMode()) {
                case GAUSSIAN_MIXTURE -> "Fourier inversion of the characteristic function of the Gaussian mixture"
                        + " (error: two quadrature resolutions compared, plus the aliasing bound)";
                case MONOTONE -> "a monotone function of one conditionally Gaussian feature: F(x) = E[Phi((phi^-1(x) - m)/sqrt(v))]"
                        + " over the score nodes (no density at an atom of phi)";
                case CONVOLUTION -> "convolution of the non-Gaussian part (one Gaussian feature, composite Gauss-Legendre)"
                        + " with the inverted Gaussian-mixture parts";
                case NONE -> mixtureAtom() != null
                        ? "no density formula for this output (its conditional variance vanishes with positive"
                        + (Double.isNaN(mixtureAtom().mass()) ? " probability, an atom whose mass is not known in closed form)"
                        : " probability on a set of several scores, where the density beside the atom is not resolved)")
                        + "; use --sample"
                        : parts.stream().allMatch(p -> p.cg)
                        ? "no density formula for this output (a function of the scores alone); use --sample"
                        : "no density formula for this output (not conditionally Gaussian, with more than one"
                        + " Gaussian feature or non-Gaussian part); use --sample";
            };
        }

        Estimate density(double y, boolean cumulative) {
            DensityMode mode = densityMode();
            if (mode == DensityMode.NONE) {
                throw new InvalidInputException("'" + name + "': " + densityNote());
            }
            if (mode == DensityMode.MONOTONE) {
                return parts.get(0).monotoneLaw(y, cumulative);
            }
            MixtureInversion[] inv = inversions();
            if (mode == DensityMode.GAUSSIAN_MIXTURE) {
                double f = cumulative ? inv[0].cdf(y) : inv[0].pdf(y);
                double c = cumulative ? inv[1].cdf(y) : inv[1].pdf(y);
                double floor = cumulative ? 1e-15 : 1e-15 * inv[0].pdf(moments.mean());
                double cut = cumulative ? inv[0].cdfTruncation(y) : inv[0].pdfTruncation(y);
                Law.Atom atom = mixtureAtom();
                if (atom != null && cumulative && y >= atom.location()) {
                    return new Estimate(f + atom.mass(), Math.abs(f - c) + floor + cut + atom.error());
                }
                return new Estimate(f, Math.abs(f - c) + floor + cut);
            }
            // Convolution: E[g(y − F(L))] over the non-Gaussian part's nodes and feature.
            Part a = parts.stream().filter(p -> !p.cg).findFirst().orElseThrow();
            double total = 0;
            double coarse = 0;
            double quadErr = 0;
            for (int k = 0; k < a.nodes.weights().length; k++) {
                double[] v = a.nodes.values()[k];
                double w = a.nodes.weights()[k];
                double[] q = new double[0];   // the non-Gaussian part reads no score here
                double mL = v[4];
                double sL = Math.sqrt(Math.max(0, v[5]));
                double[] bp = a.featureBreakpoints();
                GaussianIntegral.Result fr = GaussianIntegral.oneDimensional(
                        l -> g(inv[0], y - a.outer(l, q), cumulative), mL, sL, bp);
                GaussianIntegral.Result cr = GaussianIntegral.oneDimensional(
                        l -> g(inv[1], y - a.outer(l, q), cumulative), mL, sL, bp);
                total += w * fr.value();
                coarse += w * cr.value();
                quadErr += w * fr.error();
            }
            return new Estimate(total, Math.abs(total - coarse) + quadErr + 1e-15);
        }

        private volatile List<Law.Atom> atoms;
        private volatile Law.Atom mixtureAtom;
        private volatile boolean mixtureAtomDone;
        /** Whether the continuous part beside the atom is resolved (every part with an atom reads one score). */
        private boolean atomDensity = true;

        /**
         * The atom of a single conditionally Gaussian part whose conditional variance vanishes on a set of
         * positive probability (ReLU-weighted attention: all scores negative), or null if there is none.
         * Its mass is NaN when the set is not recognised.
         */
        Law.Atom mixtureAtom() {
            if (!mixtureAtomDone) {
                boolean any = false;
                boolean all = true;
                boolean unknown = false;
                double mass = 1;
                for (Part p : parts) {
                    boolean zero = false;
                    if (p.cg && p.head == null) {
                        for (double[] v : p.nodes.values()) {
                            zero |= v[5] == 0;
                        }
                    }
                    if (!zero) {
                        all = false;
                        continue;
                    }
                    any = true;
                    List<String> scores = AtomFinder.reluWeightedScores(p.expr);
                    if (scores.isEmpty() || !Arrays.stream(p.mu).allMatch(x -> x == 0)) {
                        unknown = true;
                        continue;
                    }
                    p.atom = AtomFinder.orthant(sub(sCov, indices(scores, sIndex)));
                    atomDensity &= p.sc.size() == 1;
                    unknown |= Double.isNaN(p.atom);
                    mass *= Math.pow(p.atom, p.copies);
                }
                mixtureAtom = !any ? null : unknown ? new Law.Atom(0, Double.NaN, Double.NaN)
                        : all ? new Law.Atom(0, mass, 1e-15) : null;
                mixtureAtomDone = true;
            }
            return mixtureAtom;
        }

        /** @return the atoms of this output (see {@link AtomFinder}) */
        List<Law.Atom> atoms() {
            List<Law.Atom> a = atoms;
            if (a == null) {
                a = new ArrayList<>();
                DensityMode mode = densityMode();
                if (mode != DensityMode.MONOTONE && mixtureAtom() != null && !Double.isNaN(mixtureAtom().mass())) {
                    a.add(mixtureAtom());
                } else if (mode == DensityMode.MONOTONE) {
                    a.addAll(parts.get(0).monotoneAtoms());
                }
                atoms = a = List.copyOf(a);
            }
            return a;
        }

        private double g(MixtureInversion inv, double x, boolean cumulative) {
            return cumulative ? inv.cdf(x) : inv.pdf(x);
        }

        private MixtureInversion[] inversions() {
            MixtureInversion[] inv = inversion;
            if (inv == null) {
                List<MixtureInversion.Component> fine = new ArrayList<>();
                List<MixtureInversion.Component> coarse = new ArrayList<>();
                Law.Atom atom = mixtureAtom();
                for (Part p : parts) {
                    if (p.cg) {
                        fine.add(p.component(false));
                        coarse.add(p.component(true));
                    }
                }
                int i = 0;
                for (Part p : parts) {
                    if (p.cg) {
                        if (!Double.isNaN(p.atom)) {
                            fine.set(i, p.gradedComponent(false));
                            coarse.set(i, p.gradedComponent(true));
                        }
                        i++;
                    }
                }
                double atomMass = atom == null ? 0 : atom.mass();
                inv = new MixtureInversion[] {new MixtureInversion(fine, atomMass), new MixtureInversion(coarse, atomMass)};
                inversion = inv;
            }
            return inv;
        }
    }

    // ================================================================== parts

    private final class Part {
        final Expr expr;
        final NonlinFunction f;
        final List<String> gv;
        final List<String> sc;
        final double[] mu;
        final double[][] sigma;
        final double[][] c;
        final boolean cg;
        final String key;
        int copies = 1;
        // non-Gaussian parts: the features and the outer function
        final List<NonlinFunction> features = new ArrayList<>();
        final List<int[]> featurePos = new ArrayList<>();
        NonlinFunction outerFn;
        Activation monotone;
        // results
        boolean belowTarget;
        /** The exact probability that every weight of this conditionally Gaussian part vanishes, NaN if none. */
        double atom = Double.NaN;
        double[] raw = new double[5];
        double error;
        String method;
        ScoreNodes.Result nodes;
        HeadQuadrature.Result head;
        double headScale;

        Part(Expr expr) {
            this.expr = expr;
            this.f = NonlinFunction.of(expr);
            this.gv = f.vectors();
            this.sc = f.scores();
            int[] gi = indices(gv, gIndex);
            this.mu = sub(gMean, gi);
            this.sigma = sub(gCov, gi);
            this.c = sub(sCov, indices(sc, sIndex));
            this.cg = affine(expr);
            Map<String, String> rename = new HashMap<>();
            this.key = canon(expr, rename) + Arrays.toString(mu) + Arrays.deepToString(sigma) + Arrays.deepToString(c);
        }

        double maxVariance() {
            if (head != null) {
                return headScale * head.fine().max();
            }
            double m = 0;
            for (double[] v : nodes.values()) {
                m = Math.max(m, v[5]);
            }
            return m;
        }

        void compute() {
            if (cg && fastHeads && attentionHead()) {
                return;
            }
            List<int[]> groups = shiftGroups(expr, sc);
            ScoreNodes sn = new ScoreNodes(c, groups);
            String reduction = sc.isEmpty() ? "" : sc.size() + (sc.size() == 1 ? " score, " : " scores, ")
                    + sn.dimension() + (sn.dimension() == 1 ? " dimension" : " dimensions")
                    + (groups.isEmpty() ? "; " : " after softmax shift invariance; ");
            if (cg) {
                nodes = sn.integrate(this::gaussianNode, 6, ProgramLaw::momentError, 300_000);
                method = reduction + nodes.method();
            } else {
                buildFeatures();
                int q = features.size();
                if (q > 3) {
                    throw new InvalidInputException("the law of this output needs a " + q + "-dimensional Gaussian"
                            + " integral inside the score quadrature; at most 3 Gaussian features are supported");
                }
                String inner = q == 1 ? (monotone != null || isSingleActivation() ? "calculus (closed forms / split quadrature)"
                        : "composite Gauss-Legendre") : "Gauss-Legendre " + q + "-D split at the kinks, panels doubled to agreement";
                nodes = sn.integrate(this::nestedNode, 8, ProgramLaw::momentError, q == 1 ? 60_000 : 4_000);
                double inner4 = 0;
                for (int k = 0; k < nodes.weights().length; k++) {
                    inner4 = Math.max(inner4, nodes.values()[k][6]);
                    belowTarget |= nodes.values()[k][7] != 0;
                }
                method = reduction + "nested quadrature: outer " + nodes.method() + "; inner " + inner;
                error = Math.max(nodes.error(), inner4);
            }
            double[] s = nodes.sums();
            raw = new double[] {1, s[0], s[1], s[2], s[3]};
            if (cg) {
                error = nodes.error();
            }
        }

        /**
         * Example 3.1's head: {@code κ·attend(p/τ; U)} with centred G-var values and {@code Cov(p̊) = α Cov(U)}:
         * {@code v = κ² sᵀ Cov(U) s}, the per-head law of {@link HeadQuadrature}.
         */
        private boolean attentionHead() {
            double scale = 1;
            Expr e = expr;
            if (e instanceof Expr.Prod p && p.factors().size() == 2) {
                Expr a = p.factors().get(0);
                Expr b = p.factors().get(1);
                if (a instanceof Expr.Const k) {
                    scale = k.value();
                    e = b;
                } else if (b instanceof Expr.Const k) {
                    scale = k.value();
                    e = a;
                }
            }
            if (!(e instanceof Expr.Attend at) || at.logits().size() < 2) {
                return false;
            }
            double kappa = Double.NaN;
            List<String> ls = new ArrayList<>();
            for (Expr l : at.logits()) {
                double k = 1;
                Expr s = l;
                if (l instanceof Expr.Prod p && p.factors().size() == 2 && p.factors().get(0) instanceof Expr.Const kc
                        && p.factors().get(1) instanceof Expr.ScoreRef) {
                    k = kc.value();
                    s = p.factors().get(1);
                }
                if (!(s instanceof Expr.ScoreRef r) || (!Double.isNaN(kappa) && k != kappa) || ls.contains(r.name())) {
                    return false;
                }
                kappa = k;
                ls.add(r.name());
            }
            List<String> us = new ArrayList<>();
            for (Expr v : at.values()) {
                if (!(v instanceof Expr.Ref r)) {
                    return false;
                }
                us.add(r.name());
            }
            int s = us.size();
            double[][] su = sub(gCov, indices(us, gIndex));
            for (String u : us) {
                if (gMean[gIndex.get(u)] != 0) {
                    return false;
                }
            }
            double[][] cp = sub(sCov, indices(ls, sIndex));
            if (!(su[0][0] > 0)) {
                return false;
            }
            double alpha = cp[0][0] / su[0][0];
            double top = 0;
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    top = Math.max(top, Math.abs(cp[i][j]));
                }
            }
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    if (Math.abs(cp[i][j] - alpha * su[i][j]) > 1e-13 * top) {
                        return false;
                    }
                }
            }
            try {
                new AttentionSetup(Activation.identity(), s, 1, 1, 1, 1, 1, su);   // PSD and shape checks
            } catch (IllegalArgumentException ex) {
                return false;
            }
            head = HeadQuadrature.of(su, alpha * kappa * kappa / su[0][0]);
            headScale = scale * scale;
            double m1 = head.m1();
            double m2 = head.m2();
            raw = new double[] {1, 0, headScale * m1, 0, 3 * headScale * headScale * m2};
            error = head.relativeError();
            method = "one head of Example 3.1 (v = s^T K s, " + s + " tokens): " + head.method();
            return true;
        }

        MixtureInversion.Component component(boolean coarse) {
            if (head != null) {
                HeadLaw law = coarse ? head.coarse() : head.fine();
                double[] v = law.values().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= headScale;
                }
                return new MixtureInversion.Component(law.weights(), new double[v.length], v, copies);
            }
            double[] w = coarse ? nodes.coarseWeights() : nodes.weights();
            double[][] vals = coarse ? nodes.coarseValues() : nodes.values();
            double[] m = new double[w.length];
            double[] v = new double[w.length];
            for (int k = 0; k < w.length; k++) {
                m[k] = vals[k][4];
                v[k] = vals[k][5];
            }
            return new MixtureInversion.Component(w, m, v, copies);
        }

        /**
         * The mixture of a part {@code Σ φ(p̊)U} with one score whose weight vanishes for {@code p̊ ≤ 0}: the
         * node {@code p ≤ 0} is the atom (mass 1/2, variance 0); {@code p > 0} by composite Gauss–Legendre
         * (8 points per panel, 4 for the coarse estimate) on panels halving towards 0,
         * {@code [8.5σ·2^{−j−1}, 8.5σ·2^{−j}]}, j = 0..59: the conditional variance tends to 0 with p, and
         * the density of the continuous part near the atom comes from small p, which Gauss–Hermite nodes
         * do not reach.
         */
        MixtureInversion.Component gradedComponent(boolean coarse) {
            double sd = Math.sqrt(c[0][0]);
            org.hipparchus.analysis.integration.gauss.GaussIntegrator rule =
                    new org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory().legendre(coarse ? 4 : 8, -1, 1);
            int panels = 60;
            int n = rule.getNumberOfPoints();
            double[] w = new double[panels * n + 1];
            double[] m = new double[w.length];
            double[] v = new double[w.length];
            double[] out = new double[6];
            double sum = 0;
            for (int j = 0; j < panels; j++) {
                double hi = 8.5 * sd * Math.pow(0.5, j);
                double lo = j == panels - 1 ? 0 : 0.5 * hi;
                for (int k = 0; k < n; k++) {
                    double pk = 0.5 * (lo + hi) + 0.5 * (hi - lo) * rule.getPoint(k);
                    int i = j * n + k;
                    w[i] = 0.5 * (hi - lo) * rule.getWeight(k) * org.attnlimit.calculus.Normal.pdf(pk / sd) / sd;
                    gaussianNode(new double[] {pk}, out);
                    m[i] = out[4];
                    v[i] = out[5];
                    sum += w[i];
                }
            }
            for (int i = 0; i < w.length - 1; i++) {
                w[i] *= (1 - atom) / sum;
            }
            w[w.length - 1] = atom;
            return new MixtureInversion.Component(w, m, v, copies);
        }

        /** Conditional raw moments of {@code N(m, v)} and {@code m, v} at scores {@code p}. */
        private void gaussianNode(double[] p, double[] out) {
            double[] x = new double[gv.size()];
            double a = f.applyAt(x, p);
            double[] b = new double[x.length];
            double m = a;
            for (int j = 0; j < x.length; j++) {
                x[j] = 1;
                b[j] = f.applyAt(x, p) - a;
                x[j] = 0;
                m += b[j] * mu[j];
            }
            double v = Math.max(0, quad(b, sigma, b));
            out[0] = m;
            out[1] = m * m + v;
            out[2] = m * m * m + 3 * m * v;
            out[3] = m * m * m * m + 6 * m * m * v + 3 * v * v;
            out[4] = m;
            out[5] = v;
        }

        // ---------------------------------------------------------- non-Gaussian parts

        private void buildFeatures() {
            List<Expr> found = new ArrayList<>();
            Expr outer = extract(expr, found);
            outerFn = NonlinFunction.of(outer);
            for (Expr e : found) {
                NonlinFunction fe = NonlinFunction.of(e);
                features.add(fe);
                featurePos.add(fe.vectors().stream().mapToInt(gv::indexOf).toArray());
            }
            if (outer instanceof Expr.Apply a && a.arg() instanceof Expr.Ref && found.size() == 1 && monotone(a.phi())) {
                monotone = a.phi();
            }
        }

        private boolean isSingleActivation() {
            return outerFn.expr() instanceof Expr.Apply a && a.arg() instanceof Expr.Ref;
        }

        /** The kinks of the outer function in the (single) feature: those of every φ applied to it directly. */
        double[] featureBreakpoints() {
            List<Double> out = new ArrayList<>();
            collectBreakpoints(outerFn.expr(), out);
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }

        private void collectBreakpoints(Expr e, List<Double> out) {
            if (e instanceof Expr.Apply a && a.arg() instanceof Expr.Ref) {
                for (double b : a.phi().breakpoints()) {
                    out.add(b);
                }
            }
            for (Expr c : e.children()) {
                collectBreakpoints(c, out);
            }
        }

        /** The kinks of the outer function in each feature: those of every φ applied to it directly. */
        double[][] breakpointsPerFeature() {
            double[][] out = new double[features.size()][];
            for (int i = 0; i < out.length; i++) {
                List<Double> b = new ArrayList<>();
                collectBreakpoints(outerFn.expr(), "feature" + i + "'", b);
                out[i] = b.stream().mapToDouble(Double::doubleValue).distinct().toArray();
            }
            return out;
        }

        private void collectBreakpoints(Expr e, String feature, List<Double> out) {
            if (e instanceof Expr.Apply a && a.arg() instanceof Expr.Ref r && r.name().equals(feature)) {
                for (double b : a.phi().breakpoints()) {
                    out.add(b);
                }
            }
            for (Expr c : e.children()) {
                collectBreakpoints(c, feature, out);
            }
        }

        /** The outer function of the single feature value {@code l}, at scores {@code q} (part order). */
        double outer(double l, double[] q) {
            return outerFn.applyAt(new double[] {l}, outerScores(q));
        }

        private double[] outerScores(double[] p) {
            List<String> os = outerFn.scores();
            double[] q = new double[os.size()];
            for (int i = 0; i < q.length; i++) {
                q[i] = p[sc.indexOf(os.get(i))];
            }
            return q;
        }

        /** Replaces each maximal affine sub-expression that reads a G-var by a feature variable. */
        private Expr extract(Expr e, List<Expr> found) {
            if (!e.vectors().isEmpty() && affine(e)) {
                found.add(e);
                return new Expr.Ref("feature" + (found.size() - 1) + "'");
            }
            if (e instanceof Expr.Apply a) {
                return new Expr.Apply(a.phi(), extract(a.arg(), found));
            } else if (e instanceof Expr.Prod p) {
                return new Expr.Prod(p.factors().stream().map(x -> extract(x, found)).toList());
            } else if (e instanceof Expr.Sum s) {
                return new Expr.Sum(s.terms().stream().map(x -> extract(x, found)).toList());
            } else if (e instanceof Expr.Attend a) {
                return new Expr.Attend(a.logits().stream().map(x -> extract(x, found)).toList(),
                        a.values().stream().map(x -> extract(x, found)).toList());
            } else if (e instanceof Expr.Softmax s) {
                return new Expr.Softmax(s.index(), s.logits().stream().map(x -> extract(x, found)).toList());
            }
            return e;
        }

        /**
         * At scores {@code p}: {@code out[0..3] = E[y^k | p]}, {@code out[4], out[5]} the first feature's
         * conditional mean and variance, {@code out[6]} the inner quadrature's relative error estimate,
         * {@code out[7]} 1 if the inner quadrature's budget ran out before its target, else 0.
         */
        private void nestedNode(double[] p, double[] out) {
            int q = features.size();
            double[] mL = new double[q];
            double[][] b = new double[q][gv.size()];
            for (int i = 0; i < q; i++) {
                NonlinFunction fe = features.get(i);
                int[] pos = featurePos.get(i);
                double[] pe = new double[fe.scores().size()];
                for (int j = 0; j < pe.length; j++) {
                    pe[j] = p[sc.indexOf(fe.scores().get(j))];
                }
                double[] x = new double[pos.length];
                double a0 = fe.applyAt(x, pe);
                double m = a0;
                for (int j = 0; j < x.length; j++) {
                    x[j] = 1;
                    double bj = fe.applyAt(x, pe) - a0;
                    x[j] = 0;
                    b[i][pos[j]] = bj;
                    m += bj * mu[pos[j]];
                }
                mL[i] = m;
            }
            double[][] sL = new double[q][q];
            for (int i = 0; i < q; i++) {
                for (int j = 0; j < q; j++) {
                    sL[i][j] = quad(b[i], sigma, b[j]);
                }
            }
            double[] po = outerScores(p);
            out[4] = mL[0];
            out[5] = Math.max(0, sL[0][0]);
            if (q == 1) {
                double v = Math.max(0, sL[0][0]);
                double[] breakpoints = featureBreakpoints();
                double err = 0;
                for (int k = 1; k <= 4; k++) {
                    if (isSingleActivation()) {
                        Activation phi = ((Expr.Apply) outerFn.expr()).phi();
                        var e = GaussianExpectations.moment(phi, k, mL[0], v);
                        out[k - 1] = e.value();
                        err = Math.max(err, e.errorBound());
                    } else {
                        int kk = k;
                        GaussianIntegral.Result r = GaussianIntegral.oneDimensional(
                                l -> Math.pow(outerFn.applyAt(new double[] {l}, po), kk), mL[0], Math.sqrt(v), breakpoints);
                        out[k - 1] = r.value();
                        err = Math.max(err, r.error());
                    }
                }
                out[6] = err / Math.max(1e-300, Math.abs(out[1]));
                return;
            }
            FeatureIntegral.Result r = new FeatureIntegral(l -> outerFn.applyAt(l, po), mL, sL, breakpointsPerFeature())
                    .moments(INNER_TARGET, INNER_BUDGET);
            System.arraycopy(r.raw(), 0, out, 0, 4);
            out[6] = r.error();
            out[7] = r.reached() ? 0 : 1;
        }

        /** The atoms of {@code φ(L)}: one per interval on which φ is constant, mass summed over the score nodes. */
        List<Law.Atom> monotoneAtoms() {
            List<Law.Atom> out = new ArrayList<>();
            for (AtomFinder.Flat flat : AtomFinder.flats(monotone)) {
                double[] mass = new double[2];
                for (int pass = 0; pass < 2; pass++) {
                    double[] ww = pass == 0 ? nodes.weights() : nodes.coarseWeights();
                    double[][] vals = pass == 0 ? nodes.values() : nodes.coarseValues();
                    for (int k = 0; k < ww.length; k++) {
                        mass[pass] += ww[k] * AtomFinder.mass(flat.from(), flat.to(), vals[k][4], Math.sqrt(vals[k][5]));
                    }
                }
                if (mass[0] > 1e-300) {
                    out.add(new Law.Atom(flat.value(), mass[0], Math.abs(mass[0] - mass[1]) + 1e-15));
                }
            }
            return out;
        }

        /** CDF or density of {@code φ(L)}, {@code L | p ~ N(m, v)}, at {@code y}, summed over the score nodes. */
        Estimate monotoneLaw(double y, boolean cumulative) {
            Activation phi = monotone;
            double lstar = inverse(phi, y);
            if (!cumulative && !Double.isFinite(lstar)) {
                return new Estimate(0.0, 0.0);   // outside the range of φ
            }
            if (!cumulative) {
                double h = 1e-7 * Math.max(1, Math.abs(lstar));
                if (phi.apply(lstar - h) == y || phi.apply(lstar + h) == y) {
                    return new Estimate(Double.NaN, 0);   // an atom of φ(L): no density there
                }
            }
            double fine = 0;
            double coarse = 0;
            double[] w = nodes.weights();
            double[] cw = nodes.coarseWeights();
            for (int pass = 0; pass < 2; pass++) {
                double[] ww = pass == 0 ? w : cw;
                double[][] vals = pass == 0 ? nodes.values() : nodes.coarseValues();
                double sum = 0;
                for (int k = 0; k < ww.length; k++) {
                    double m = vals[k][4];
                    double sd = Math.sqrt(vals[k][5]);
                    sum += ww[k] * (cumulative ? normalCdf(lstar, m, sd) : normalPdf(lstar, m, sd) / slope(phi, lstar));
                }
                if (pass == 0) {
                    fine = sum;
                } else {
                    coarse = sum;
                }
            }
            return new Estimate(fine, Math.abs(fine - coarse) + 1e-15);
        }
    }

    // ================================================================== helpers

    /** The error measure for raw moments {@code E[y^k]}, k = 1..4, relative to {@code E[y²]^{k/2}}. */
    private static double momentError(double[] fine, double[] coarse) {
        double scale = Math.abs(fine[1]);
        if (!(scale > 0)) {
            return 0;
        }
        double e = 0;
        for (int k = 0; k < 4; k++) {
            e = Math.max(e, Math.abs(fine[k] - coarse[k]) / Math.pow(scale, (k + 1) / 2.0));
        }
        return e;
    }

    private static double[] cumulants(double[] m) {
        double m1 = m[1];
        double m2 = m[2];
        double m3 = m[3];
        double m4 = m[4];
        return new double[] {0, m1, m2 - m1 * m1, m3 - 3 * m2 * m1 + 2 * m1 * m1 * m1,
            m4 - 4 * m3 * m1 - 3 * m2 * m2 + 12 * m2 * m1 * m1 - 6 * m1 * m1 * m1 * m1};
    }

    private static boolean monotone(Activation phi) {
        return switch (phi.kind()) {
            case IDENTITY, CLIP, RELU, STEP, TANH, ERF, SIGMOID -> true;
            case LEAKY_RELU -> phi.parameter() >= 0;
            default -> false;
        };
    }

    /** {@code sup{l : φ(l) ≤ y}} for nondecreasing φ (±∞ outside its range), by bisection. */
    private static double inverse(Activation phi, double y) {
        double lo = -1;
        double hi = 1;
        while (phi.apply(lo) > y) {
            lo *= 2;
            if (lo < -1e12) {
                return Double.NEGATIVE_INFINITY;
            }
        }
        while (phi.apply(hi) <= y) {
            hi *= 2;
            if (hi > 1e12) {
                return Double.POSITIVE_INFINITY;
            }
        }
        for (int i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); i++) {
            double mid = 0.5 * (lo + hi);
            if (phi.apply(mid) <= y) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double slope(Activation phi, double l) {
        double h = 1e-6 * Math.max(1, Math.abs(l));
        return (phi.apply(l + h) - phi.apply(l - h)) / (2 * h);
    }

    private static double normalCdf(double x, double m, double sd) {
        if (x == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 1;
        }
        if (sd == 0) {
            return x >= m ? 1 : 0;
        }
        return 0.5 * Erf.erfc(-(x - m) / (sd * Math.sqrt(2)));
    }

    private static double normalPdf(double x, double m, double sd) {
        if (!Double.isFinite(x) || sd == 0) {
            return 0;
        }
        double z = (x - m) / sd;
        return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
    }

    /** Inlines Nonlin vectors until only G-vars and scores remain. */
    private Expr inline(Expr e) {
        if (e instanceof Expr.Ref r) {
            if (gIndex.containsKey(r.name())) {
                return r;
            }
            Statement s = program.definition(r.name()).orElseThrow();
            return inline(((Statement.Nonlin) s).expr());
        } else if (e instanceof Expr.Apply a) {
            return new Expr.Apply(a.phi(), inline(a.arg()));
        } else if (e instanceof Expr.Prod p) {
            return new Expr.Prod(p.factors().stream().map(this::inline).toList());
        } else if (e instanceof Expr.Sum s) {
            return new Expr.Sum(s.terms().stream().map(this::inline).toList());
        } else if (e instanceof Expr.Attend a) {
            return new Expr.Attend(a.logits().stream().map(this::inline).toList(),
                    a.values().stream().map(this::inline).toList());
        } else if (e instanceof Expr.Softmax s) {
            return new Expr.Softmax(s.index(), s.logits().stream().map(this::inline).toList());
        }
        return e;
    }

    /** Splits {@code coef·e} into additive terms through sums and constant factors. */
    private static void collectTerms(Expr e, double coef, List<Expr> out) {
        if (e instanceof Expr.Sum s) {
            for (Expr t : s.terms()) {
                collectTerms(t, coef, out);
            }
            return;
        }
        if (e instanceof Expr.Prod p) {
            double c = coef;
            List<Expr> rest = new ArrayList<>();
            for (Expr x : p.factors()) {
                if (x instanceof Expr.Const k) {
                    c *= k.value();
                } else {
                    rest.add(x);
                }
            }
            if (rest.size() == 1) {
                collectTerms(rest.get(0), c, out);
                return;
            }
            if (rest.isEmpty()) {
                out.add(new Expr.Const(c));
                return;
            }
            out.add(c == 1 ? new Expr.Prod(rest) : new Expr.Prod(prepend(new Expr.Const(c), rest)));
            return;
        }
        if (e instanceof Expr.Const k) {
            out.add(new Expr.Const(coef * k.value()));
            return;
        }
        out.add(coef == 1 ? e : new Expr.Prod(List.of(new Expr.Const(coef), e)));
    }

    private static List<Expr> prepend(Expr first, List<Expr> rest) {
        List<Expr> l = new ArrayList<>();
        l.add(first);
        l.addAll(rest);
        return l;
    }

    /**
     * Whether an affine {@code e} vanishes when every G-var is 0, whatever the scores (then, with centred
     * G-vars, its conditional mean is 0 at every node).
     */
    private static boolean zeroAtZero(Expr e) {
        if (e instanceof Expr.Ref) {
            return true;
        } else if (e instanceof Expr.Const c) {
            return c.value() == 0;
        } else if (e instanceof Expr.Apply a) {
            return a.phi().kind() == Activation.Kind.IDENTITY && zeroAtZero(a.arg());
        } else if (e instanceof Expr.Sum s) {
            return s.terms().stream().allMatch(ProgramLaw::zeroAtZero);
        } else if (e instanceof Expr.Prod p) {
            return p.factors().stream().anyMatch(ProgramLaw::zeroAtZero);
        } else if (e instanceof Expr.Attend a) {
            return a.values().stream().allMatch(ProgramLaw::zeroAtZero);
        }
        return false;
    }

    /** Whether {@code e} is affine in the G-vars for fixed scores (then Gaussian given {@code p̊}). */
    private static boolean affine(Expr e) {
        if (e.vectors().isEmpty()) {
            return true;   // scores and constants only: fixed given p̊
        }
        if (e instanceof Expr.Ref) {
            return true;
        } else if (e instanceof Expr.Apply a) {
            return a.phi().kind() == Activation.Kind.IDENTITY && affine(a.arg());
        } else if (e instanceof Expr.Sum s) {
            return s.terms().stream().allMatch(ProgramLaw::affine);
        } else if (e instanceof Expr.Prod p) {
            int withG = 0;
            for (Expr x : p.factors()) {
                if (!x.vectors().isEmpty()) {
                    withG++;
                    if (!affine(x)) {
                        return false;
                    }
                }
            }
            return withG <= 1;
        } else if (e instanceof Expr.Attend a) {
            return a.logits().stream().allMatch(x -> x.vectors().isEmpty())
                    && a.values().stream().allMatch(ProgramLaw::affine);
        }
        return false;   // a softmax weight of G-dependent logits
    }

    /** Connected components of the scores under non-zero covariance. */
    private int[] scoreBlocks(List<String> scores) {
        int n = scores.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (sCov[sIndex.get(scores.get(i))][sIndex.get(scores.get(j))] != 0) {
                    union(parent, i, j);
                }
            }
        }
        int[] block = new int[n];
        for (int i = 0; i < n; i++) {
            block[i] = find(parent, i);
        }
        return block;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }

    /**
     * Groups of scores (indices into {@code order}) along which {@code e} is shift invariant: the logits
     * of an {@code attend}/{@code softmax}, each a score times one common constant, whose scores occur
     * nowhere else (or only as the same logits of another node).
     */
    private static List<int[]> shiftGroups(Expr e, List<String> order) {
        Map<String, Set<String>> contexts = new HashMap<>();
        Set<String> elsewhere = new LinkedHashSet<>();
        walk(e, contexts, elsewhere);
        Set<String> seen = new LinkedHashSet<>();
        List<int[]> groups = new ArrayList<>();
        for (Map.Entry<String, Set<String>> en : contexts.entrySet()) {
            if (en.getValue().size() != 1 || elsewhere.contains(en.getKey())) {
                continue;
            }
            String ctx = en.getValue().iterator().next();
            if (seen.add(ctx)) {
                String[] names = ctx.substring(ctx.indexOf('|') + 1).split(",");
                boolean ok = true;
                for (String n : names) {
                    Set<String> c = contexts.get(n);
                    ok &= c != null && c.size() == 1 && c.contains(ctx) && !elsewhere.contains(n);
                }
                if (ok) {
                    groups.add(Arrays.stream(names).mapToInt(order::indexOf).toArray());
                }
            }
        }
        return groups;
    }

    private static void walk(Expr e, Map<String, Set<String>> contexts, Set<String> elsewhere) {
        List<Expr> logits = e instanceof Expr.Attend a ? a.logits() : e instanceof Expr.Softmax s ? s.logits() : null;
        if (logits != null) {
            List<String> names = new ArrayList<>();
            Double kappa = null;
            boolean plain = true;
            for (Expr l : logits) {
                double k = 1;
                Expr s = l;
                if (l instanceof Expr.Prod p && p.factors().size() == 2 && p.factors().get(0) instanceof Expr.Const kc) {
                    k = kc.value();
                    s = p.factors().get(1);
                }
                if (!(s instanceof Expr.ScoreRef r) || (kappa != null && kappa != k) || names.contains(r.name())) {
                    plain = false;
                    break;
                }
                kappa = k;
                names.add(r.name());
            }
            if (plain) {
                String ctx = kappa + "|" + String.join(",", names.stream().sorted().toList());
                for (String n : names) {
                    contexts.computeIfAbsent(n, x -> new LinkedHashSet<>()).add(ctx);
                }
            } else {
                logits.forEach(l -> walk(l, contexts, elsewhere));
            }
            if (e instanceof Expr.Attend a) {
                a.values().forEach(v -> walk(v, contexts, elsewhere));
            }
            return;
        }
        if (e instanceof Expr.ScoreRef r) {
            elsewhere.add(r.name());
            return;
        }
        for (Expr c : e.children()) {
            walk(c, contexts, elsewhere);
        }
    }

    /** A canonical string: the expression with its names replaced by their order of appearance. */
    private static String canon(Expr e, Map<String, String> rename) {
        if (e instanceof Expr.Ref r) {
            return rename.computeIfAbsent("v:" + r.name(), k -> "g" + rename.size());
        } else if (e instanceof Expr.ScoreRef r) {
            return rename.computeIfAbsent("s:" + r.name(), k -> "p" + rename.size());
        } else if (e instanceof Expr.Const c) {
            return Double.toString(c.value());
        } else if (e instanceof Expr.Apply a) {
            return a.phi().spec() + "(" + canon(a.arg(), rename) + ")";
        } else if (e instanceof Expr.Softmax s) {
            return "softmax" + s.index() + "(" + String.join(",", s.logits().stream().map(x -> canon(x, rename)).toList()) + ")";
        }
        String head = e instanceof Expr.Prod ? "prod" : e instanceof Expr.Sum ? "sum" : "attend";
        return head + "(" + String.join(",", e.children().stream().map(x -> canon(x, rename)).toList()) + ")";
    }
}
