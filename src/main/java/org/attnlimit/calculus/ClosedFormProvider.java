package org.attnlimit.calculus;

import java.util.Optional;

/**
 * A source of symbolic closed forms for {@code E[φ(Z)^k]}, {@code Z ~ N(μ, v)} (the second tier of
 * {@link TieredExpectations}). Implemented outside this package (by the computer-algebra wrapper), so
 * that the calculus itself never depends on a CAS.
 */
public interface ClosedFormProvider {

    /**
     * Derives {@code E[φ(Z)^k]}; never throws for a failed derivation but says why in the outcome.
     */
    Outcome moment(Activation phi, int k, double mean, double var);

    /**
     * The result of one derivation attempt.
     *
     * @param closedForm the closed form, or {@code null}
     * @param attempted whether a derivation was tried (false: the activation is outside the provider's reach)
     * @param reason why there is no closed form, or {@code null}
     */
    record Outcome(ClosedForm closedForm, boolean attempted, String reason) {

        /** @return a successful derivation */
        public static Outcome of(ClosedForm closedForm) {
            return new Outcome(closedForm, true, null);
        }

        /** @return a derivation that was tried and failed (timeout, unevaluated integral …) */
        public static Outcome failed(String reason) {
            return new Outcome(null, true, reason);
        }

        /** @return no derivation tried: the provider does not handle this case */
        public static Outcome notApplicable(String reason) {
            return new Outcome(null, false, reason);
        }

        /** @return the closed form, if derived */
        public Optional<ClosedForm> result() {
            return Optional.ofNullable(closedForm);
        }
    }
}
