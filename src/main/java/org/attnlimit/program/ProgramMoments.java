package org.attnlimit.program;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.ClosedForm;
import org.attnlimit.calculus.ClosedFormProvider;
import org.attnlimit.calculus.Expectation;
import org.attnlimit.calculus.GaussianExpectations;
import org.attnlimit.calculus.TieredExpectations;

/**
 * The expectations {@code E[Z^a]} and {@code E[Z^a Z^b]} of a program's limit variables (Definition 3.1 (A)),
 * given the joint Gaussian law of the G-vars (initial vectors and MatMul outputs). The first tier that
 * applies answers: G-vars directly; polynomials (sums, products) exactly by {@link Polynomial}
 * (Isserlis); one catalogue activation of one G-var by {@link GaussianExpectations} (or, with a
 * {@link ClosedFormProvider}, {@link TieredExpectations}, which adds the closed form); anything else by
 * {@link GaussianIntegral}. Results are cached; the law arrays are shared with {@link ProgramLimit},
 * which fills them in program order (a moment only reads G-vars defined before it).
 */
final class ProgramMoments {
    /** One expectation and how it was obtained. */
    record Moment(double value, double error, String method, String closedForm) {
    }

    private final ClosedFormProvider provider;
    private final Map<String, Integer> gIndex;
    private final double[] mean;
    private final double[][] cov;
    private final double[][] gError;
    private final Map<String, Statement> defs;
    private final Map<String, ToDoubleFunction<double[]>> functions = new HashMap<>();
    private final Map<String, Moment> moments = new HashMap<>();

    ProgramMoments(ClosedFormProvider provider, Map<String, Integer> gIndex, double[] mean, double[][] cov,
            double[][] gError, Map<String, Statement> defs) {
        this.provider = provider;
        this.gIndex = gIndex;
        this.mean = mean;
        this.cov = cov;
        this.gError = gError;
        this.defs = defs;
    }

    /** Registers the function of G-vars that a vector is. */
    void defineGVar(String name, int index) {
        functions.put(name, g -> g[index]);
    }

    /** Registers a Nonlin output. */
    void defineNonlin(String name, Expr expr) {
        functions.put(name, compile(expr));
    }

    /** @return {@code E[Z^v]} (cached; synchronized, so a shared {@link ProgramLimit} is thread-safe) */
    synchronized Moment meanMoment(String v) {
        String key = "mean\u0000" + v;
        Moment m = moments.get(key);
        if (m == null) {
            m = computeMean(v);
            moments.put(key, m);
        }
        return m;
    }

    /** @return {@code E[Z^a Z^b]} (cached, synchronized) */
    synchronized Moment secondMomentInternal(String a, String b) {
        String key = a.compareTo(b) <= 0 ? a + "\u0000" + b : b + "\u0000" + a;
        Moment m = moments.get(key);
        if (m == null) {
            m = computeSecond(a, b);
            moments.put(key, m);
        }
        return m;
    }

    /** The Nonlin as a function of the G-vector, through {@link NonlinFunction} (one semantics for all engines). */
    private ToDoubleFunction<double[]> compile(Expr e) {
        NonlinFunction f = NonlinFunction.of(e);
        List<ToDoubleFunction<double[]>> args = f.vectors().stream().map(functions::get).toList();
        int k = args.size();
        double[] none = new double[0];
        return g -> {
            double[] x = new double[k];
            for (int i = 0; i < k; i++) {
                x[i] = args.get(i).applyAsDouble(g);
            }
            return f.applyAt(x, none);
        };
    }

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
            Moment m = a.phi.equals(b.phi) ? tiered(a.phi, 2, mean[a.index], va) : null;
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
        Moment m = tiered(s.phi, 1, mean[s.index], cov[s.index][s.index]);
        if (m != null) {
            return m;
        }
        GaussianIntegral.Result r = GaussianIntegral.oneDimensional(s.phi::apply, mean[s.index],
                Math.sqrt(cov[s.index][s.index]), s.phi.breakpoints());
        return new Moment(r.value(), r.error(), "quadrature", null);
    }

    /** {@code E[φ(Z)^k]}: symbolic first when a provider was given (with its closed form), else the calculus. */
    private Moment tiered(Activation phi, int k, double m, double v) {
        if (provider == null || v == 0 || !phi.kind().piecewisePolynomial()) {
            return calculus(() -> GaussianExpectations.moment(phi, k, m, v));
        }
        TieredExpectations.Answer a = TieredExpectations.moment(provider, phi, k, m, v);
        Expectation e = a.expectation();
        String latex = a.closedForm().map(ClosedForm::latex).orElse(e.latex());
        if (latex != null && a.closedForm().isPresent() && phi.kind().parameterName() != null) {
            // The derivation keeps the activation's parameter symbolic: say its value.
            latex = latex + "\\quad(" + phi.kind().parameterName() + " = " + Activation.formatNumber(phi.parameter()) + ")";
        }
        return new Moment(e.value(), e.errorBound(), "calculus:" + e.method().label(), latex);
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
        } else if (e instanceof Expr.Const c) {
            return Polynomial.constant(c.value());
        } else if (e instanceof Expr.Apply a) {
            return a.phi().kind() == Activation.Kind.IDENTITY ? polynomial(a.arg()) : null;
        } else if (!(e instanceof Expr.Prod || e instanceof Expr.Sum)) {
            return null;
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
