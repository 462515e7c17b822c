package org.attnlimit.program;

import org.attnlimit.numerics.Mutation;
import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attnlimit.calculus.ClosedFormProvider;
import org.attnlimit.calculus.TieredExpectations;

/**
 * The infinite-width limit of a program (Definition 3.1).
 *
 * <p><b>(A)</b> Every vector {@code h} has a limit variable {@code Z^h}. Initial vectors and MatMul
 * outputs (the G-vars) are jointly Gaussian: initial vectors with their given law; MatMul outputs
 * centred with {@code Cov(Z^{Wx}, Z^{W'x'}) = σ_W² E[Z^x Z^{x'}]} if {@code W = W'}, else 0 (also 0
 * against initial vectors). Nonlin outputs are {@code Z^{φ(g¹..gᵏ)} = φ(Z^{g¹},…,Z^{gᵏ})}.
 *
 * <p><b>(B)</b> The scores tend to a centred Gaussian {@code p̊}, independent of every {@code Z^h}, with
 * (Isserlis) {@code Cov(p̊_k, p̊_l) = C(k1,l1)C(k2,l2) + C(k1,l2)C(k2,l1)}, {@code C} the MatMul
 * covariance; the second product is the crosswise-shared case {@code W^{k,1} = W^{l,2}}. A score with
 * {@code 1/n} scaling tends to 0 (variance and covariances 0).
 *
 * <p>Expectations {@code E[Z^a Z^b]} and {@code E[Z^a]} come from {@link ProgramMoments} (exact,
 * calculus or quadrature tiers); each entry of {@link #table()} says which tier answered. The G-var law
 * is fixed at construction; later moment queries only fill a synchronized cache, so an instance may be
 * shared between threads.
 */
public final class ProgramLimit {

    private final Program program;
    private final Map<String, Integer> gIndex = new LinkedHashMap<>();
    private final double[] mean;
    private final double[][] cov;
    private final double[][] gError;
    private final Map<String, Statement> defs = new HashMap<>();
    private final ProgramMoments moments;
    /** Each moment operation on a vector that does not depend on the scores, as its limit (an affine Nonlin). */
    private final Map<String, Statement.Nonlin> resolvedNorms = new LinkedHashMap<>();

    private ProgramLimit(Program program, ClosedFormProvider provider) {
        this.program = program;
        int count = 0;
        for (Statement s : program.statements()) {
            for (String n : ProgramValidator.defined(s)) {
                defs.put(n, s);
                if (s instanceof Statement.Input || s instanceof Statement.MatMul) {
                    gIndex.put(n, count++);
                }
            }
        }
        mean = new double[count];
        cov = new double[count][count];
        gError = new double[count][count];
        moments = new ProgramMoments(provider, gIndex, mean, cov, gError, defs);
        build();
    }

    /** Computes the limit of {@code program} (all G-var covariances; further moments on demand). */
    public static ProgramLimit of(Program program) {
        if (program == null) {
            throw new InvalidInputException("program is missing");
        }
        refuseBeyondTheorem(program);
        return new ProgramLimit(program, null);
    }

    /**
     * The Theorem 3.1 engines stop there: refuse such a program, naming the first statement (the conjectured limit
     * of such programs is {@code limit.nested}'s).
     */
    static void refuseBeyondTheorem(Program program) {
        if (program.beyondTheorem()) {
            throw new InvalidInputException(program.beyondTheoremReasons().get(0)
                    + "; Definition 3.1 does not reach it: its limit is the nested-conditioning conjecture"
                    + " (its covariance table and laws are computed as such), labelled so");
        }
    }

    /**
     * As {@link #of(Program)}, but one-activation moments {@code E[φ(Z)]}, {@code E[φ(Z)²]} are first asked
     * of {@code provider} (the symbolic tier of {@link TieredExpectations}), so that the table carries
     * their closed forms in LaTeX. The provider is used during this call only.
     */
    public static ProgramLimit of(Program program, ClosedFormProvider provider) {
        if (program == null) {
            throw new InvalidInputException("program is missing");
        }
        refuseBeyondTheorem(program);
        ProgramLimit limit = new ProgramLimit(program, provider);
        limit.table();   // fill every cached moment while the provider is open
        return limit;
    }

    /** @return the program */
    public Program program() {
        return program;
    }

