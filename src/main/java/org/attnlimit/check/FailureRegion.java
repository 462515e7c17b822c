package org.attnlimit.check;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Where in the range a refuted claim fails, in words: a threshold on one parameter that separates the
 * failing points from the holding ones ("fails for rho &lt; 0 only", "fails for c &gt; 0.3 only"), the
 * whole range ("fails everywhere in the range"), or a count.
 */
final class FailureRegion {
    private FailureRegion() {
    }

    static String describe(List<Verdict.PointResult> results, List<String> names) {
        long failures = results.stream().filter(r -> !r.holds()).count();
        if (failures == 0) {
            return null;
        }
        if (failures == results.size()) {
            return results.size() == 1 ? null : "fails everywhere in the range";
        }
        for (String n : names) {
            double maxF = Double.NEGATIVE_INFINITY;
            double minF = Double.POSITIVE_INFINITY;
            double maxH = Double.NEGATIVE_INFINITY;
            double minH = Double.POSITIVE_INFINITY;
            for (Verdict.PointResult r : results) {
                double x = r.at().get(n);
                if (r.holds()) {
                    maxH = Math.max(maxH, x);
                    minH = Math.min(minH, x);
                } else {
                    maxF = Math.max(maxF, x);
                    minF = Math.min(minF, x);
                }
            }
            if (maxF < minH) {
                // every failure below every success: a t in (maxF, minH] gives "fails for n < t"
                return "fails for " + n + " < " + Ranges.format(simplest(maxF, minH, false)) + " only";
            }
            if (minF > maxH) {
                return "fails for " + n + " > " + Ranges.format(simplest(maxH, minF, true)) + " only";
            }
        }
        for (String n : names) {
            double only = Double.NaN;
            boolean single = true;
            for (Verdict.PointResult r : results) {
                if (r.holds()) {
                    double x = r.at().get(n);
                    single &= Double.isNaN(only) || x == only;
                    only = x;
                }
            }
            if (single) {
                return "fails at " + failures + " of " + results.size() + " points; holds only at " + n + " = " + Ranges.format(only);
            }
        }
        return "fails at " + failures + " of " + results.size() + " points";
    }

    /**
     * The number with the fewest significant digits in (a, b] (or [a, b) when {@code closedLow}): 0 if it
     * lies there, else the shortest decimal.
     */
    static double simplest(double a, double b, boolean closedLow) {
        if (inside(0, a, b, closedLow)) {
            return 0;
        }
        double scale = Math.max(Math.abs(a), Math.abs(b));
        int top = (int) Math.floor(Math.log10(scale));
        for (int digits = 1; digits <= 15; digits++) {
            BigDecimal step = BigDecimal.ONE.scaleByPowerOfTen(top - digits + 1);
            BigDecimal lo = new BigDecimal(a).divide(step, 0, closedLow ? RoundingMode.CEILING : RoundingMode.FLOOR)
                    .multiply(step);
            for (int k = 0; k <= 2; k++) {
                double c = lo.add(step.multiply(BigDecimal.valueOf(k))).doubleValue();
                if (inside(c, a, b, closedLow)) {
                    return c;
                }
            }
        }
        return closedLow ? a : b;
    }

    private static boolean inside(double x, double a, double b, boolean closedLow) {
        return closedLow ? x >= a && x < b : x > a && x <= b;
    }
}
