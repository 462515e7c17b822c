package org.attnlimit.verify;

import java.util.List;

/**
 * The outcome of a {@link Check}: one row per (case, width) and a verdict.
 *
 * @param name the check's name
 * @param statement the statement, with the paper's number
 * @param claim the claim in one line
 * @param level how the intervals were built, e.g. "z = 4.9 intervals (two-sided alpha = 1e-6 each)"
 * @param rows the estimates
 * @param verdict consistent when every binding row is consistent
 * @param note what the rows show beyond the verdict (may be empty)
 */
public record CheckResult(String name, String statement, String claim, String level, List<Row> rows,
        Verdict verdict, String note) {

    /** Whether the numbers agree with the statement at the stated level. */
    public enum Verdict {
        CONSISTENT, INCONSISTENT;

        /** @return lower-case label */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One estimate.
     *
     * @param caseName which program, score weights {@code t} or function
     * @param quantity what is estimated
     * @param n the width (0 when the row does not depend on a width)
     * @param estimate the estimate
     * @param halfWidth half-width of its confidence interval (0 for deterministic estimates)
     * @param limit the value the statement predicts
     * @param allowance the finite-width bias the proof allows at this {@code n} (0 if none)
     * @param consistent whether {@code |estimate - limit| <= halfWidth + allowance} (or the row's own test)
     * @param binding whether the verdict depends on this row (trend rows at small {@code n} may not)
     */
    public record Row(String caseName, String quantity, int n, double estimate, double halfWidth, double limit,
            double allowance, boolean consistent, boolean binding) {

        /** A row judged by {@code |estimate - limit| <= halfWidth + allowance}. */
        public static Row interval(String caseName, String quantity, int n, double estimate, double halfWidth,
                double limit, double allowance, boolean binding) {
            boolean ok = Math.abs(estimate - limit) <= halfWidth + allowance;
            return new Row(caseName, quantity, n, estimate, halfWidth, limit, allowance, ok, binding);
        }
    }

    /** Builds a result whose verdict follows from the binding rows. */
    public static CheckResult of(Check check, String level, List<Row> rows, String note) {
        boolean ok = rows.stream().filter(Row::binding).allMatch(Row::consistent);
        return new CheckResult(check.name(), check.statement(), check.claim(), level, List.copyOf(rows),
                ok ? Verdict.CONSISTENT : Verdict.INCONSISTENT, note);
    }

    /** @return whether the verdict is consistent */
    public boolean consistent() {
        return verdict == Verdict.CONSISTENT;
    }
}