    private void build() {
        List<Statement.MatMul> done = new ArrayList<>();
        for (Statement s : program.statements()) {
            if (s instanceof Statement.Input in) {
                double[] m = in.mean();
                double[][] c = in.cov();
                for (int i = 0; i < m.length; i++) {
                    int gi = gIndex.get(in.names().get(i));
                    mean[gi] = m[i];
                    for (int j = 0; j < m.length; j++) {
                        cov[gi][gIndex.get(in.names().get(j))] = c[i][j];
                    }
                    moments.defineGVar(in.names().get(i), gi);
                }
            } else if (s instanceof Statement.MatMul mm) {
                int gi = gIndex.get(mm.out());
                done.add(mm);
                double sigma2 = ((Statement.Matrix) defs.get(mm.matrix())).variance();
                for (Statement.MatMul other : done) {
                    if (other.matrix().equals(mm.matrix())) {
                        ProgramMoments.Moment e = secondMomentInternal(mm.in(), other.in());
                        int gj = gIndex.get(other.out());
                        cov[gi][gj] = finite(sigma2 * e.value(), mm, "Cov(" + mm.out() + ", " + other.out() + ")");
                        cov[gj][gi] = cov[gi][gj];
                        gError[gi][gj] = sigma2 * e.error();
                        gError[gj][gi] = gError[gi][gj];
                    }
                }
                moments.defineGVar(mm.out(), gi);
            } else if (s instanceof Statement.Nonlin n && !program.isScoreDependent(n.out())) {
                // Score-dependent vectors are not Definition 3.1 (A) objects: their law is Theorem 3.1's
                // hierarchical one (limit.ProgramLaw).
                Expr e = n.expr();
                if (e instanceof Expr.Norm nm) {
                    e = limitOfNorm(n, nm);
                    Statement.Nonlin resolved = new Statement.Nonlin(n.out(), e, n.line());
                    defs.put(n.out(), resolved);
                    resolvedNorms.put(n.out(), resolved);
                }
                moments.defineNonlin(n.out(), e);
            }
        }
    }

    /**
     * The limit of a moment operation on a vector {@code y} that does not depend on the scores: the moments
     * converge to constants (the master theorem, Section 2), so {@code rmsnorm(y) → Z^y / sqrt(E[(Z^y)²])} and
     * {@code layernorm(y) → (Z^y − E Z^y) / sqrt(Var Z^y)}, an affine Nonlin of {@code y}.
     */
    private Expr limitOfNorm(Statement.Nonlin n, Expr.Norm nm) {
        String y = ((Expr.Ref) nm.arg()).name();
        double second = secondMomentInternal(y, y).value();
        double mean = nm.kind() == Expr.NormKind.LAYER ? meanMoment(y).value() : 0;
        double var = second - mean * mean;
        if (!(var > 1e-12 * Math.max(second, Double.MIN_NORMAL)) || Double.isInfinite(var)) {
            throw new InvalidInputException("line " + n.line() + ": " + nm + ": the limit of its moment "
                    + (nm.kind() == Expr.NormKind.LAYER ? "Var(Z^" + y + ")" : "E[(Z^" + y + ")^2]") + " is " + var
                    + ", so the normalisation has no limit (division by 0)");
        }
        Expr c = new Expr.Const(1 / Math.sqrt(var));
        Expr centred = mean == 0 ? nm.arg() : new Expr.Sum(List.of(nm.arg(), new Expr.Const(-mean)));
        return new Expr.Prod(List.of(c, centred));
    }

    /**
     * @return the program with every moment operation ({@code rmsnorm}, {@code layernorm}) on a vector that does
     *     not depend on the scores replaced by its limit, the affine Nonlin {@code c·(y − m)} (the program itself
     *     when it has none): what the limit engines of Theorem 3.1 read
     * @throws IllegalArgumentException if a moment operation reads a score-dependent vector: its limit divides by
     *     the random {@code E[(Z^y)² | p̊]} (nested conditioning), which this law does not compute
     */
    public Program normalised() {
        return normalised(program.vectors());
    }

