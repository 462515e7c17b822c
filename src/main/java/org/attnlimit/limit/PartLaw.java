package org.attnlimit.limit;

import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.attnlimit.program.Example31Recogniser;
import org.attnlimit.program.Expr;
import org.attnlimit.program.ExprRewrite;
import org.attnlimit.program.NonlinFunction;

/**
 * The law of one independent part {@code X} of an output (a group of dependent additive terms, see
 * {@link IndependentParts}): its raw moments {@code E[X^k]}, k ≤ 4, with an error estimate, and what the
 * output's distribution function needs from it. Three kinds:
 * <ul>
 *   <li>{@link GaussianPart}: affine in the G-vars given the scores, so {@code X | p̊ ~ N(m(p̊), v(p̊))}
 *       (Theorem 3.1 with Definition 3.1); {@code m, v} integrated over the scores by {@link ScoreNodes};</li>
 *   <li>{@link HeadPart}: one head of Example 3.1, {@code c·attend(κp; U)} with centred values and
 *       {@code Cov(p̊) ∝ Cov(U)} (recognised by {@link Example31Recogniser#head}), by {@link HeadQuadrature};</li>
 *   <li>{@link NestedPart}: not Gaussian given the scores; its Gaussian features integrated inside the
 *       score quadrature (nested quadrature).</li>
 * </ul>
 * Built by {@link #of}, computed once by {@link #compute()} (identical parts — the same expression up to
 * renaming with the same covariances — are computed once and counted in {@link #copies}).
 */
abstract sealed class PartLaw permits GaussianPart, HeadPart, NestedPart {
    final Expr expr;
    final NonlinFunction f;
    /** The part's G-vars and scores, in the order of {@link NonlinFunction#vectors()}, {@link NonlinFunction#scores()}. */
    final List<String> gv;
    final List<String> sc;
    /** {@code μ}, {@code Σ} of the part's G-vars and {@code C} of its scores (Definition 3.1). */
    final double[] mu;
    final double[][] sigma;
    final double[][] c;
    /** The expression up to renaming and its covariances: equal keys, equal laws. */
    final String key;
    /** How many identical independent copies of this part the output has. */
    int copies = 1;
    /** {@code E[X^k]}, k = 0..4. */
    double[] raw = new double[5];
    /** Estimated error of {@link #raw}, relative to {@code E[X²]^{k/2}}. */
    double error;
    /** Whether an adaptive budget ran out before the target. */
    boolean belowTarget;
    /** How the moments were computed. */
    String method;

    PartLaw(Expr expr, LimitCovariances cov) {
        this.expr = expr;
        this.f = NonlinFunction.of(expr);
        this.gv = f.vectors();
        this.sc = f.scores();
        this.mu = cov.mean(gv);
        this.sigma = cov.covariance(gv);
        this.c = cov.scoreCovariance(sc);
        this.key = ExprRewrite.canonical(expr, new HashMap<>()) + java.util.Arrays.toString(mu)
                + java.util.Arrays.deepToString(sigma) + java.util.Arrays.deepToString(c);
    }

    /**
     * @param expr the part (inlined down to G-vars and scores)
     * @param cov the Definition 3.1 covariances
     * @param fastHeads whether a head of Example 3.1 goes to {@link HeadQuadrature}
     * @return the part's law, not yet computed
     */
    static PartLaw of(Expr expr, LimitCovariances cov, boolean fastHeads) {
        if (!ExprRewrite.affine(expr)) {
            return new NestedPart(expr, cov);
        }
        if (fastHeads) {
            Optional<HeadPart> head = HeadPart.recognise(expr, cov);
            if (head.isPresent()) {
                return head.get();
            }
        }
        return new GaussianPart(expr, cov);
    }

    /** The dimension of the score integral after reductions, set when the moments are computed. */
    int scoreDimension;

    /** @return the dimension of the score integral after the softmax shift reduction (0 if no scores) */
    int scoreDimensions() {
        return scoreDimension;
    }

    /** @return the Gaussian features integrated inside the score integral (0 for a conditionally Gaussian part) */
    int gaussianFeatures() {
        return 0;
    }

    /** @return the outer quadrature nodes or quasi-Monte Carlo points the moments used (0 if none) */
    abstract long nodes();

    /** Computes the moments (once). */
    abstract void compute();

    /** @return whether the part is Gaussian given the scores */
    abstract boolean conditionallyGaussian();

    /** @return the largest conditional variance over the score nodes (conditionally Gaussian parts) */
    double maxVariance() {
        throw new UnsupportedOperationException("not conditionally Gaussian");
    }

    /** @return the part as a Gaussian mixture for the inversion (conditionally Gaussian parts) */
    MixtureInversion.Component component(boolean coarse) {
        throw new UnsupportedOperationException("not conditionally Gaussian");
    }

    /** @return the score description of a part, e.g. {@code "2 scores, 1 dimension after softmax shift invariance; "} */
    static String reduction(List<String> sc, ScoreNodes sn, List<int[]> groups) {
        return sc.isEmpty() ? "" : sc.size() + (sc.size() == 1 ? " score, " : " scores, ")
                + sn.dimension() + (sn.dimension() == 1 ? " dimension" : " dimensions")
                + (groups.isEmpty() ? "; " : " after softmax shift invariance; ");
    }

    /** The error measure for raw moments {@code E[y^k]}, k = 1..4, relative to {@code E[y²]^{k/2}}. */
    static double momentError(double[] fine, double[] coarse) {
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
}
