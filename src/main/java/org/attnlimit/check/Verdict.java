package org.attnlimit.check;

import java.util.List;
import java.util.Map;

/**
 * The judgement of one claim: symbolic (claim − derived form simplified by Symja) and numeric (claim
 * against the tool's value at every point of the {@link ParameterSpace}).
 *
 * @param claim the claim as written
 * @param claimLatex the claim in LaTeX
 * @param quantity what it is about, plain text
 * @param quantityLatex what it is about, LaTeX
 * @param status the verdict
 * @param symbolic the symbolic outcome
 * @param derived the tool's closed form at the fixed parameters (plain text with Φ, φ), or {@code null}
 * @param difference claim − derived as Symja simplified it, when not 0, or {@code null}
 * @param symbolicNote why there is no symbolic verdict, or {@code null}
 * @param ranges the varied parameters, name → {lo, hi}
 * @param fixed the fixed parameters, name → value
 * @param points how many points were judged
 * @param gridPoints how many of them on the grid
 * @param failures at how many the claim fails
 * @param worst the point with the largest deviation relative to its allowance
 * @param counterexample a failing point (the worst failing grid point, else the worst failing point), or {@code null}
 * @param region where in the range the claim fails (e.g. "fails for rho &lt; 0 only"), or {@code null}
 * @param search how the points beyond the grid and the random ones were found (the search of the corners), or
 *     {@code null} when there was none
 * @param rounding for a claim that holds only to the digits written, e.g. "to the 1 digit written, ±0.05; value
 *     0.516059", else {@code null}
 */
public record Verdict(String claim, String claimLatex, String quantity, String quantityLatex, Status status,
        Symbolic symbolic, String derived, String difference, String symbolicNote, Map<String, double[]> ranges,
        Map<String, Double> fixed, int points, int gridPoints, int failures, PointResult worst,
        PointResult counterexample, String region, String search, String rounding) {

    /**
     * @return the verdict in words: a claim not shown to be identical to the derived form "holds at the N points
     *     tried" (not "holds"), and one that holds only to the digits written says so
     */
    public String statusText() {
        return switch (status) {
            case HOLDS_IDENTICALLY -> status.label();
            case REFUTED -> status.label();
            case HOLDS -> points == 1 ? "holds" + (rounding == null ? "" : " " + rounding)
                    : "holds at the " + points + " points tried" + (rounding == null ? "" : ", " + rounding);
        };
    }

    /** The verdict. */
    public enum Status {
        /** symbolically identical to the derived form, and within the allowance at every point */
        HOLDS_IDENTICALLY("holds identically"),
        /** within the allowance at every point (no symbolic proof) */
        HOLDS("holds numerically"),
        /** outside the allowance somewhere */
        REFUTED("refuted");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        /** @return the verdict in words */
        public String label() {
            return label;
        }
    }

    /** The symbolic outcome. */
    public enum Symbolic {
        /** claim − derived simplifies to 0 */
        IDENTICAL,
        /** it simplifies to something else */
        DIFFERENT,
        /** Symja gave up, ran out of time, or the claim holds rounded numbers */
        UNDECIDED,
        /** the tool has no closed form for this quantity */
        NONE
    }

    /**
     * The judgement at one point.
     *
     * @param at the parameter values shown (varied ones, and those the claim uses)
     * @param claimed the claim's value
     * @param truth the tool's value
     * @param truthBound the tool's error bound
     * @param allowed the allowance: tool's bound + the claim's rounding + its evaluation error
     * @param deviation |claimed − truth|
     * @param holds whether deviation ≤ allowed
     */
    public record PointResult(Map<String, Double> at, double claimed, double truth, double truthBound, double allowed,
            double deviation, boolean holds) {

        /** @return deviation / allowed (∞ if the claim is undefined there) */
        public double ratio() {
            return Double.isFinite(deviation) ? deviation / Math.max(allowed, Double.MIN_NORMAL) : Double.POSITIVE_INFINITY;
        }
    }

    /** @return the names of the varied parameters, in order */
    public List<String> variedNames() {
        return List.copyOf(ranges.keySet());
    }
}
