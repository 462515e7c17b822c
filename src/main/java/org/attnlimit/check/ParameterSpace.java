package org.attnlimit.check;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The points where a claim is judged: a grid over the varied parameters (both ends of each range — the
 * edges ρ = ±1, c → 0, large c, v → 0 — and special points such as ρ = 0, ±0.999999) plus random points
 * from a fixed seed. A parameter varies when the claim mentions it or {@code --param} gives it a range;
 * otherwise it stays at its default (or given) value. For a pair, ρ is the coordinate and
 * {@code c12 = ρ√(v1 v2)} follows, unless {@code --param c12=LO:HI} makes c12 the coordinate (points
 * with |c12| &gt; √(v1 v2) are then skipped).
 */
public final class ParameterSpace {
    /** Fixed seed of the random points: the same claim gets the same points every run. */
    static final long SEED = 20_261_201L;
    private static final double[] RHO_SPECIAL = {-1, -0.999999, -0.99, -0.5, 0, 0.5, 0.99, 0.999999, 1};

    private final Quantity quantity;
    private final List<Parameter> parameters;
    private final double[] lo;
    private final double[] hi;
    private final boolean[] varied;
    private final boolean c12Coordinate;
    private final int rho;
    private final int c12;
    /** follower index → leader index, for parameters that take another's value */
    private final int[] follower;

    /**
     * One point: coordinates aligned with {@link Quantity#parameters()}, and whether it is a grid point.
     *
     * @param x the coordinates
     * @param grid whether it is on the grid (else random)
     */
    public record Point(double[] x, boolean grid) {
    }

    private ParameterSpace(Quantity q, double[] lo, double[] hi, boolean[] varied, boolean c12Coordinate, int[] follower) {
        this.follower = follower;
        this.quantity = q;
        this.parameters = q.parameters();
        this.lo = lo;
        this.hi = hi;
        this.varied = varied;
        this.c12Coordinate = c12Coordinate;
        this.rho = index(q, "rho");
        this.c12 = index(q, "c12");
    }

