package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;

/**
 * Definition 3.1 (B) needs the {@code n^{-1/2}} scaling of the scores: with the {@code 1/n} scaling of
 * Yang (2019) every score tends to 0, since {@code Var(n^{-1}⟨q,k⟩) = E X_{n,1}²/n} (Lemma D.6 kills the
 * cross terms). Rows: {@code Var(n^{-1/2}⟨q_1,k_1⟩) → σ²} (a check, allowance {@code m4/n}) and
 * {@code Var(n^{-1}⟨q_1,k_1⟩) ≤ (σ² + m4/n)/n → 0}, an illustration: it is the same draws divided by
 * {@code n}, so it cannot fail independently of the first row.
 */
public final class ScoreScalingCheck implements Check {

    @Override
    public String name() {
        return "score-scaling";
    }

    @Override
    public String statement() {
        return "Definition 3.1 (B)";
    }

    @Override
    public String claim() {
        return "n^{-1/2}<q,k> has variance -> sigma^2; n^{-1}<q,k> (Yang 2019) -> 0";
    }

    @Override
    public CheckResult run(Settings settings) {
        ScoreArray head = ScoreArray.attentionHead(Activation.clip(1), 2);
        double sigma2 = ScoreLimit.of(head).covariance()[0][0];
        // Bias of E p_11^2: Var(x_1^2)/n <= m4/n (LemmaD5Check with t = e_1, one surviving Isserlis product).
        double bias = InputKernel.fourthMoment(head.phi());
        List<CheckResult.Row> rows = new ArrayList<>();
        for (int n : settings.widths()) {
            int count = PropositionD1Check.count(settings, n);
            double[][] p = DrawCache.scores(head, n, count, settings);
            double[] sq = new double[count];
            double[] sqYang = new double[count];
            for (int j = 0; j < count; j++) {
                sq[j] = p[j][0] * p[j][0];
                sqYang[j] = sq[j] / n;
            }
            Sample s = Sample.of(sq);
            Sample y = Sample.of(sqYang);
            rows.add(CheckResult.Row.check(head.name(), "Var(n^{-1/2}<q1,k1>)", n, s.mean(), s.halfWidth(), sigma2,
                    bias / n, sigma2, settings.perturb()));
            rows.add(CheckResult.Row.illustration(head.name(), "Var(n^{-1}<q1,k1>) (illustration: the row above / n)", n,
                    y.mean(), y.halfWidth(), 0, (sigma2 + bias / n) / n, sigma2 / n));
            settings.progress().accept(name() + ": n = " + n);
        }
        return CheckResult.of(this, Settings.LEVEL, rows,
                "under 1/n scaling the variance decays like sigma^2/n: the scores, hence the softmax weights, become constant");
    }
}
