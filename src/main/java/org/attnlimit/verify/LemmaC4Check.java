package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Lemma C.4: {@code f(x, y) = xy} is pseudo-Lipschitz of order {@code k} for every {@code k ≥ 2}.
 *
 * <p>The constant, derived here: with {@code z = (x, y)}, {@code z' = (x', y')},
 * {@code |xy − x'y'| = |x(y − y') + y'(x − x')| ≤ √(x² + y'²) ‖z − z'‖ ≤ (‖z‖ + ‖z'‖) ‖z − z'‖}
 * (Cauchy–Schwarz), so {@code L = 1} for {@code k = 2}; for {@code k ≥ 3}, {@code t ≤ 1 + t^{k−1}} gives
 * {@code ‖z‖ + ‖z'‖ ≤ 2(1 + ‖z‖^{k−1} + ‖z'‖^{k−1})}, so {@code L = 2}. The numerical supremum must not
 * exceed them (for {@code k = 2} it approaches 1/2 at infinity, along {@code z' = (−x, y)}).
 */
public final class LemmaC4Check implements Check {
    private final double claimedConstantOrder2;

    /** @param claimedConstantOrder2 the constant claimed for {@code k = 2} (tests pass a wrong one) */
    public LemmaC4Check(double claimedConstantOrder2) {
        this.claimedConstantOrder2 = claimedConstantOrder2;
    }

    /** The derived constants. */
    public LemmaC4Check() {
        this(1);
    }

    @Override
    public String name() {
        return "lemma-c4";
    }

    @Override
    public String statement() {
        return "Lemma C.4";
    }

    @Override
    public String claim() {
        return "xy is pseudo-Lipschitz of order k >= 2 (L = 1 for k = 2, L = 2 for k >= 3)";
    }

    @Override
    public CheckResult run(Settings settings) {
        List<CheckResult.Row> rows = new ArrayList<>();
        int tries = Math.max(200, settings.samples() / 100);
        for (int k : new int[] {2, 3, 4}) {
            double constant = k == 2 ? claimedConstantOrder2 : 2;
            double sup = PseudoLipschitz.supremum(z -> z[0] * z[1], 2, k, settings.seed() + k, tries);
            rows.add(bound("f(x,y) = xy", "sup ratio, order " + k, sup, constant));
            settings.progress().accept(name() + ": order " + k);
        }
        return CheckResult.of(this, "supremum by random search + Nelder-Mead; consistent when it does not exceed the proof's constant",
                rows, "the ratio is not attained: for k = 2 it tends to 1/2 at infinity");
    }

    /** A row judged by {@code estimate ≤ constant} (a lower bound must not exceed a proven upper bound). */
    static CheckResult.Row bound(String caseName, String quantity, double sup, double constant) {
        return new CheckResult.Row(caseName, quantity, 0, sup, 0, constant, 0, sup <= constant * (1 + 1e-9), true);
    }
}
