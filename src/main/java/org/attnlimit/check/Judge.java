package org.attnlimit.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.attnlimit.symbolic.CompiledForm;
import org.attnlimit.symbolic.ParsedClaim;

/**
 * The numeric judgement: at each point, {@code |claim − true| ≤ bound + rounding + evaluation}, where
 * {@code bound} is the tool's error bound at that point, {@code rounding} the claim's own rounding error
 * (each literal written with finitely many digits moved by half a unit in its last place,
 * {@link CompiledForm#literalRounding}) and {@code evaluation} the bound on the claim's floating-point
 * evaluation error ({@link CompiledForm#evaluateWithError}). No other slack: every term is a bound.
 * Points are judged in parallel; the result does not depend on the thread count (each point is
 * independent and the list keeps its order).
 */
final class Judge {
    private Judge() {
    }

    /**
     * The numeric results in point order, and the names shown for each point.
     *
     * @param skipped how many points were skipped: the claim is undefined there and has no limit from inside the box
     * @param limits how many points were judged by the claim's limit from inside the box (a removable singularity,
     *     e.g. {@code arctan(ρ/√(1−ρ²))} at {@code ρ = ±1})
     */
    record Numbers(List<Verdict.PointResult> results, List<Boolean> grid, List<String> shown, int skipped, int limits) {
    }

    static Numbers judge(ParsedClaim claim, ParameterSpace space) {
        return judge(claim, space, space.points(), false);
    }

    /**
     * @param points the points to judge
     * @param exact whether the claim's literals are exact (no allowance for their rounding: {@code check --exact})
     */
    static Numbers judge(ParsedClaim claim, ParameterSpace space, List<ParameterSpace.Point> points, boolean exact) {
        Quantity q = space.quantity();
        List<Parameter> ps = q.parameters();
        CompiledForm form = claim.form();
        int[] map = new int[form.variables().size()];
        for (int j = 0; j < map.length; j++) {
            map[j] = indexOf(ps, form.variables().get(j));
        }
        List<String> shown = shown(ps, space.varied(), claim.symbols());
        int[] shownIdx = shown.stream().mapToInt(n -> indexOf(ps, n)).toArray();
        int[] axes = space.axes();
        Verdict.PointResult[] out = new Verdict.PointResult[points.size()];
        int[] kind = new int[points.size()];   // 0 judged, 1 judged by its limit, 2 skipped
        IntStream.range(0, points.size()).parallel().forEach(i -> {
            double[] x = points.get(i).x();
            double[] ve = form.evaluateWithError(project(x, map));
            if (!(Double.isFinite(ve[0]) && Double.isFinite(ve[1]))) {
                ve = limitFromInside(form, map, space, axes, x);
                kind[i] = ve == null ? 2 : 1;
                if (ve == null) {
                    return;
                }
            }
            Quantity.Truth t = q.truth(x);
            double rounding = exact ? 0 : form.literalRounding(project(x, map));
            double allowed = t.bound() + ve[1] + rounding;
            double deviation = Math.abs(ve[0] - t.value());
            boolean holds = Double.isFinite(ve[0]) && deviation <= allowed;
            Map<String, Double> at = new LinkedHashMap<>();
            for (int s = 0; s < shownIdx.length; s++) {
                at.put(shown.get(s), x[shownIdx[s]]);
            }
            out[i] = new Verdict.PointResult(at, ve[0], t.value(), t.bound(), allowed, deviation, holds);
        });
        List<Verdict.PointResult> results = new ArrayList<>();
        List<Boolean> grid = new ArrayList<>();
        int skipped = 0;
        int limits = 0;
        for (int i = 0; i < out.length; i++) {
            if (kind[i] == 2) {
                skipped++;
                continue;
            }
            limits += kind[i];
            results.add(out[i]);
            grid.add(points.get(i).grid());
        }
        return new Numbers(results, grid, shown, skipped, limits);
    }

    private static double[] project(double[] x, int[] map) {
        double[] cx = new double[map.length];
        for (int j = 0; j < map.length; j++) {
            cx[j] = x[map[j]];
        }
        return cx;
    }

    /**
     * The claim's limit at {@code x} from inside the box, where it is undefined at {@code x} itself (a removable
     * singularity on the boundary, such as {@code ρ/√(1−ρ²)} under an arctangent at {@code ρ = ±1}): its values at
     * {@code x + t(centre − x)} for {@code t = 10⁻⁴, 10⁻⁶, 10⁻⁸}; when they settle (the last step at most half the
     * one before), the limit is taken as the last, with twice the last step added to the evaluation error — enough
     * for a departure of order {@code √t} or faster. {@code null} when the values are not finite or do not settle.
     */
    private static double[] limitFromInside(CompiledForm form, int[] map, ParameterSpace space, int[] axes, double[] x) {
        if (axes.length == 0) {
            return null;
        }
        double[] centre = new double[axes.length];
        double[] at = new double[axes.length];
        for (int a = 0; a < axes.length; a++) {
            double[] r = space.range(axes[a]);
            centre[a] = (r[0] + r[1]) / 2;
            at[a] = x[axes[a]];
        }
        double[][] v = new double[3][];
        double[] ts = {1e-4, 1e-6, 1e-8};
        for (int k = 0; k < 3; k++) {
            double[] y = new double[axes.length];
            for (int a = 0; a < axes.length; a++) {
                y[a] = at[a] + ts[k] * (centre[a] - at[a]);
            }
            ParameterSpace.Point p = space.at(y, false);
            if (p == null) {
                return null;
            }
            v[k] = form.evaluateWithError(project(p.x(), map));
            if (!(Double.isFinite(v[k][0]) && Double.isFinite(v[k][1]))) {
                return null;
            }
        }
        double before = Math.abs(v[1][0] - v[0][0]);
        double gap = Math.abs(v[2][0] - v[1][0]);
        // settling: the last step changes the value by at most half the step before (a departure of order √t or faster)
        if (!(gap <= before / 2 || gap <= 1e-14 * (Math.abs(v[2][0]) + Double.MIN_NORMAL))) {
            return null;
        }
        return new double[] {v[2][0], v[2][1] + 2 * gap};
    }

    /** The varied parameters, and those the claim uses although they follow from others (c12 from rho). */
    private static List<String> shown(List<Parameter> ps, List<String> varied, Set<String> symbols) {
        List<String> out = new ArrayList<>();
        for (Parameter p : ps) {
            boolean derivedButUsed = symbols.contains(p.name()) && (p.name().equals("c12") || p.name().equals("rho"))
                    && (varied.contains("rho") || varied.contains("c12"));
            if (varied.contains(p.name()) || derivedButUsed) {
                out.add(p.name());
            }
        }
        return out;
    }

    private static int indexOf(List<Parameter> ps, String name) {
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("unvalidated symbol " + name);
    }
}
