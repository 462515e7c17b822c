package org.attnlimit.verify;

import java.util.List;

/**
 * The outcome of a {@link Check}: one row per (case, width) and a verdict.
 *
 * <p>Every row is of one of two kinds. A <b>check</b> can fail: its limit is a number (or law) that the
 * statement predicts and that the suite computes independently of the draws, and a test of the suite
 * shows the row failing on a wrong input. An <b>illustration</b> shows a number that cannot refute the
 * statement (a bound that holds by construction, a trend at small widths, a row whose proven allowance exceeds
 * {@link #ALLOWANCE_FLOOR} of its scale); it is printed without a verdict and does not count. Kinds are fixed by
 * the design before the run.
 *
 * <p>Power. Each row carries its <b>minimum detectable deviation</b> (MDD): the smallest relative error in
 * the limit that this run rejects, {@code (halfWidth + allowance + |estimate − limit|) / scale} for an
 * interval row, where {@code scale} is the quantity's natural size (its limit, or for a target of 0 the
 * size of the quantity around it). A limit moved by more than MDD·scale, in either direction, is
 * rejected by this run whatever the sign of its error; {@code verify --perturb EPS} moves every limit by
 * {@code EPS·scale} to show it. Distribution rows state theirs as the smallest relative change of the
 * limit law's scale ({@code Z → (1+δ)Z}) whose KS distance exceeds the critical value plus the observed
 * distance.
 *
 * <p>For new checks: build rows with {@link Row#check}, {@link Row#illustration} or {@link Row#of} and the
 * result with {@link #of}; under a perturbed run ({@link Settings#perturb()}) pass the settings' EPS to
 * {@link Row#check} and it moves the limit itself.
 *
 * @param name the check's name
 * @param statement the statement, with the paper's number
 * @param claim the claim in one line
 * @param level how the intervals were built, e.g. "z = 4.9 intervals (two-sided alpha = 1e-6 each)"
 * @param rows the estimates
 * @param verdict consistent when every row of kind check is consistent
 * @param note what the rows show beyond the verdict (may be empty)
 */
