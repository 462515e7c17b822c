package org.attnlimit.check;

import java.util.Locale;

/**
 * A parameter a claim may depend on: its name, its domain, its default value (used when the claim
 * does not mention it) and its default range (used when it does).
 *
 * @param name the symbol, e.g. {@code rho}
 * @param domain where it may lie
 * @param value the default value
 * @param lo the lower end of the default range
 * @param hi the upper end of the default range
 * @param meaning what it is, for messages and help
 */
public record Parameter(String name, Domain domain, double value, double lo, double hi, String meaning) {

    /** Where a parameter may lie. */
    public enum Domain {
        /** any real number */
        REAL,
        /** x &gt; 0 */
        POSITIVE,
        /** x ≥ 0 */
        NONNEGATIVE,
        /** −1 ≤ x ≤ 1 */
        CORRELATION;

        /** @return whether x lies in the domain (NaN never does) */
        public boolean contains(double x) {
            return switch (this) {
                case REAL -> Double.isFinite(x);
                case POSITIVE -> x > 0 && x < Double.POSITIVE_INFINITY;
                case NONNEGATIVE -> x >= 0 && x < Double.POSITIVE_INFINITY;
                case CORRELATION -> x >= -1 && x <= 1;
            };
        }

        /** @return the domain as a condition on {@code name} */
        public String describe(String name) {
            return switch (this) {
                case REAL -> name + " finite";
                case POSITIVE -> name + " > 0";
                case NONNEGATIVE -> name + " >= 0";
                case CORRELATION -> "-1 <= " + name + " <= 1";
            };
        }
    }

    /** @return the default range as {@code name in [lo, hi]} */
    public String describeRange() {
        return String.format(Locale.ROOT, "%s in [%s, %s]", name, Ranges.format(lo), Ranges.format(hi));
    }

    // The parameters of the catalogue, with their default ranges: the edges the issue names are the ends
    // (ρ → ±1, c → 0 and large c, v → 0).

    /** μ, the mean of Z. */
    static Parameter mu() {
        return new Parameter("mu", Domain.REAL, 0, -3, 3, "mean of Z");
    }

    /** v, the variance of Z; the range starts at 1e-4 (v → 0). */
    static Parameter v() {
        return new Parameter("v", Domain.POSITIVE, 1, 1e-4, 4, "variance of Z");
    }

    /** The clip level c; the range runs from 0.01 (c → 0) to 20 (clip is the identity on N(0, 1) to 1e-88). */
    static Parameter clip(String name) {
        return new Parameter(name, Domain.POSITIVE, 1, 0.01, 20, "clip level");
    }

    /** The leaky-ReLU slope. */
    static Parameter slope(String name) {
        return new Parameter(name, Domain.REAL, 0.01, -1, 1, "leaky-ReLU slope");
    }

    /** A variance of the pair (U, V). */
    static Parameter pairVariance(String name) {
        return new Parameter(name, Domain.POSITIVE, 1, 1e-3, 4, "variance of " + (name.equals("v1") ? "U" : "V"));
    }

    /** ρ, the correlation of (U, V), over all of [−1, 1]. */
    static Parameter rho() {
        return new Parameter("rho", Domain.CORRELATION, 0, -1, 1, "correlation of U and V");
    }

    /** c12, the covariance of (U, V) (derived from ρ unless given a range). */
    static Parameter c12() {
        return new Parameter("c12", Domain.REAL, 0, -4, 4, "covariance of U and V, |c12| <= sqrt(v1 v2)");
    }
}
