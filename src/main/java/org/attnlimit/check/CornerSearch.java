package org.attnlimit.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.attnlimit.symbolic.CompiledForm;

/**
 * Where a claim may depart from the tool's derived form between the points of a {@link ParameterSpace}: when
 * the symbolic comparison found a difference (or could not decide), {@code claim − derived} — two compiled
 * expressions, about 0.1 µs each — is evaluated on a dense set of the parameter box, to which every breakpoint
 * of a {@code Max}, {@code Min} or {@code Abs} in the claim is added (zeros of {@link CompiledForm#kinkFunctions()}
 * along each coordinate, by bisection, with the midpoints between consecutive ones), and the largest departures —
 * relative to the claim's own rounding, unless its numbers are exact — are refined by golden-section search along
 * one coordinate. The points found are then judged against the tool's value like the others ({@link Judge}):
 * the derived form only chooses where to look, it never decides.
 */
final class CornerSearch {
    /** How many of the largest departures are judged. */
    static final int PEAKS = 24;
    /** Breakpoints (and midpoints) kept per axis: the dense grid stays below (31 + 64)³ ≈ 8.6e5 points in three dimensions. */
    static final int MAX_BREAKPOINTS = 64;

    private CornerSearch() {
    }

    /**
     * @param points the points to judge besides the space's own
     * @param evaluated how many points {@code claim − derived} was evaluated at
     * @param breakpoints how many breakpoints of the claim were found
     */
    record Result(List<ParameterSpace.Point> points, int evaluated, int breakpoints) {
    }

    /**
     * @param exact whether the claim's literals are exact ({@code check --exact}); otherwise a departure counts
     *     relative to the claim's own rounding at that point ({@link CompiledForm#literalRounding}), so that the
     *     search looks where the departure exceeds the rounding most — on the plateau of a bump written with
     *     rounded numbers (its height only half covered by the rounding of its factor), not at its edges (where
     *     the rounding of the numbers placing the edges covers it)
     */
    static Result search(CompiledForm claim, CompiledForm derived, ParameterSpace space, boolean exact) {
        List<ParameterSpace.Point> out = new ArrayList<>();
        int[] axes = space.axes();
        if (axes.length == 0) {
            return new Result(out, 0, 0);
        }
        List<String> names = space.quantity().parameters().stream().map(Parameter::name).toList();
        int[] claimMap = map(claim, names);
        int[] derivedMap = map(derived, names);
        // breakpoints along each coordinate, on the line through the centre of the box
        double[] centre = new double[axes.length];
        for (int a = 0; a < axes.length; a++) {
            double[] r = space.range(axes[a]);
            centre[a] = (r[0] + r[1]) / 2;
        }
        List<double[]> extra = new ArrayList<>();
        int breakpoints = 0;
        List<CompiledForm> kinks = claim.kinkFunctions();
        for (int a = 0; a < axes.length; a++) {
            List<Double> found = new ArrayList<>();
            double[] r = space.range(axes[a]);
            final int axis = a;
            for (CompiledForm k : kinks) {
                int[] km = map(k, names);
                found.addAll(zeros(t -> value(k, km, line(space, centre, axis, t)), r[0], r[1]));
            }
            if (found.size() > MAX_BREAKPOINTS) {
                // the dense grid is a product over the axes: keep it bounded whatever the claim
                found = found.subList(0, MAX_BREAKPOINTS);
            }
            breakpoints += found.size();
            // and the midpoint between consecutive breakpoints: the middle of a plateau the grid may step over
            double[] sorted = found.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
            List<Double> withMiddles = new ArrayList<>(found);
            for (int i = 0; i + 1 < sorted.length && withMiddles.size() < MAX_BREAKPOINTS; i++) {
                withMiddles.add((sorted[i] + sorted[i + 1]) / 2);
            }
            extra.add(withMiddles.stream().mapToDouble(Double::doubleValue).toArray());
        }
        List<ParameterSpace.Point> dense = space.dense(extra);
        double[] departure = new double[dense.size()];
        for (int i = 0; i < departure.length; i++) {
            departure[i] = departure(claim, claimMap, derived, derivedMap, dense.get(i).x(), exact);
        }
        int evaluated = dense.size();
        // the largest departures: local maxima over the dense order, largest first
        List<Integer> peaks = new ArrayList<>();
        for (int i = 0; i < departure.length; i++) {
            boolean left = i == 0 || departure[i] >= departure[i - 1];
            boolean right = i == departure.length - 1 || departure[i] >= departure[i + 1];
            if (departure[i] > 0 && left && right) {
                peaks.add(i);
            }
        }
        peaks.sort(Comparator.comparingDouble((Integer i) -> -departure[i]));
        for (int k = 0; k < Math.min(PEAKS, peaks.size()); k++) {
            int i = peaks.get(k);
            ParameterSpace.Point p = dense.get(i);
            if (axes.length == 1 && i > 0 && i < dense.size() - 1) {
                double lo = dense.get(i - 1).x()[axes[0]];
                double hi = dense.get(i + 1).x()[axes[0]];
                double t = golden(s -> {
                    ParameterSpace.Point q = space.at(new double[] {s}, false);
                    return q == null ? 0 : departure(claim, claimMap, derived, derivedMap, q.x(), exact);
                }, lo, hi);
                evaluated += 60;
                ParameterSpace.Point q = space.at(new double[] {t}, false);
                if (q != null) {
                    p = q;
                }
            }
            out.add(p);
        }
        // every breakpoint itself (one coordinate: where a bump or a clip starts)
        if (axes.length == 1) {
            for (double b : extra.get(0)) {
                ParameterSpace.Point q = space.at(new double[] {b}, false);
                if (q != null) {
                    out.add(q);
                }
            }
        }
        return new Result(out, evaluated, breakpoints);
    }