public record CheckResult(String name, String statement, String claim, String level, List<Row> rows,
        Verdict verdict, String note) {

    /**
     * A row whose proven finite-width allowance alone exceeds this fraction of its scale is an illustration:
     * the allowance is a function of the design (the width and the proof's bound), so the row's kind is fixed
     * before any draw, never by the observed half-width (a bug that inflates the variance of the draws must not
     * remove the rows that would catch it).
     */
    public static final double ALLOWANCE_FLOOR = 0.1;

    /** What an illustration row shows instead of a verdict. */
    public static final String NO_VERDICT = "\u2014";

    /** Whether the numbers agree with the statement at the stated level. */
    public enum Verdict {
        CONSISTENT, INCONSISTENT;

        /** @return lower-case label */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What a row is: a check (counts in the verdict) or an illustration (does not). */
    public enum Kind {
        CHECK, ILLUSTRATION;

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
     * @param limit the value the statement predicts (moved by {@code EPS·scale} in a perturbed run)
     * @param allowance the finite-width bias the proof allows at this {@code n} (0 if none)
     * @param consistent whether {@code |estimate - limit| <= halfWidth + allowance} (or the row's own test)
     * @param kind check or illustration
     * @param scale the quantity's natural size, the unit of the relative deviations ({@code NaN} if none)
     * @param mdd the minimum detectable deviation, relative to {@code scale} ({@code NaN} if none)
     */
    public record Row(String caseName, String quantity, int n, double estimate, double halfWidth, double limit,
            double allowance, boolean consistent, Kind kind, double scale, double mdd) {

        /** A row in the older form: {@code binding} rows are checks; scale and MDD unknown. */
        public Row(String caseName, String quantity, int n, double estimate, double halfWidth, double limit,
                double allowance, boolean consistent, boolean binding) {
            this(caseName, quantity, n, estimate, halfWidth, limit, allowance, consistent,
                    binding ? Kind.CHECK : Kind.ILLUSTRATION, Double.NaN, Double.NaN);
        }

        /**
         * @return the row's verdict: {@code consistent} or {@code inconsistent} for a check, {@link #NO_VERDICT} for an
         *     illustration (which has none: a reader sees {@code inconsistent} only where a check failed)
         */
        public String verdictLabel() {
            return binding() ? (consistent ? Verdict.CONSISTENT : Verdict.INCONSISTENT).label() : NO_VERDICT;
        }

        /** @return whether the verdict depends on this row (it is a check) */
        public boolean binding() {
            return kind == Kind.CHECK;
        }

        /** A row with every field given (distribution rows, rows with their own test). */
        public static Row of(Kind kind, String caseName, String quantity, int n, double estimate, double halfWidth,
                double limit, double allowance, boolean consistent, double scale, double mdd) {
            return new Row(caseName, quantity, n, estimate, halfWidth, limit, allowance, consistent, kind, scale, mdd);
        }

        /**
         * A check judged by {@code |estimate − target| <= halfWidth + allowance}, {@code target = limit +
         * eps·scale} (away from 0: {@code limit·(1 + eps)} when {@code scale = |limit|}). It is an illustration by
         * design (and says so) when its proven allowance exceeds {@link #ALLOWANCE_FLOOR} of the scale: decided from
         * the width and the bound, before the draws, never from the observed half-width.
         *
         * @param scale the quantity's natural size (> 0)
         * @param eps the perturbation of the run ({@link Settings#perturb()}), 0 normally
         */
        public static Row check(String caseName, String quantity, int n, double estimate, double halfWidth,
                double limit, double allowance, double scale, double eps) {
            if (!(scale > 0)) {
                scale = Math.max(Math.abs(limit), Double.MIN_NORMAL);
            }
            double target = limit + (limit < 0 ? -1 : 1) * eps * scale;
            boolean ok = Math.abs(estimate - target) <= halfWidth + allowance;
            double mdd = (halfWidth + allowance + Math.abs(estimate - limit)) / scale;
            boolean powerful = allowance <= ALLOWANCE_FLOOR * scale;
            return new Row(caseName, powerful ? quantity : quantity + " (allowance over 10%: illustration)", n, estimate,
                    halfWidth, target, allowance, ok, powerful ? Kind.CHECK : Kind.ILLUSTRATION, scale, mdd);
        }

        /**
         * An illustration judged (for display only) by {@code |estimate − limit| <= halfWidth + allowance}; a
         * {@code NaN} limit (a distance shown for its trend) counts as consistent.
         */
        public static Row illustration(String caseName, String quantity, int n, double estimate, double halfWidth,
                double limit, double allowance, double scale) {
            boolean ok = Double.isNaN(limit) || Math.abs(estimate - limit) <= halfWidth + allowance;
            double mdd = scale > 0 ? (halfWidth + allowance + Math.abs(estimate - limit)) / scale : Double.NaN;
            return new Row(caseName, quantity, n, estimate, halfWidth, limit, allowance, ok, Kind.ILLUSTRATION, scale, mdd);
        }

        /** A row judged by {@code |estimate - limit| <= halfWidth + allowance} (older form, no MDD). */
        public static Row interval(String caseName, String quantity, int n, double estimate, double halfWidth,
                double limit, double allowance, boolean binding) {
            boolean ok = Math.abs(estimate - limit) <= halfWidth + allowance;
            return new Row(caseName, quantity, n, estimate, halfWidth, limit, allowance, ok, binding);
        }
    }

    /** Builds a result whose verdict follows from the rows of kind check. */
    public static CheckResult of(Check check, String level, List<Row> rows, String note) {
        boolean ok = rows.stream().filter(Row::binding).allMatch(Row::consistent);
        return new CheckResult(check.name(), check.statement(), check.claim(), level, List.copyOf(rows),
                ok ? Verdict.CONSISTENT : Verdict.INCONSISTENT, note);
    }

    /** @return whether the verdict is consistent */
    public boolean consistent() {
        return verdict == Verdict.CONSISTENT;
    }

    /** @return check if some row is a check, else illustration (the verdict then cannot fail) */
    public Kind kind() {
        return rows.stream().anyMatch(Row::binding) ? Kind.CHECK : Kind.ILLUSTRATION;
    }

    /** @return the largest MDD over the rows of kind check ({@code NaN} if there is none) */
    public double worstMdd() {
        return rows.stream().filter(Row::binding).mapToDouble(Row::mdd).filter(Double::isFinite).max().orElse(Double.NaN);
    }
}