    /**
     * As {@link #normalised()}, but a moment operation on a score-dependent vector is refused only when one of
     * {@code outputs} depends on it (it is left as it is otherwise).
     */
    public Program normalised(java.util.Collection<String> outputs) {
        java.util.Set<String> needed = new java.util.HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(outputs);
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (needed.add(v)) {
                program.definition(v).ifPresent(d -> {
                    if (d instanceof Statement.Nonlin n) {
                        todo.addAll(n.expr().vectors());
                    } else if (d instanceof Statement.MatMul mm) {
                        todo.add(mm.in());
                    }
                });
            }
        }
        for (Statement s : program.statements()) {
            if (s instanceof Statement.Nonlin n && n.expr() instanceof Expr.Norm nm && !resolvedNorms.containsKey(n.out())
                    && needed.contains(n.out())) {
                throw new InvalidInputException("line " + n.line() + ": " + n.out() + " = " + nm + " normalises a vector"
                        + " that depends on the scores: its limit divides by the random E[(Z^y)^2 | p] (conjecture,"
                        + " nested conditioning, beyond Theorem 3.1), which this law does not compute");
            }
        }
        if (resolvedNorms.isEmpty()) {
            return program;
        }
        List<Statement> out = new ArrayList<>();
        for (Statement s : program.statements()) {
            Statement.Nonlin r = s instanceof Statement.Nonlin n ? resolvedNorms.get(n.out()) : null;
            out.add(r != null ? r : s);
        }
        return Program.of(out, program.options());
    }

    // ---------------------------------------------------------------- public queries

    /** @return {@code E[Z^v]} for a vector {@code v} */
    public double mean(String v) {
        requireVector(v);
        return meanMoment(v).value();
    }

    /** @return {@code E[Z^a Z^b]} for vectors {@code a, b} */
    public double secondMoment(String a, String b) {
        requireVector(a);
        requireVector(b);
        return secondMomentInternal(a, b).value();
    }

    /**
     * @return {@code Cov(Z^a, Z^b)} for two vectors, or {@code Cov(p̊_a, p̊_b)} for two scores
     *     (Definition 3.1 (B)); a vector and a score are independent in the limit, so 0
     */
    public double covariance(String a, String b) {
        boolean sa = program.require(a) instanceof Statement.Score;
        boolean sb = program.require(b) instanceof Statement.Score;
        if (sa && sb) {
            return scoreCovariance(a, b);
        }
        if (sa || sb) {
            requireVector(sa ? b : a);
            return 0.0;   // p̊ is independent of every Z^h (Definition 3.1 (B))
        }
        if (gIndex.containsKey(a) && gIndex.containsKey(b)) {
            return cov[gIndex.get(a)][gIndex.get(b)];
        }
        return secondMoment(a, b) - mean(a) * mean(b);
    }

    /** @return {@code Cov(p̊_k, p̊_l)} for all scores, in {@link Program#scores()} order */
    public double[][] scoreCovariance() {
        List<String> scores = program.scores();
        double[][] c = new double[scores.size()][scores.size()];
        for (int k = 0; k < scores.size(); k++) {
            for (int l = 0; l <= k; l++) {
                c[k][l] = scoreCovariance(scores.get(k), scores.get(l));
                c[l][k] = c[k][l];
            }
        }
        return c;
    }

    private double scoreCovariance(String a, String b) {
        Statement.Score k = (Statement.Score) defs.get(a);
        Statement.Score l = (Statement.Score) defs.get(b);
        if (k.scaling() == Scaling.LINEAR || l.scaling() == Scaling.LINEAR) {
            return 0.0;   // n^{-1}⟨·,·⟩ = n^{-1/2}·(an O(1) Gaussian) → 0
        }
        double crosswise = Mutation.CROSSWISE_TERM_DROPPED.planted() ? 0 : c(k.query(), l.key()) * c(k.key(), l.query());
        return finite(c(k.query(), l.query()) * c(k.key(), l.key()) + crosswise,
                k.line() >= l.line() ? k : l, "Cov(" + a + ", " + b + ")");
    }

    /** Refuses a limit quantity that left double precision, naming it and the statement that defines it. */
    private static double finite(double value, Statement where, String what) {
        if (!Double.isFinite(value)) {
            throw new InvalidInputException("line " + where.line() + ": overflow: " + what
                    + " is beyond double precision (> 1.8e308); use smaller variances");
        }
        return value;
    }

    private ProgramMoments.Moment finite(ProgramMoments.Moment m, String v, String what) {
        finite(m.value(), defs.get(v), what);
        return m;
    }

    private double c(String g1, String g2) {
        return cov[gIndex.get(g1)][gIndex.get(g2)];
    }

    private void requireVector(String v) {
        if (program.require(v) instanceof Statement.Score || program.require(v) instanceof Statement.Matrix) {
            throw new InvalidInputException("'" + v + "' is not a vector");
        }
        if (program.isScoreDependent(v)) {
            throw new InvalidInputException("'" + v + "' depends on the scores: its limit is Theorem 3.1's"
                    + " mixture, not a Definition 3.1 (A) moment (its law is the limit law of the program's output '" + v + "')");
        }
    }

    /** @return the G-vars (initial vectors and MatMul outputs) in program order: the Gaussian part of the limit */
    public List<String> gVars() {
        return List.copyOf(gIndex.keySet());
    }

    /** @return {@code E[Z^g]} for every G-var, in {@link #gVars()} order (a copy) */
    public double[] gMean() {
        return mean.clone();
    }

    /** @return {@code Cov(Z^g, Z^{g'})} for all G-vars, in {@link #gVars()} order (a copy), Definition 3.1 (A) */
    public double[][] gCovariance() {
        double[][] c = new double[cov.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = cov[i].clone();
        }
        return c;
    }

    /** @return the error bounds of {@link #gCovariance()} (a copy) */
    public double[][] gCovarianceError() {
        double[][] c = new double[gError.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = gError[i].clone();
        }
        return c;
    }

    /** @return the named entries of the covariance table (structural zeros omitted) */
    public List<CovarianceEntry> table() {
        return new ProgramTable(this).entries();
    }

    // ---------------------------------------------------------------- package-private for ProgramTable

    Map<String, Integer> gIndex() {
        return gIndex;
    }

    Statement definition(String name) {
        return defs.get(name);
    }

    double gCov(String a, String b) {
        return c(a, b);
    }

    /** @return the error bound of {@code Cov(Z^a, Z^b)} for two G-vars */
    double gCovError(String a, String b) {
        return gError[gIndex.get(a)][gIndex.get(b)];
    }

    ProgramMoments.Moment meanMoment(String v) {
        return finite(moments.meanMoment(v), v, "E[" + v + "]");
    }

    ProgramMoments.Moment secondMomentInternal(String a, String b) {
        String later = defs.get(a).line() >= defs.get(b).line() ? a : b;
        return finite(moments.secondMomentInternal(a, b), later, "E[" + a + " " + b + "]");
    }
}
