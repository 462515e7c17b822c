package org.attnlimit.verify;

import org.attnlimit.numerics.Softmax;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Proposition C.3: compositions of pseudo-Lipschitz maps are pseudo-Lipschitz — here the maps of
 * Example 3.1, with constants derived here. Illustrations: the constants are upper bounds, not sharp (the
 * MDD column gives the slack), so a wrong constant within that slack would pass.
 *
 * <ul>
 *   <li>The softmax-weighted sum {@code f(p, u) = Σ_j softmax_j(p) u_j} on {@code ℝ^{2s}}: softmax is
 *       1/2-Lipschitz (its Jacobian {@code diag(s) − ssᵀ} has norm ≤ 1/2) and {@code ‖softmax‖₂ ≤ 1}, so
 *       {@code |f(z) − f(z')| ≤ ‖u − u'‖ + ½‖p − p'‖‖u'‖ ≤ ‖z − z'‖(1 + ‖z‖ + ‖z'‖)}: order 2, {@code L = 1}.</li>
 *   <li>The product of two such sums (a composition with Lemma C.4's {@code xy}): with
 *       {@code |f_i(z)| ≤ ‖z‖}, {@code |h(z) − h(z')| ≤ (a + b)(1 + a + b)‖z − z'‖ ≤ 5/2 (1 + a² + b²)‖z − z'‖}
 *       ({@code a = ‖z‖}, {@code b = ‖z'‖}): order 3, {@code L = 5/2}.</li>
 * </ul>
 */
public final class PropositionC3Check implements Check {

    @Override
    public String name() {
        return "proposition-c3";
    }

    @Override
    public String statement() {
        return "Proposition C.3";
    }

    @Override
    public String claim() {
        return "softmax-weighted sums (order 2, L = 1) and their products (order 3, L = 5/2) are pseudo-Lipschitz";
    }

    @Override
    public CheckResult run(Settings settings) {
        int tries = Math.max(200, settings.samples() / 100);
        List<CheckResult.Row> rows = new ArrayList<>();
        for (int s : new int[] {2, 3}) {
            final int tokens = s;
            ToDoubleFunction<double[]> sum = z -> weightedSum(z, 0, tokens);
            double sup = PseudoLipschitz.supremum(sum, 2 * s, 2, settings.seed() + 10 + s, tries);
            rows.add(LemmaC4Check.bound("softmax(p).u, s = " + s, "sup ratio, order 2", sup, 1));
            ToDoubleFunction<double[]> product = z -> weightedSum(z, 0, tokens) * weightedSum(z, 2 * tokens, tokens);
            double supProduct = PseudoLipschitz.supremum(product, 4 * s, 3, settings.seed() + 20 + s, tries);
            rows.add(LemmaC4Check.bound("(softmax(p).u)(softmax(p').u'), s = " + s, "sup ratio, order 3", supProduct, 2.5));
            settings.progress().accept(name() + ": s = " + s);
        }
        return CheckResult.of(this, "illustrations only: supremum by random search + Nelder-Mead below the proof's constant",
                rows, "illustration, not a check: the constants derived in the class documentation are upper bounds, not sharp, "
                        + "so the supremum staying below them could not reveal a 20% error; Lemma C.4's check uses a sharp constant");
    }

    /** {@code Σ_j softmax_j(p) u_j} with {@code p = z[from..from+s)}, {@code u = z[from+s..from+2s)}. */
    static double weightedSum(double[] z, int from, int s) {
        return Softmax.dot(z, from, z, from + s, s);
    }
}
