package org.attnlimit.report.figure;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One axis of a figure: its range (from the data, padded; a log axis over the positive data only) and its ticks
 * with their labels. Linear ticks sit at multiples of 1, 2, 2.5 or 5 × 10^k; log ticks at the caller's positions
 * (the plotted widths), else at the decades, else at 1, 2, 5 × 10^k when the range spans less than two decades.
 *
 * @param lo the lower end
 * @param hi the upper end
 * @param log logarithmic
 * @param ticks tick positions inside the range
 * @param labels each tick's label ({@code "10^k"} for a decade label on a log axis)
 * @param minor unlabelled minor tick positions (log axes: 2..9 × 10^k)
 */
record Axis(double lo, double hi, boolean log, double[] ticks, String[] labels, double[] minor) {

    /** @return the position of {@code v} as a fraction of the axis (0 at lo, 1 at hi) */
    double unit(double v) {
        return log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
    }

    /** @return whether {@code v} can be drawn on this axis */
    boolean accepts(double v) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    /**
     * @param values every value the axis must show (non-finite, and on a log axis non-positive, ones are ignored)
     * @param log logarithmic
     * @param zeroBased start a linear axis at 0 when all values are ≥ 0
     * @param fixedTicks explicit tick positions, or {@code null}
     * @param targetTicks about how many linear ticks
     */
    static Axis of(double[] values, boolean log, boolean zeroBased, double[] fixedTicks, int targetTicks) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v) && (!log || v > 0)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (fixedTicks != null) {
            for (double v : fixedTicks) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(lo <= hi)) {
            lo = log ? 0.1 : 0;
            hi = 1;
        }
        return log ? logAxis(lo, hi, fixedTicks) : linearAxis(lo, hi, zeroBased, fixedTicks, targetTicks);
    }

    private static Axis linearAxis(double lo, double hi, boolean zeroBased, double[] fixedTicks, int targetTicks) {
        if (zeroBased && lo >= 0) {
            lo = 0;
        }
        if (hi == lo) {
            double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= d;
            hi += d;
        }
        double step = niceStep((hi - lo) / targetTicks);
        if (fixedTicks == null) {
            double pad = 0.04 * (hi - lo);
            if (!(zeroBased && lo == 0)) {
                lo -= pad;
            }
            hi += pad;
        }
        double[] ticks = fixedTicks != null ? fixedTicks.clone() : multiples(lo, hi, step);
        String[] labels = new String[ticks.length];
        for (int i = 0; i < ticks.length; i++) {
            labels[i] = fixedTicks != null ? plain(ticks[i]) : decimal(ticks[i], step);
        }
        return new Axis(lo, hi, false, ticks, labels, new double[0]);
    }

    private static Axis logAxis(double lo, double hi, double[] fixedTicks) {
        double a = Math.log10(lo);
        double b = Math.log10(hi);
        double pad = Math.max(0.04 * (b - a), 0.05);
        lo = Math.pow(10, a - pad);
        hi = Math.pow(10, b + pad);
        List<Double> minor = new ArrayList<>();
        for (int k = (int) Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
            for (int m = 1; m <= 9; m++) {
                double v = m * Math.pow(10, k);
                if (v >= lo && v <= hi) {
                    minor.add(v);
                }
            }
        }
        double[] ticks;
        String[] labels;
        if (fixedTicks != null) {
            ticks = fixedTicks.clone();
            labels = new String[ticks.length];
            for (int i = 0; i < ticks.length; i++) {
                labels[i] = plain(ticks[i]);
            }
        } else {
            List<Double> decades = candidates(lo, hi, new int[] {1});
            if (decades.size() >= 2) {
                ticks = decades.stream().mapToDouble(Double::doubleValue).toArray();
                labels = new String[ticks.length];
                for (int i = 0; i < ticks.length; i++) {
                    labels[i] = "10^" + Math.round(Math.log10(ticks[i]));
                }
            } else {
                List<Double> c = candidates(lo, hi, new int[] {1, 2, 5});
                if (c.size() < 2) {
                    c = candidates(lo, hi, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
                }
                ticks = c.stream().mapToDouble(Double::doubleValue).toArray();
                labels = new String[ticks.length];
                for (int i = 0; i < ticks.length; i++) {
                    labels[i] = plain(ticks[i]);
                }
            }
        }
        return new Axis(lo, hi, true, ticks, labels, minor.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static List<Double> candidates(double lo, double hi, int[] mantissas) {
        List<Double> out = new ArrayList<>();
        for (int k = (int) Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
            for (int m : mantissas) {
                double v = new BigDecimal(m).scaleByPowerOfTen(k).doubleValue();
                if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12)) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    /** @return 1, 2, 2.5 or 5 × 10^k, the smallest at least {@code raw} */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= raw * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static double[] multiples(double lo, double hi, double step) {
        List<Double> out = new ArrayList<>();
        for (long k = (long) Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++) {
            out.add(k * step);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** @return {@code v} with as many decimals as the step needs, with a true minus sign */
    static String decimal(double v, double step) {
        int d = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (Math.abs(step * Math.pow(10, d) - Math.rint(step * Math.pow(10, d))) > 1e-6) {
            d++;
        }
        String s = String.format(Locale.ROOT, "%." + d + "f", v);
        if (Math.abs(v) < step * 1e-6) {
            s = String.format(Locale.ROOT, "%." + d + "f", 0.0);
        }
        return s.replace('-', '\u2212');
    }

    /** @return the shortest plain decimal of {@code v} (16, 0.02, 1024) */
    static String plain(double v) {
        String s = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        return s.replace('-', '\u2212');
    }
}
