package org.attnlimit.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.limit.LawTable;
import org.attnlimit.stats.KernelDensity;
import org.attnlimit.stats.PowerLawFit;

/**
 * What a width study's figures show, computed from its trials ({@link WidthStudy.Result}): per width the mean and
 * spread over trials of every distance and of its noise floor; the densities of panel (a); the KS rate over the
 * widths where KS is resolved. {@code report} draws these numbers as they are.
 */
public final class WidthSummary {
    private static final int GRID = 401;

    private WidthSummary() {
    }

    /**
     * Mean and spread over the trials at one width. SEs are sd/√trials of the per-trial values; the floors' ranges
     * are the smallest and largest of the per-trial floors (one independent limit-versus-limit draw per trial).
     */
    public record Summary(int width, int heads, int trials, double meanLogKl, double sdLogKl, double meanKl, double meanKs,
            double meanW1, double meanLogFloorKl, double floorKs, double floorW1, double ksSe, double w1Se,
            double minLogFloorKl, double maxLogFloorKl, double minFloorKs, double maxFloorKs, double minFloorW1,
            double maxFloorW1) {
    }

    /** Panel (a): KDEs of trial 1 per layer on one grid, and the distinct limit densities. */
    public record Densities(double[] y, List<String> labels, List<double[]> kdes, Map<String, double[]> limits) {
    }

    /** The KS rate over the widths where the mean KS is at least twice its floor ({@code fit} null if fewer than two). */
    public record Rate(List<Integer> resolved, PowerLawFit fit) {
    }

    /** @return one summary per width that has trials, in the study's order */
    public static List<Summary> summarise(WidthStudy.Result r) {
        List<Summary> out = new ArrayList<>();
        for (LayerSpec layer : r.layers()) {
            List<WidthStudy.Trial> ts = r.trials().stream().filter(t -> t.width() == layer.width()).toList();
            if (ts.isEmpty()) {
                continue;
            }
            double[] logKl = ts.stream().mapToDouble(t -> Math.log(t.klKde())).toArray();
            double[] ks = ts.stream().mapToDouble(WidthStudy.Trial::ks).toArray();
            double[] w1 = ts.stream().mapToDouble(WidthStudy.Trial::w1).toArray();
            double[] logFloorKl = ts.stream().mapToDouble(t -> Math.log(t.floorKl())).toArray();
            double[] floorKs = ts.stream().mapToDouble(WidthStudy.Trial::floorKs).toArray();
            double[] floorW1 = ts.stream().mapToDouble(WidthStudy.Trial::floorW1).toArray();
            int m = ts.size();
            out.add(new Summary(layer.width(), layer.heads(), m, mean(logKl), sd(logKl),
                    // the printed means as before: DoubleStream.average (compensated sums) except for log KL
                    ts.stream().mapToDouble(WidthStudy.Trial::klKde).average().orElseThrow(),
                    ts.stream().mapToDouble(WidthStudy.Trial::ks).average().orElseThrow(),
                    ts.stream().mapToDouble(WidthStudy.Trial::w1).average().orElseThrow(),
                    ts.stream().mapToDouble(t -> Math.log(t.floorKl())).average().orElseThrow(),
                    ts.stream().mapToDouble(WidthStudy.Trial::floorKs).average().orElseThrow(),
                    ts.stream().mapToDouble(WidthStudy.Trial::floorW1).average().orElseThrow(),
                    sd(ks) / Math.sqrt(m), sd(w1) / Math.sqrt(m),
                    min(logFloorKl), max(logFloorKl), min(floorKs), max(floorKs), min(floorW1), max(floorW1)));
        }
        return out;
    }

    /**
     * @param label a layer's legend label ("n=16", "H=4") by index
     * @return Scott-bandwidth KDEs of trial 1 at each layer on {@code linspace(-4 sd, 4 sd, 401)} (sd of the first
     *     limit) and each distinct limit's density on the same grid, named {@code limit} or {@code limit H=h}
     */
    public static Densities densities(WidthStudy.Result r, java.util.function.IntFunction<String> label) {
        double sd = Math.sqrt(r.limits().get(0).law().variance().value());
        double[] x = KernelDensity.linspace(-4 * sd, 4 * sd, GRID);
        List<String> labels = new ArrayList<>();
        List<double[]> kdes = new ArrayList<>();
        Map<String, double[]> limits = new LinkedHashMap<>();
        LawTable last = null;
        for (int i = 0; i < r.firstTrial().size(); i++) {
            double[] y = r.firstTrial().get(i);
            labels.add(label.apply(i));
            kdes.add(KernelDensity.estimate(y, x, KernelDensity.scottBandwidth(y)));
            LawTable limit = r.limits().get(i);
            if (limit != last) {
                double[] pdf = new double[GRID];
                for (int k = 0; k < GRID; k++) {
                    pdf[k] = limit.table().pdf(x[k]);
                }
                String name = "limit" + (r.limits().size() > 1 && r.limits().get(0) != r.limits().get(1)
                        ? " H=" + r.layers().get(i).heads() : "");
                limits.put(name, pdf);
                last = limit;
            }
        }
        return new Densities(x, labels, kdes, limits);
    }

    /** @return the width (n) or head-count (H) label of layer {@code i} */
    public static String label(WidthStudy.Result r, int i, boolean byHeads) {
        return byHeads ? "H=" + r.layers().get(i).heads() : "n=" + r.layers().get(i).width();
    }

    /** Rate of the per-trial KS distance over the widths where its mean is at least twice the floor. */
    public static Rate resolvedRate(WidthStudy.Result r, List<Summary> s) {
        List<Integer> resolved = new ArrayList<>();
        for (Summary x : s) {
            if (x.meanKs() > 2 * x.floorKs()) {
                resolved.add(x.width());
            }
        }
        List<double[]> pts = new ArrayList<>();
        for (WidthStudy.Trial t : r.trials()) {
            if (resolved.contains(t.width())) {
                pts.add(new double[] {t.width(), t.ks()});
            }
        }
        if (resolved.size() >= 2 && pts.size() >= 3) {
            return new Rate(resolved, PowerLawFit.of(pts.stream().mapToDouble(p -> p[0]).toArray(),
                    pts.stream().mapToDouble(p -> p[1]).toArray(), 0.05));
        }
        return new Rate(resolved, null);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double sd(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }
}