    /**
     * @return |claim − derived| relative to the claim's rounding at {@code x} plus 1e-12 of their size (a stand-in
     *     for the tool's error bound, which the judge computes; 0 where either is undefined)
     */
    private static double departure(CompiledForm claim, int[] cm, CompiledForm derived, int[] dm, double[] x, boolean exact) {
        double c = value(claim, cm, x);
        double d = value(derived, dm, x);
        double rounding = 0;
        if (!exact) {
            double[] v = new double[cm.length];
            for (int j = 0; j < cm.length; j++) {
                v[j] = cm[j] < 0 ? Double.NaN : x[cm[j]];
            }
            rounding = claim.literalRounding(v);
        }
        double r = Math.abs(c - d) / (rounding + 1e-12 * (Math.abs(c) + Math.abs(d)) + Double.MIN_NORMAL);
        return Double.isFinite(r) ? r : 0;
    }

    private static int[] map(CompiledForm f, List<String> names) {
        return f.variables().stream().mapToInt(names::indexOf).toArray();
    }

    private static double value(CompiledForm f, int[] map, double[] x) {
        double[] v = new double[map.length];
        for (int j = 0; j < map.length; j++) {
            v[j] = map[j] < 0 ? Double.NaN : x[map[j]];
        }
        return f.evaluate(v);
    }

    /** @return the full coordinates of the point on the line through {@code centre} along axis {@code a} at {@code t} */
    private static double[] line(ParameterSpace space, double[] centre, int a, double t) {
        double[] v = centre.clone();
        v[a] = t;
        ParameterSpace.Point p = space.at(v, false);
        return p == null ? null : p.x();
    }

    /** @return the sign changes of {@code g} on 4096 steps of {@code [lo, hi]}, each refined by 60 bisections */
    private static List<Double> zeros(java.util.function.DoubleUnaryOperator g, double lo, double hi) {
        List<Double> out = new ArrayList<>();
        int steps = 4096;
        double prevT = lo;
        double prev = safe(g, lo);
        for (int k = 1; k <= steps; k++) {
            double t = lo + (hi - lo) * k / steps;
            double v = safe(g, t);
            if (prev == 0) {
                // a zero run (a kink function that vanishes along this whole line, e.g. abs(rho) on a line
                // at rho = 0) is one breakpoint, not 4096: each would multiply the dense grid
                if (v != 0) {
                    out.add(prevT);
                }
            } else if (Double.isFinite(prev) && Double.isFinite(v) && prev * v < 0) {
                double a = prevT;
                double b = t;
                double ga = prev;
                for (int i = 0; i < 60; i++) {
                    double m = (a + b) / 2;
                    double gm = safe(g, m);
                    if (!Double.isFinite(gm)) {
                        break;
                    }
                    if (ga * gm <= 0) {
                        b = m;
                    } else {
                        a = m;
                        ga = gm;
                    }
                }
                out.add((a + b) / 2);
            }
            prevT = t;
            prev = v;
        }
        return out;
    }

    private static double safe(java.util.function.DoubleUnaryOperator g, double t) {
        try {
            return g.applyAsDouble(t);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** @return the maximiser of {@code f} on {@code [a, b]} by 60 golden-section steps */
    private static double golden(java.util.function.DoubleUnaryOperator f, double a, double b) {
        double r = (Math.sqrt(5) - 1) / 2;
        double c = b - r * (b - a);
        double d = a + r * (b - a);
        double fc = f.applyAsDouble(c);
        double fd = f.applyAsDouble(d);
        for (int i = 0; i < 60; i++) {
            if (fc >= fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - r * (b - a);
                fc = f.applyAsDouble(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + r * (b - a);
                fd = f.applyAsDouble(d);
            }
        }
        return (a + b) / 2;
    }
}
