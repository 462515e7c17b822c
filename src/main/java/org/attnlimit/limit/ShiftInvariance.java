package org.attnlimit.limit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attnlimit.program.Expr;

/**
 * Softmax shift invariance: {@code softmax(a + t·1) = softmax(a)}, so an expression that reads a group of
 * scores only as the logits of {@code attend}/{@code softmax} depends on them only through their
 * differences, and the score quadrature ({@link ScoreNodes}) loses one dimension per group.
 */
final class ShiftInvariance {
    private ShiftInvariance() {
    }

    /**
     * Groups of scores (indices into {@code order}) along which {@code e} is shift invariant: the logits
     * of an {@code attend}/{@code softmax}, each a score times one common constant, whose scores occur
     * nowhere else (or only as the same logits of another node).
     */
    static List<int[]> groups(Expr e, List<String> order) {
        Map<String, Set<String>> contexts = new HashMap<>();
        Set<String> elsewhere = new LinkedHashSet<>();
        walk(e, contexts, elsewhere);
        Set<String> seen = new LinkedHashSet<>();
        List<int[]> groups = new ArrayList<>();
        for (Map.Entry<String, Set<String>> en : contexts.entrySet()) {
            if (en.getValue().size() != 1 || elsewhere.contains(en.getKey())) {
                continue;
            }
            String ctx = en.getValue().iterator().next();
            if (seen.add(ctx)) {
                String[] names = ctx.substring(ctx.indexOf('|') + 1).split(",");
                boolean ok = true;
                for (String n : names) {
                    Set<String> c = contexts.get(n);
                    ok &= c != null && c.size() == 1 && c.contains(ctx) && !elsewhere.contains(n);
                }
                if (ok) {
                    groups.add(Arrays.stream(names).mapToInt(order::indexOf).toArray());
                }
            }
        }
        return groups;
    }

    private static void walk(Expr e, Map<String, Set<String>> contexts, Set<String> elsewhere) {
        List<Expr> logits = e instanceof Expr.Attend a ? a.logits() : e instanceof Expr.Softmax s ? s.logits() : null;
        if (logits != null) {
            List<String> names = new ArrayList<>();
            Double kappa = null;
            boolean plain = true;
            for (Expr l : logits) {
                double k = 1;
                Expr s = l;
                if (l instanceof Expr.Prod p && p.factors().size() == 2 && p.factors().get(0) instanceof Expr.Const kc) {
                    k = kc.value();
                    s = p.factors().get(1);
                }
                if (!(s instanceof Expr.ScoreRef r) || (kappa != null && kappa != k) || names.contains(r.name())) {
                    plain = false;
                    break;
                }
                kappa = k;
                names.add(r.name());
            }
            if (plain) {
                String ctx = kappa + "|" + String.join(",", names.stream().sorted().toList());
                for (String n : names) {
                    contexts.computeIfAbsent(n, x -> new LinkedHashSet<>()).add(ctx);
                }
            } else {
                logits.forEach(l -> walk(l, contexts, elsewhere));
            }
            if (e instanceof Expr.Attend a) {
                a.values().forEach(v -> walk(v, contexts, elsewhere));
            }
            return;
        }
        if (e instanceof Expr.ScoreRef r) {
            elsewhere.add(r.name());
            return;
        }
        for (Expr c : e.children()) {
            walk(c, contexts, elsewhere);
        }
    }
}
