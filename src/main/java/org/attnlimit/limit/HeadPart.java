package org.attnlimit.limit;

import java.util.Optional;
import org.attnlimit.calculus.Activation;
import org.attnlimit.program.Example31Recogniser;
import org.attnlimit.program.Expr;

/**
 * One head of Example 3.1, {@code c·attend(κp; U)} with centred G-var values and {@code Cov(p̊) = α Cov(U)}
 * (recognised by {@link Example31Recogniser#head}): given the scores {@code X ~ N(0, c² sᵀ Cov(U) s)},
 * {@code s = softmax(κp̊)}, the per-head law of {@link HeadQuadrature} (with the exchangeable-token
 * reduction), the same numbers as {@code attnlimit limit}.
 */
final class HeadPart extends PartLaw {
    private final Example31Recogniser.Head shape;
    HeadQuadrature.Result head;
    /** {@code c²}. */
    double headScale;

    private HeadPart(Expr expr, LimitCovariances cov, Example31Recogniser.Head shape) {
        super(expr, cov);
        this.shape = shape;
    }

    /** @return the head part of {@code expr}, or empty when it is not one head of Example 3.1 */
    static Optional<HeadPart> recognise(Expr expr, LimitCovariances cov) {
        Optional<Example31Recogniser.Head> h = Example31Recogniser.head(expr,
                v -> cov.gMean()[cov.gIndex().get(v)], cov::covariance, cov::scoreCovariance);
        if (h.isEmpty()) {
            return Optional.empty();
        }
        double[][] su = h.get().valueCovariance();
        try {
            new AttentionSetup(Activation.identity(), su.length, 1, 1, 1, 1, 1, su);   // PSD and range checks
        } catch (IllegalArgumentException ex) {
            return Optional.empty();
        }
        return Optional.of(new HeadPart(expr, cov, h.get()));
    }

    @Override
    boolean conditionallyGaussian() {
        return true;
    }

    @Override
    void compute() {
        double[][] su = shape.valueCovariance();
        double kappa = shape.logitScale();
        head = HeadQuadrature.of(su, shape.alpha() * kappa * kappa / su[0][0]);
        headScale = shape.scale() * shape.scale();
        raw = new double[] {1, 0, headScale * head.m1(), 0, 3 * headScale * headScale * head.m2()};
        error = head.relativeError();
        method = "one head of Example 3.1 (v = s^T K s, " + su.length + " tokens): " + head.method();
    }

    @Override
    double maxVariance() {
        return headScale * head.fine().max();
    }

    @Override
    MixtureInversion.Component component(boolean coarse) {
        HeadLaw law = coarse ? head.coarse() : head.fine();
        double[] v = law.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] *= headScale;
        }
        return new MixtureInversion.Component(law.weights(), new double[v.length], v, copies);
    }

    @Override
    int scoreDimensions() {
        return Math.max(0, sc.size() - 1);   // the softmax is shift invariant: s scores, s − 1 dimensions
    }

    @Override
    long nodes() {
        return head == null ? 0 : head.fine().weights().length;
    }
}
