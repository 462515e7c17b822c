package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;
import org.attnlimit.limit.AttentionLimit;

/**
 * Remark 3.2: the variance of the finite-head limit, {@code E[V]}, equals the variance of the
 * infinite-head Gaussian limit of Hron et al. (2020), {@code σ_O²σ_V² E[sᵀKs]}; and as {@code H → ∞},
 * {@code V → E[V]} (so the law becomes Gaussian). Rows, all checks except where marked:
 * <ul>
 *   <li>{@code AttentionLimit.infiniteHeadVarianceByQmc()} (quasi-Monte Carlo over the full score vector) against
 *       the suite's own one-dimensional quadrature {@link AttentionCase#meanV()} (over
 *       {@code p̊_11 − p̊_12}) — two independent computations of Hron et al.'s formula;</li>
 *   <li>the mean of Monte Carlo draws of {@code V} for {@code H = 1, 4, 16} against that quadrature: the
 *       finite-head variance does not depend on {@code H};</li>
 *   <li>{@code H·Var(V_H)} against {@code Var(V_1)} from {@code AttentionLimit} ({@code E[V²] − E[V]²}) for
 *       {@code H = 16, 64}: {@code V} concentrates at {@code E[V]} at the rate {@code 1/H};</li>
 *   <li>the finite-width {@code E[y_1²] = E[V_n]} (one head) against the quadrature at the largest width
 *       (illustrations below it).</li>
 * </ul>
 */
public final class Remark32Check implements Check {
    private static final double TOLERANCE = 1e-8;

    @Override
    public String name() {
        return "remark-3.2";
    }

    @Override
    public String statement() {
        return "Remark 3.2";
    }

    @Override
    public String claim() {
        return "Var Z^y = E[V] = infinite-head variance, for every H; V -> E[V] as H -> infinity";
    }

    @Override
    public CheckResult run(Settings settings) {
        double eps = settings.perturb();
        List<CheckResult.Row> rows = new ArrayList<>();
        AttentionCase one = AttentionCase.standard(1);
        double infinite = one.meanV();
        AttentionLimit law = Corollary32Check.law(one);
        double hron = law.infiniteHeadVarianceByQmc();
        rows.add(CheckResult.Row.check(one.label(), "infinite-head variance sigma_O^2 sigma_V^2 E[s'Ks] (quasi-Monte Carlo) vs 1-D quadrature E[V]", 0, hron, 0,
                infinite, TOLERANCE + law.infiniteHeadVarianceByQmcError() * infinite, infinite, eps));
        int limitCount = Remark31Check.limitCount(settings);
        for (int h : new int[] {1, 4, 16}) {
            Sample s = Sample.of(DrawCache.limitV(AttentionCase.standard(h), limitCount, settings));
            rows.add(CheckResult.Row.check(AttentionCase.standard(h).label(), "limit E[V] vs infinite-head variance", 0,
                    s.mean(), s.halfWidth(), infinite, 0, infinite, eps));
        }
        double varV1 = law.secondMomentOfV() - law.variance().value() * law.variance().value();
        for (int h : new int[] {16, 64}) {
            AttentionCase c = AttentionCase.standard(h);
            Sample var = Theorem31Check.varianceOf(c.limitV(limitCount / 4, settings.sampler(DrawCache.salt("r32|" + h), 1)));
            rows.add(CheckResult.Row.check(c.label(), "H Var(V_H) vs Var(V_1) (concentration at rate 1/H)", 0,
                    h * var.mean(), h * var.halfWidth(), varV1, 0, varV1, eps));
        }
        int count = Theorem31Check.count(settings);
        for (int n : settings.widths()) {
            Sample s = Sample.of(DrawCache.finiteV(one, n, count, settings));
            if (settings.judgesLimit(n)) {
                rows.add(CheckResult.Row.check(one.label(), "finite-width E[y_1^2]", n, s.mean(), s.halfWidth(), infinite,
                        0, infinite, eps));
            } else {
                rows.add(CheckResult.Row.illustration(one.label(), "finite-width E[y_1^2] (trend: illustration)",
                        n, s.mean(), s.halfWidth(), infinite, 0, infinite));
            }
            settings.progress().accept(name() + ": n = " + n);
        }
        return CheckResult.of(this, Settings.LEVEL + "; 1e-8 + stated error bound for the deterministic row", rows,
                "E[y_1^2] = E[V_n] exactly given the draws of V_n; the finite-width row is a check at the largest width if it is >= 1024 (Settings.LIMIT_WIDTH)");
    }
}