    private static int index(Quantity q, String name) {
        for (int i = 0; i < q.parameters().size(); i++) {
            if (q.parameters().get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Builds the space for a claim using {@code symbols}.
     *
     * @throws IllegalArgumentException for an unknown parameter, a range outside the parameter's domain,
     *     or a range for a parameter the activation spec already fixed
     */
    public static ParameterSpace of(Quantity q, Set<String> symbols, Map<String, Ranges.Range> ranges) {
        List<Parameter> ps = q.parameters();
        int n = ps.size();
        double[] lo = new double[n];
        double[] hi = new double[n];
        boolean[] varied = new boolean[n];
        for (String name : ranges.keySet()) {
            if (index(q, name) < 0) {
                throw new InvalidInputException("parameter " + name + ": " + q.text() + " has no parameter '" + name + "'"
                        + (ps.isEmpty() ? " (it has none)" : "; its parameters: " + names(ps)));
            }
            if (q.fixed().containsKey(name)) {
                throw new InvalidInputException("parameter " + name + ": the activation spec already sets " + name
                        + " = " + Ranges.format(q.fixed().get(name)) + "; drop one of the two");
            }
        }
        for (int i = 0; i < n; i++) {
            Parameter p = ps.get(i);
            Ranges.Range r = ranges.get(p.name());
            if (r != null) {
                for (double end : new double[] {r.lo(), r.hi()}) {
                    if (!p.domain().contains(end)) {
                        throw new InvalidInputException("parameter " + p.name() + ": " + Ranges.format(end)
                                + " is outside the domain " + p.domain().describe(p.name()) + " (" + p.meaning() + ")");
                    }
                }
                lo[i] = r.lo();
                hi[i] = r.hi();
                varied[i] = !r.fixed();
            } else if (q.fixed().containsKey(p.name())) {
                lo[i] = hi[i] = q.fixed().get(p.name());
            } else if (symbols.contains(p.name())) {
                lo[i] = p.lo();
                hi[i] = p.hi();
                varied[i] = true;
            } else {
                lo[i] = hi[i] = p.value();
            }
        }
        int rho = index(q, "rho");
        int c12 = index(q, "c12");
        boolean c12Coordinate = false;
        if (rho >= 0 && c12 >= 0) {
            Ranges.Range rc = ranges.get("c12");
            Ranges.Range rr = ranges.get("rho");
            if (rc != null && rr != null) {
                throw new InvalidInputException("give a range for rho or for c12, not both (c12 = rho*sqrt(v1*v2))");
            }
            c12Coordinate = rc != null;
            if (c12Coordinate) {
                varied[rho] = false;   // rho = c12/sqrt(v1 v2) follows
            } else {
                if (varied[c12] && rr == null) {
                    // the claim uses c12: vary it through rho over [-1, 1]
                    lo[rho] = -1;
                    hi[rho] = 1;
                    varied[rho] = true;
                }
                varied[c12] = false;   // c12 = rho*sqrt(v1 v2) follows
            }
        }
        int[] follower = new int[n];
        java.util.Arrays.fill(follower, -1);
        for (Map.Entry<String, String> f : q.follows().entrySet()) {
            int i = index(q, f.getKey());
            if (!symbols.contains(f.getKey()) && !ranges.containsKey(f.getKey())) {
                follower[i] = index(q, f.getValue());
                varied[i] = false;
            }
        }
        return new ParameterSpace(q, lo, hi, varied, c12Coordinate, follower);
    }

    private static String names(List<Parameter> ps) {
        return String.join(", ", ps.stream().map(Parameter::name).toList());
    }

    /** @return the names of the coordinates that vary */
    public List<String> varied() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            if (varied[i]) {
                out.add(parameters.get(i).name());
            }
        }
        return out;
    }

    /** @return the ranges of the varied coordinates, name → {lo, hi} */
    public Map<String, double[]> ranges() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            if (varied[i]) {
                out.put(parameters.get(i).name(), new double[] {lo[i], hi[i]});
            }
        }
        return out;
    }

    /** @return the parameters that stay fixed, name → value (of rho and c12, only the one that is a coordinate) */
    public Map<String, Double> fixed() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            boolean follows = (i == rho && c12Coordinate) || (i == c12 && !c12Coordinate) || follower[i] >= 0;
            if (!varied[i] && !follows) {
                out.put(parameters.get(i).name(), lo[i]);
            }
        }
        return out;
    }

    /** @return the parameters that take another's value here, follower → leader */
    public Map<String, String> followers() {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < follower.length; i++) {
            if (follower[i] >= 0) {
                out.put(parameters.get(i).name(), parameters.get(follower[i]).name());
            }
        }
        return out;
    }

    /** @return the quantity */
    public Quantity quantity() {
        return quantity;
    }

    /**
     * The grid (per varied coordinate: 17, 9, 6 or 4 values for 1, 2, 3, more coordinates, plus the
     * special points) and {@code 64·d} random points (at most 256; none without coordinates).
     */
    public List<Point> points() {
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            if (varied[i]) {
                axes.add(i);
            }
        }
        int d = axes.size();
        int perAxis = d <= 1 ? 17 : d == 2 ? 9 : d == 3 ? 6 : 4;
        double[][] values = new double[d][];
        for (int a = 0; a < d; a++) {
            int i = axes.get(a);
            values[a] = Ranges.grid(parameters.get(i), lo[i], hi[i], perAxis, specials(parameters.get(i).name()));
        }
        List<Point> out = new ArrayList<>();
        int[] idx = new int[d];
        while (true) {
            double[] x = base();
            for (int a = 0; a < d; a++) {
                x[axes.get(a)] = values[a][idx[a]];
            }
            if (complete(x)) {
                out.add(new Point(x, true));
            }
            int a = 0;
            while (a < d && ++idx[a] == values[a].length) {
                idx[a] = 0;
                a++;
            }
            if (a == d) {
                break;
            }
        }
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(SEED);
        int random = Math.min(256, 64 * d);
        for (int r = 0; r < random; r++) {
            double[] x = base();
            for (int i : axes) {
                double u = rng.nextDouble();
                boolean geometric = lo[i] > 0 && hi[i] / lo[i] >= 20;
                x[i] = geometric ? lo[i] * Math.pow(hi[i] / lo[i], u) : lo[i] + (hi[i] - lo[i]) * u;
            }
            if (complete(x)) {
                out.add(new Point(x, false));
            }
        }
        return out;
    }

    /** @return the indices of the varied parameters, in order */
    int[] axes() {
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            if (varied[i]) {
                axes.add(i);
            }
        }
        return axes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** @return {lo, hi} of parameter {@code i} */
    double[] range(int i) {
        return new double[] {lo[i], hi[i]};
    }

    /**
     * @param values the varied coordinates, aligned with {@link #axes()}
     * @return the point with those coordinates (the others fixed, followers filled in), or {@code null} outside
     *     {@code |rho| ≤ 1}
     */
    Point at(double[] values, boolean grid) {
        double[] x = base();
        int[] axes = axes();
        for (int a = 0; a < axes.length; a++) {
            x[axes[a]] = values[a];
        }
        return complete(x) ? new Point(x, grid) : null;
    }

    /**
     * A dense set of the box, for the search of where a claim departs from the derived form: a product grid of
     * 20 001 (one varied coordinate), 201 (two) or 31 (three) values per coordinate, each with the extra values
     * given for it (breakpoints), or 20 000 points of a fixed random stream for more coordinates.
     */
    List<Point> dense(List<double[]> extra) {
        int[] axes = axes();
        int d = axes.length;
        List<Point> out = new ArrayList<>();
        if (d == 0) {
            return out;
        }
        if (d > 3) {
            UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(SEED + 1);
            for (int r = 0; r < 20_000; r++) {
                double[] v = new double[d];
                for (int a = 0; a < d; a++) {
                    v[a] = lo[axes[a]] + (hi[axes[a]] - lo[axes[a]]) * rng.nextDouble();
                }
                Point p = at(v, false);
                if (p != null) {
                    out.add(p);
                }
            }
            return out;
        }
        int per = d == 1 ? 20_001 : d == 2 ? 201 : 31;
        double[][] values = new double[d][];
        for (int a = 0; a < d; a++) {
            double l = lo[axes[a]];
            double h = hi[axes[a]];
            java.util.TreeSet<Double> set = new java.util.TreeSet<>();
            for (int k = 0; k < per; k++) {
                set.add(l + (h - l) * k / (per - 1));
            }
            for (double e : extra.get(a)) {
                if (e >= l && e <= h) {
                    set.add(e);
                }
            }
            values[a] = set.stream().mapToDouble(Double::doubleValue).toArray();
        }
        int[] idx = new int[d];
        while (true) {
            double[] v = new double[d];
            for (int a = 0; a < d; a++) {
                v[a] = values[a][idx[a]];
            }
            Point p = at(v, false);
            if (p != null) {
                out.add(p);
            }
            int a = 0;
            while (a < d && ++idx[a] == values[a].length) {
                idx[a] = 0;
                a++;
            }
            if (a == d) {
                return out;
            }
        }
    }

    private double[] base() {
        double[] x = new double[parameters.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = lo[i];
        }
        return x;
    }

    /** Fills c12 from rho (or rho from c12); false if the point lies outside |rho| ≤ 1. */
    private boolean complete(double[] x) {
        for (int i = 0; i < x.length; i++) {
            if (follower[i] >= 0) {
                x[i] = x[follower[i]];
            }
        }
        if (rho < 0 || c12 < 0) {
            return true;
        }
        double scale = Math.sqrt(x[0] * x[1]);
        if (!c12Coordinate) {
            x[c12] = x[rho] * scale;
            return true;
        }
        double r = x[c12] / scale;
        if (!(Math.abs(r) <= 1)) {
            return false;
        }
        x[rho] = r;
        return true;
    }

    private static double[] specials(String name) {
        return switch (name) {
            case "rho" -> RHO_SPECIAL;
            case "c", "b", "v", "v1", "v2" -> new double[] {1};
            case "mu", "c12" -> new double[] {0};
            case "a" -> new double[] {0, 0.01};
            default -> new double[0];
        };
    }
}
