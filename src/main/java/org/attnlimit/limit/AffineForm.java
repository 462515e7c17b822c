package org.attnlimit.limit;

import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.numerics.Softmax;
import org.attnlimit.program.Expr;
import org.attnlimit.program.NonlinFunction;

/**
 * The affine form of an expression {@code f(x; p) = a(p) + Σ_j b_j(p) x_j} that is affine in the G-vars
 * {@code x} for fixed scores {@code p} (a conditionally Gaussian part, or a Gaussian feature;
 * {@link org.attnlimit.program.ExprRewrite#affine}): given {@code p̊ = p},
 * {@code f(Z^g; p) ~ N(m, bᵀΣb)} with {@code m = a + Σ_j b_j μ_j} (Theorem 3.1, Definition 3.1 (A)).
 *
 * <p>Read symbolically from the {@link Expr}: a G-var contributes its coefficient, sums add, a product
 * multiplies its one G-dependent factor by the others (fixed given the scores), {@code attend(a; u)} weights
 * its values by {@code softmax(a)} (logits fixed given the scores, computed by the same {@link Softmax} as
 * the compiled function); sub-expressions of the scores alone are evaluated by {@link NonlinFunction}.
 * The one place the coefficients are read. Immutable.
 */
final class AffineForm {
    private static final double[] NO_VECTORS = new double[0];

    private final Node root;
    private final int size;

    private AffineForm(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    /**
     * @param f a function affine in its G-vars ({@link NonlinFunction#vectors()}) for fixed scores
     * @return its affine form, over {@code f}'s G-vars and scores in {@code f}'s order
     */
    static AffineForm of(NonlinFunction f) {
        return new AffineForm(compile(f.expr(), f.vectors(), f.scores()), f.vectors().size());
    }

    /**
     * @param scores the values of the function's scores ({@link NonlinFunction#scores()} order)
     * @param pos the position of each of the function's G-vars among the part's G-vars
     * @param mu the part's G-var means {@code μ}
     * @param b receives {@code b_j} at {@code b[pos[j]]} (other entries are left alone)
     * @return the conditional mean {@code m = a + Σ_j b_j μ_{pos[j]}}
     */
    double conditionalMean(double[] scores, int[] pos, double[] mu, double[] b) {
        double[] local = new double[size];
        double m = root.eval(scores, 1, local);
        for (int j = 0; j < size; j++) {
            b[pos[j]] = local[j];
            m += local[j] * mu[pos[j]];
        }
        return m;
    }

    /** @return the values of a function's scores picked from a part's score values {@code p} ({@code at[j]} = position) */
    static double[] pick(double[] p, int[] at) {
        double[] q = new double[at.length];
        for (int j = 0; j < q.length; j++) {
            q[j] = p[at[j]];
        }
        return q;
    }

    /** @return the identity positions {@code 0..n-1} */
    static int[] identity(int n) {
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) {
            pos[i] = i;
        }
        return pos;
    }

    // ------------------------------------------------------------------ compiled nodes

    /** A node: {@link #eval} returns its constant term {@code a(p)} and adds {@code scale·b(p)} into {@code b}. */
    private interface Node {
        double eval(double[] s, double scale, double[] b);
    }

    private static Node compile(Expr e, List<String> vectors, List<String> scores) {
        if (e.vectors().isEmpty()) {
            // fixed given the scores: evaluated as the compiled function does
            NonlinFunction fn = NonlinFunction.of(e);
            int[] at = fn.scores().stream().mapToInt(scores::indexOf).toArray();
            return (s, scale, b) -> fn.applyAt(NO_VECTORS, pick(s, at));
        }
        if (e instanceof Expr.Ref r) {
            int i = vectors.indexOf(r.name());
            return (s, scale, b) -> {
                b[i] += scale;
                return 0;
            };
        } else if (e instanceof Expr.Apply a && a.phi().kind() == Activation.Kind.IDENTITY) {
            return compile(a.arg(), vectors, scores);
        } else if (e instanceof Expr.Sum sum) {
            Node[] terms = sum.terms().stream().map(t -> compile(t, vectors, scores)).toArray(Node[]::new);
            return (s, scale, b) -> {
                double a = 0;
                for (Node t : terms) {
                    a += t.eval(s, scale, b);
                }
                return a;
            };
        } else if (e instanceof Expr.Prod p) {
            List<Expr> fixed = p.factors().stream().filter(x -> x.vectors().isEmpty()).toList();
            List<Expr> random = p.factors().stream().filter(x -> !x.vectors().isEmpty()).toList();
            if (random.size() != 1) {
                throw notAffine(e);
            }
            Node[] factors = fixed.stream().map(x -> compile(x, vectors, scores)).toArray(Node[]::new);
            Node g = compile(random.get(0), vectors, scores);
            return (s, scale, b) -> {
                double c = 1;
                for (Node f : factors) {
                    c *= f.eval(s, 1, b);
                }
                return c * g.eval(s, scale * c, b);
            };
        } else if (e instanceof Expr.Attend at && at.logits().stream().allMatch(x -> x.vectors().isEmpty())) {
            Node[] logits = at.logits().stream().map(x -> compile(x, vectors, scores)).toArray(Node[]::new);
            Node[] values = at.values().stream().map(x -> compile(x, vectors, scores)).toArray(Node[]::new);
            return (s, scale, b) -> {
                double[] w = new double[logits.length];
                for (int j = 0; j < w.length; j++) {
                    w[j] = logits[j].eval(s, 1, b);
                }
                Softmax.apply(w, w);
                double a = 0;
                for (int j = 0; j < w.length; j++) {
                    a += w[j] * values[j].eval(s, scale * w[j], b);
                }
                return a;
            };
        }
        throw notAffine(e);
    }

    private static IllegalStateException notAffine(Expr e) {
        return new IllegalStateException("not affine in the G-vars given the scores: " + e);
    }
}
