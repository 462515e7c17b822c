package org.attnlimit.experiment;

import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.limit.AttentionSetup;

/**
 * The moments of the limit law of one output coordinate of multi-head attention (Example 3.1, Remarks 3.1–3.2)
 * over a grid of token counts s and head counts H, plus the infinite-head Gaussian {@code N(0, E[V])} (Remark 3.2)
 * per s: the numbers of {@code tables}' limit-moment table, computed here and rendered by {@code report}.
 */
public final class LimitMoments {
    private LimitMoments() {
    }

    /**
     * One row. Errors: the quadrature's relative error estimate {@code rel} times the value ({@code Var y},
     * {@code E[y⁴]}), and {@code 2 rel (κ + 3)} for the excess kurtosis κ = E[y⁴]/Var² − 3 (a ratio of two
     * quantities each within {@code rel}); the infinite-head row has {@code E[y⁴] = 3 E[V]²} (error
     * {@code 2 rel} relative) and κ = 0 exactly.
     *
     * @param tokens s
     * @param heads H, or 0 for H = ∞
     * @param method how the limit was computed (short)
     */
    public record Row(int tokens, int heads, double variance, double varianceError, double fourthMoment,
            double fourthMomentError, double excessKurtosis, double excessKurtosisError, double scoreVariance,
            String method) {
        /** @return whether this is the infinite-head row */
        public boolean infiniteHeads() {
            return heads == 0;
        }
    }

    /** @return per s in {@code tokens}: a row per H in {@code heads}, then the H = ∞ row */
    public static List<Row> of(Activation phi, int[] tokens, int[] heads) {
        List<Row> rows = new ArrayList<>();
        for (int s : tokens) {
            for (int h : heads) {
                AttentionLimit law = AttentionLimit.of(AttentionSetup.template(phi, s, h));
                double rel = law.errorBound();
                double v = law.variance().value();
                double m4 = law.centralFourthMoment().value();
                double kappa = law.excessKurtosis().value();
                rows.add(new Row(s, h, v, rel * v, m4, rel * m4, kappa, 2 * rel * (kappa + 3), law.scoreVariance(),
                        shortMethod(law.method().description())));
            }
            AttentionLimit one = AttentionLimit.of(AttentionSetup.template(phi, s, 1));
            double v = one.infiniteHeadVariance();
            double rel = one.errorBound();
            rows.add(new Row(s, 0, v, rel * v, 3 * v * v, 2 * rel * 3 * v * v, 0, 0, one.scoreVariance(),
                    "Gaussian (Remark 3.2)"));
        }
        return rows;
    }

    /** @return the method without its parenthesised detail, e.g. "randomised quasi-Monte Carlo" */
    public static String shortMethod(String method) {
        int paren = method.indexOf('(');
        return (paren < 0 ? method : method.substring(0, paren)).replace("  ", " ").trim();
    }
}
