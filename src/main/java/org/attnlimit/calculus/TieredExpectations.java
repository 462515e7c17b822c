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
        double far = farthestBreakpoint(phi, mean, var);
        if (far > FAR_TAIL) {
            // φ(z) underflows beyond ~38 sd, so the derived form cannot be checked against the fast path
            // there, and Symja's arbitrary-precision tails run into its time limit (clip:c=1e6: 30 s).
            return new Answer(annotate(fast, String.format(Locale.ROOT, "computer algebra skipped: a breakpoint lies"
                    + " %.3g standard deviations from the mean, where the fast path is exact", far)), Optional.empty());
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
            // Relative agreement (or within the fast path's own bound): an absolute 1e-9 would accept
            // anything for tiny values (clip:c=1e-300 gave −8e-301 for a positive moment).
            if (gap <= AGREEMENT * Math.max(Math.abs(fast.value()), Math.abs(cf.value()))
                    || gap <= 4 * fast.errorBound()) {
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

    /** Standardised distance beyond which the symbolic tier is not asked (φ(38) ≈ 1e-314 underflows). */
    static final double FAR_TAIL = 38;

    /** @return {@code max |b − μ|/σ} over φ's breakpoints b (0 if none, or σ = 0) */
    private static double farthestBreakpoint(Activation phi, double mean, double var) {
        double sd = Math.sqrt(var);
        double far = 0;
        for (double b : phi.breakpoints()) {
            far = Math.max(far, Math.abs(b - mean) / sd);
        }
        return sd > 0 ? far : 0;
    }

    private static Expectation annotate(Expectation e, String why) {
        String note = e.note() == null ? why : why + "; " + e.note();
        return new Expectation(e.value(), e.latex(), e.method(), e.errorBound(), note);
    }
}
