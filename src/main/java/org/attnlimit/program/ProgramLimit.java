package org.attnlimit.program;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.Expectation;
import org.attnlimit.calculus.GaussianExpectations;

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
 * <p>Expectations {@code E[Z^a Z^b]} and {@code E[Z^a]} are computed by the first tier that applies:
 * G-vars directly; polynomials (sums, products) exactly by {@link Polynomial} (Isserlis); one catalogue
 * activation of one centred G-var by {@link GaussianExpectations} (the calculus, closed forms where it
 * has them); anything else by {@link GaussianIntegral} (up to 3 Gaussian dimensions). Each entry says
 * which tier answered. Immutable once built; the caches are filled during construction only.
 */
public final class ProgramLimit {

    /** One expectation and how it was obtained. */
    record Moment(double value, double error, String method, String closedForm) {
    }

    private final Program program;
    private final Map<String, Integer> gIndex = new LinkedHashMap<>();
    private final double[] mean;
    private final double[][] cov;
    private final double[][] gError;
    private final Map<String, Statement> defs = new HashMap<>();
    private final Map<String, ToDoubleFunction<double[]>> functions = new HashMap<>();
    private final Map<String, Moment> moments = new HashMap<>();

    private ProgramLimit(Program program) {
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
        build();
    }

    /** Computes the limit of {@code program} (all G-var covariances; further moments on demand). */
    public static ProgramLimit of(Program program) {
        if (program == null) {
            throw new IllegalArgumentException("program is missing");
        }
        return new ProgramLimit(program);
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
                    functions.put(in.names().get(i), g -> g[gi]);
                }
            } else if (s instanceof Statement.MatMul mm) {
                int gi = gIndex.get(mm.out());
                done.add(mm);
                double sigma2 = ((Statement.Matrix) defs.get(mm.matrix())).variance();
                for (Statement.MatMul other : done) {
                    if (other.matrix().equals(mm.matrix())) {
                        Moment e = secondMomentInternal(mm.in(), other.in());
                        int gj = gIndex.get(other.out());
                        cov[gi][gj] = sigma2 * e.value();
                        cov[gj][gi] = cov[gi][gj];
                        gError[gi][gj] = sigma2 * e.error();
                        gError[gj][gi] = gError[gi][gj];
                    }
                }
                functions.put(mm.out(), g -> g[gi]);
            } else if (s instanceof Statement.Nonlin n) {
                functions.put(n.out(), compile(n.expr()));
            }
        }
    }

    private ToDoubleFunction<double[]> compile(Expr e) {
        if (e instanceof Expr.Ref r) {
            return functions.get(r.name());
        } else if (e instanceof Expr.Apply a) {
            ToDoubleFunction<double[]> inner = compile(a.arg());
            Activation phi = a.phi();
            return g -> phi.apply(inner.applyAsDouble(g));
        } else if (e instanceof Expr.Prod p) {
            List<ToDoubleFunction<double[]>> fs = p.factors().stream().map(this::compile).toList();
            return g -> {
                double v = 1;
                for (ToDoubleFunction<double[]> f : fs) {
                    v *= f.applyAsDouble(g);
                }
                return v;
            };
        }
        List<ToDoubleFunction<double[]>> fs = ((Expr.Sum) e).terms().stream().map(this::compile).toList();
        return g -> {
            double v = 0;
            for (ToDoubleFunction<double[]> f : fs) {
                v += f.applyAsDouble(g);
            }
            return v;
        };
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
        return c(k.query(), l.query()) * c(k.key(), l.key()) + c(k.query(), l.key()) * c(k.key(), l.query());
    }

    private double c(String g1, String g2) {
        return cov[gIndex.get(g1)][gIndex.get(g2)];
    }

    private void requireVector(String v) {
        if (program.require(v) instanceof Statement.Score || program.require(v) instanceof Statement.Matrix) {
            throw new IllegalArgumentException("'" + v + "' is not a vector");
        }
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

    Moment meanMoment(String v) {
        return moments.computeIfAbsent("mean\u0000" + v, k -> computeMean(v));
    }

    Moment secondMomentInternal(String a, String b) {
        String key = a.compareTo(b) <= 0 ? a + "\u0000" + b : b + "\u0000" + a;
        Moment m = moments.get(key);
        if (m == null) {
            m = computeSecond(a, b);
            moments.put(key, m);
        }
        return m;
    }

    // ---------------------------------------------------------------- the tiers

    private Moment computeMean(String v) {
        if (gIndex.containsKey(v)) {
            return new Moment(mean[gIndex.get(v)], 0, "given", null);
        }
        Polynomial p = polynomial(v);
        if (p != null) {
            return new Moment(p.expectation(mean, cov), 0, "isserlis", null);
        }
        Single s = single(v);
        if (s != null) {
            return singleMean(s);
        }
        return numeric(support(v), functions.get(v));
    }

    private Moment computeSecond(String a, String b) {
        Integer ia = gIndex.get(a);
        Integer ib = gIndex.get(b);
        if (ia != null && ib != null) {
            return new Moment(cov[ia][ib] + mean[ia] * mean[ib], gError[ia][ib], "given", null);
        }
        Polynomial pa = polynomial(a);
        Polynomial pb = polynomial(b);
        if (pa != null && pb != null) {
            return new Moment(pa.times(pb).expectation(mean, cov), 0, "isserlis", null);
        }
        Single sa = single(a);
        Single sb = single(b);
        if (sa != null && sb != null) {
            Moment m = singles(sa, sb);
            if (m != null) {
                return m;
            }
        }
        TreeSet<Integer> sup = new TreeSet<>(support(a));
        sup.addAll(support(b));
        if (independent(support(a), support(b))) {
            Moment ma = meanMoment(a);
            Moment mb = meanMoment(b);
            return new Moment(ma.value() * mb.value(),
                    Math.abs(ma.value()) * mb.error() + Math.abs(mb.value()) * ma.error() + ma.error() * mb.error(),
                    "independent: " + ma.method() + " x " + mb.method(), null);
        }
        ToDoubleFunction<double[]> fa = functions.get(a);
        ToDoubleFunction<double[]> fb = functions.get(b);
        return numeric(sup, g -> fa.applyAsDouble(g) * fb.applyAsDouble(g));
    }

    /** φ(Z^{g_i}) for one activation of one G-var. */
    private record Single(Activation phi, int index) {
    }

    private Moment singles(Single a, Single b) {
        double va = cov[a.index][a.index];
        double vb = cov[b.index][b.index];
        if (a.index == b.index) {
            Moment m = a.phi.equals(b.phi)
                    ? calculus(() -> GaussianExpectations.moment(a.phi, 2, mean[a.index], va)) : null;
            if (m != null) {
                return m;
            }
            double[] cuts = java.util.stream.DoubleStream.concat(java.util.Arrays.stream(a.phi.breakpoints()),
                    java.util.Arrays.stream(b.phi.breakpoints())).toArray();
            GaussianIntegral.Result r = GaussianIntegral.oneDimensional(t -> a.phi.apply(t) * b.phi.apply(t),
                    mean[a.index], Math.sqrt(va), cuts);
            return new Moment(r.value(), r.error(), "quadrature", null);
        }
        if (a.index != b.index && cov[a.index][b.index] == 0) {
            Moment ma = singleMean(a);
            Moment mb = singleMean(b);
            return new Moment(ma.value() * mb.value(), Math.abs(ma.value()) * mb.error()
                    + Math.abs(mb.value()) * ma.error(), "independent: " + ma.method(), null);
        }
        if (a.index != b.index && mean[a.index] == 0 && mean[b.index] == 0) {
            return calculus(() -> GaussianExpectations.pair(a.phi, b.phi, va, vb, cov[a.index][b.index]));
        }
        return null;
    }

    private Moment singleMean(Single s) {
        if (s.phi.kind() == Activation.Kind.IDENTITY) {
            return new Moment(mean[s.index], 0, "given", null);
        }
        Moment m = calculus(() -> GaussianExpectations.moment(s.phi, 1, mean[s.index], cov[s.index][s.index]));
        if (m != null) {
            return m;
        }
        GaussianIntegral.Result r = GaussianIntegral.oneDimensional(s.phi::apply, mean[s.index],
                Math.sqrt(cov[s.index][s.index]), s.phi.breakpoints());
        return new Moment(r.value(), r.error(), "quadrature", null);
    }

    private Moment calculus(java.util.function.Supplier<Expectation> call) {
        try {
            Expectation e = call.get();
            return new Moment(e.value(), e.errorBound(), "calculus:" + e.method().label(), e.latex());
        } catch (UnsupportedOperationException e) {
            return null;   // the calculus lacks this case: fall through to quadrature
        }
    }

    private Moment numeric(java.util.Set<Integer> support, ToDoubleFunction<double[]> f) {
        int[] sup = support.stream().mapToInt(Integer::intValue).toArray();
        GaussianIntegral.Result r = GaussianIntegral.of(sup, mean, cov, f, mean.length);
        return new Moment(r.value(), r.error(), "quadrature", null);
    }

    private boolean independent(java.util.Set<Integer> a, java.util.Set<Integer> b) {
        for (int i : a) {
            for (int j : b) {
                if (i == j || cov[i][j] != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private java.util.Set<Integer> support(String v) {
        TreeSet<Integer> out = new TreeSet<>();
        if (gIndex.containsKey(v)) {
            out.add(gIndex.get(v));
            return out;
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        ((Statement.Nonlin) defs.get(v)).expr().collectNames(names);
        for (String n : names) {
            out.addAll(support(n));
        }
        return out;
    }

    private Polynomial polynomial(String v) {
        if (gIndex.containsKey(v)) {
            return Polynomial.variable(gIndex.get(v));
        }
        return polynomial(((Statement.Nonlin) defs.get(v)).expr());
    }

    private Polynomial polynomial(Expr e) {
        if (e instanceof Expr.Ref r) {
            return polynomial(r.name());
        } else if (e instanceof Expr.Apply a) {
            return a.phi().kind() == Activation.Kind.IDENTITY ? polynomial(a.arg()) : null;
        }
        List<Expr> parts = e instanceof Expr.Prod p ? p.factors() : ((Expr.Sum) e).terms();
        Polynomial acc = null;
        for (Expr part : parts) {
            Polynomial q = polynomial(part);
            if (q == null) {
                return null;
            }
            acc = acc == null ? q : (e instanceof Expr.Prod ? acc.times(q) : acc.plus(q));
        }
        return acc;
    }

    private Single single(String v) {
        if (gIndex.containsKey(v)) {
            return new Single(Activation.identity(), gIndex.get(v));
        }
        return single(((Statement.Nonlin) defs.get(v)).expr());
    }

    private Single single(Expr e) {
        if (e instanceof Expr.Ref r) {
            return single(r.name());
        } else if (e instanceof Expr.Apply a) {
            Single inner = single(a.arg());
            if (inner != null && inner.phi.kind() == Activation.Kind.IDENTITY) {
                return new Single(a.phi(), inner.index);
            }
            if (inner != null && a.phi().kind() == Activation.Kind.IDENTITY) {
                return inner;
            }
        }
        return null;
    }
}
