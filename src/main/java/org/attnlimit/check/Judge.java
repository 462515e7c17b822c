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

    /** The numeric results in point order, and the names shown for each point. */
    record Numbers(List<Verdict.PointResult> results, List<Boolean> grid, List<String> shown) {
    }

    static Numbers judge(ParsedClaim claim, ParameterSpace space) {
        Quantity q = space.quantity();
        List<Parameter> ps = q.parameters();
        CompiledForm form = claim.form();
        int[] map = new int[form.variables().size()];
        for (int j = 0; j < map.length; j++) {
            map[j] = indexOf(ps, form.variables().get(j));
        }
        List<String> shown = shown(ps, space.varied(), claim.symbols());
        int[] shownIdx = shown.stream().mapToInt(n -> indexOf(ps, n)).toArray();
        List<ParameterSpace.Point> points = space.points();
        Verdict.PointResult[] out = new Verdict.PointResult[points.size()];
        IntStream.range(0, points.size()).parallel().forEach(i -> {
            double[] x = points.get(i).x();
            double[] cx = new double[map.length];
            for (int j = 0; j < map.length; j++) {
                cx[j] = x[map[j]];
            }
            Quantity.Truth t = q.truth(x);
            double[] ve = form.evaluateWithError(cx);
            double rounding = form.literalRounding(cx);
            double allowed = t.bound() + ve[1] + rounding;
            double deviation = Math.abs(ve[0] - t.value());
            boolean holds = Double.isFinite(ve[0]) && deviation <= allowed;
            Map<String, Double> at = new LinkedHashMap<>();
            for (int s = 0; s < shownIdx.length; s++) {
                at.put(shown.get(s), x[shownIdx[s]]);
            }
            out[i] = new Verdict.PointResult(at, ve[0], t.value(), t.bound(), allowed, deviation, holds);
        });
        List<Boolean> grid = points.stream().map(ParameterSpace.Point::grid).toList();
        return new Numbers(List.of(out), grid, shown);
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
