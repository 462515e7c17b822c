package org.attnlimit.calculus;

import java.util.Locale;
import java.util.Optional;

/**
 * The three tiers of neural-tangents' {@code stax}, for {@code E[φ(Z)^k]}: a symbolic closed form
 * from a {@link ClosedFormProvider}, checked against the numeric fast path; else the fast path
 * ({@link GaussianExpectations}: cited identity or quadrature); and when a derivation was tried and
 * failed, split quadrature, with the reason in the note.
 */
public final class TieredExpectations {
    /** A derived closed form must reproduce the numeric value to this (absolute), or it is rejected. */
    static final double AGREEMENT = 1e-9;

    private TieredExpectations() {
    }

    /**
     * The answer and, when the symbolic tier answered, its closed form.
     *
     * @param expectation the value, method and error bound
     * @param closedForm the derivation, if any
     */
    public record Answer(Expectation expectation, Optional<ClosedForm> closedForm) {
    }

    /**
     * {@code E[φ(Z)^k]} for {@code Z ~ N(mean, var)}: symbolic first when {@code provider} is not null.
     *
     * @throws IllegalArgumentException for bad arguments (as {@link GaussianExpectations#moment})
     */
    public static Answer moment(ClosedFormProvider provider, Activation phi, int k, double mean, double var) {
        Expectation fast = GaussianExpectations.moment(phi, k, mean, var);
        if (provider == null) {
            return new Answer(fast, Optional.empty());
        }
        ClosedFormProvider.Outcome outcome;
        try {
            outcome = provider.moment(phi, k, mean, var);
        } catch (RuntimeException e) {
            outcome = ClosedFormProvider.Outcome.failed("the computer-algebra system failed: " + e);
        }
        Optional<ClosedForm> derived = outcome.result();
        if (derived.isPresent()) {
            ClosedForm cf = derived.get();
            double gap = Math.abs(cf.value() - fast.value());
            if (gap <= AGREEMENT) {
                // Both sides are closed forms in doubles: the bound is their disagreement, at least the fast path's.
                Expectation e = new Expectation(cf.value(), cf.latex(), Method.SYMBOLIC,
                        Math.max(gap, fast.errorBound()), "derived by computer algebra (pieces integrated against"
                                + " the Gaussian density); agrees with the numeric fast path to "
                                + String.format(Locale.ROOT, "%.1e", gap));
                return new Answer(e, derived);
            }
            outcome = ClosedFormProvider.Outcome.failed("derived closed form " + cf.value()
                    + " disagrees with the numeric value " + fast.value() + "; rejected");
        }
        if (!outcome.attempted()) {
            return new Answer(annotate(fast, outcome.reason()), Optional.empty());
        }
        Expectation quad = var == 0 ? fast : SplitQuadrature.moment(phi, k, mean, var);
        return new Answer(annotate(quad, "symbolic derivation failed (" + outcome.reason() + "); answered by "
                + quad.method().label()), Optional.empty());
    }

    private static Expectation annotate(Expectation e, String why) {
        String note = e.note() == null ? why : why + "; " + e.note();
        return new Expectation(e.value(), e.latex(), e.method(), e.errorBound(), note);
    }
}
