package org.attnlimit.limit;

import static org.attnlimit.limit.Matrices.quad;

import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.GaussianExpectations;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.calculus.Normal;
import org.attnlimit.program.Expr;
import org.attnlimit.program.ExprRewrite;
import org.attnlimit.program.GaussianIntegral;
import org.attnlimit.program.NonlinFunction;

/**
 * A part that is not Gaussian given the scores: {@code X = F(L_1..L_q; p̊)} with Gaussian features
 * {@code L_i} (maximal sub-expressions affine in the G-vars, {@link ExprRewrite#extractFeatures}), jointly
 * Gaussian given {@code p̊} (Theorem 3.1, Definition 3.1 (A)). Nested quadrature: the inner expectation
 * over the features at each score node — by the calculus ({@link GaussianExpectations}, closed forms for
 * piecewise-polynomial φ) for {@code φ(L)}, by composite Gauss–Legendre ({@link GaussianIntegral}) for
 * another function of one feature, by {@link FeatureIntegral} for two or three — the outer by
 * {@link ScoreNodes}. A monotone {@code φ(L)} also has its distribution function and atoms.
 */
final class NestedPart extends PartLaw {
    /** The inner (Gaussian-feature) integral's target per score node: well inside {@link ProgramLaw#TARGET}. */
    private static final double INNER_TARGET = 1e-9;
    /** The most evaluations of the outer function one inner integral may spend. */
    private static final long INNER_BUDGET = 2_000_000;
    /** The most Gaussian features supported inside the score quadrature. */
    private static final int MAX_FEATURES = 3;

    final List<NonlinFunction> features = new ArrayList<>();
    private final List<AffineForm> featureForms = new ArrayList<>();
    private final List<int[]> featurePos = new ArrayList<>();
    private final NonlinFunction outerFn;
    /** φ when the part is {@code φ(L)} with one feature and φ nondecreasing, else null. */
    final Activation monotone;
    /**
     * The score nodes with {@code out[0..3] = E[X^k | p]}, {@code out[4], out[5]} the first feature's
     * conditional mean and variance, {@code out[6]} the inner error, {@code out[7]} 1 if its budget ran out.
     */
    ScoreNodes.Result nodes;

    NestedPart(Expr expr, LimitCovariances cov) {
        super(expr, cov);
        List<Expr> found = new ArrayList<>();
        Expr outer = ExprRewrite.extractFeatures(expr, found);
        outerFn = NonlinFunction.of(outer);
        for (Expr e : found) {
            NonlinFunction fe = NonlinFunction.of(e);
            features.add(fe);
            featureForms.add(AffineForm.of(fe));
            featurePos.add(fe.vectors().stream().mapToInt(gv::indexOf).toArray());
        }
        monotone = outer instanceof Expr.Apply a && a.arg() instanceof Expr.Ref && found.size() == 1
                && MonotoneActivation.isMonotone(a.phi()) ? a.phi() : null;
    }

    @Override
    boolean conditionallyGaussian() {
        return false;
    }

    @Override
    void compute() {
        List<int[]> groups = ShiftInvariance.groups(expr, sc);
        ScoreNodes sn = new ScoreNodes(c, groups);
        int q = features.size();
        if (q > MAX_FEATURES) {
            throw new InvalidInputException("the law of this output needs a " + q + "-dimensional Gaussian"
                    + " integral inside the score quadrature; at most " + MAX_FEATURES + " Gaussian features are supported");
        }
        String inner = q == 1 ? (monotone != null || isSingleActivation() ? "calculus (closed forms / split quadrature)"
                : "composite Gauss-Legendre") : "Gauss-Legendre " + q + "-D split at the kinks, panels doubled to agreement";
        nodes = sn.integrate(this::node, 8, PartLaw::momentError, q == 1 ? 60_000 : 4_000);
        double inner4 = 0;
        for (int k = 0; k < nodes.weights().length; k++) {
            inner4 = Math.max(inner4, nodes.values()[k][6]);
            belowTarget |= nodes.values()[k][7] != 0;
        }
        scoreDimension = sc.isEmpty() ? 0 : sn.dimension();
        method = reduction(sc, sn, groups) + "nested quadrature: outer " + nodes.method() + "; inner " + inner;
        error = Math.max(nodes.error(), inner4);
        double[] s = nodes.sums();
        raw = new double[] {1, s[0], s[1], s[2], s[3]};
    }

    private boolean isSingleActivation() {
        return outerFn.expr() instanceof Expr.Apply a && a.arg() instanceof Expr.Ref;
    }

    /** The kinks of the outer function in the (single) feature: those of every φ applied to it directly. */
    double[] featureBreakpoints() {
        List<Double> out = new ArrayList<>();
        collectBreakpoints(outerFn.expr(), null, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The kinks of the outer function in each feature: those of every φ applied to it directly. */
    private double[][] breakpointsPerFeature() {
        double[][] out = new double[features.size()][];
        for (int i = 0; i < out.length; i++) {
            List<Double> b = new ArrayList<>();
            collectBreakpoints(outerFn.expr(), ExprRewrite.featureName(i), b);
            out[i] = b.stream().mapToDouble(Double::doubleValue).distinct().toArray();
        }
        return out;
    }

    /** The breakpoints of every φ applied directly to a feature ({@code feature} null: to any). */
    private static void collectBreakpoints(Expr e, String feature, List<Double> out) {
        if (e instanceof Expr.Apply a && a.arg() instanceof Expr.Ref r && (feature == null || r.name().equals(feature))) {
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

    /** The node integrand (see {@link #nodes}) at scores {@code p}. */
    private void node(double[] p, double[] out) {
        int q = features.size();
        double[] mL = new double[q];
        double[][] b = new double[q][gv.size()];
        for (int i = 0; i < q; i++) {
            NonlinFunction fe = features.get(i);
            double[] pe = new double[fe.scores().size()];
            for (int j = 0; j < pe.length; j++) {
                pe[j] = p[sc.indexOf(fe.scores().get(j))];
            }
            mL[i] = featureForms.get(i).conditionalMean(pe, featurePos.get(i), mu, b[i]);
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
        double lstar = MonotoneActivation.inverse(phi, y);
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
        for (int pass = 0; pass < 2; pass++) {
            double[] ww = pass == 0 ? nodes.weights() : nodes.coarseWeights();
            double[][] vals = pass == 0 ? nodes.values() : nodes.coarseValues();
            double sum = 0;
            for (int k = 0; k < ww.length; k++) {
                double m = vals[k][4];
                double sd = Math.sqrt(vals[k][5]);
                sum += ww[k] * (cumulative ? Normal.cdf(lstar, m, sd)
                        : Normal.pdf(lstar, m, sd) / MonotoneActivation.slope(phi, lstar));
            }
            if (pass == 0) {
                fine = sum;
            } else {
                coarse = sum;
            }
        }
        return new Estimate(fine, Math.abs(fine - coarse) + 1e-15);
    }

    @Override
    long nodes() {
        return nodes == null ? 0 : nodes.weights().length;
    }

    @Override
    int gaussianFeatures() {
        return features.size();
    }
}
