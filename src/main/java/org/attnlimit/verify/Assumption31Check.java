package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;

/**
 * Assumption 3.1 asks the score inputs' activation to be bounded, {@code |φ| ≤ c}. Every allowance of
 * Lemmas D.5–D.9 is a power of {@code c}: given the inputs, a MatMul output has variance
 * {@code σ_W² x·x/n ≤ σ_W²c²}. This check shows that bound holding for {@code clip_1}
 * (by construction: every row is an illustration, none can fail) and failing for ReLU, whose conditional variance is unbounded (its largest value over the draws grows
 * as the width shrinks or the draws multiply), with heavier tails of {@code X_{n,1}} at small widths
 * (kurtosis; both tend to 9, the kurtosis of a product of independent Gaussians). For ReLU no finite
 * allowance exists, so its rows are illustrations too: the paper notes that boundedness is a convenience of
 * the proof, not a condition of the limit, and its second moment still approaches {@code σ² = 1/4}.
 */
public final class Assumption31Check implements Check {

    @Override
    public String name() {
        return "assumption-3.1";
    }

    @Override
    public String statement() {
        return "Assumption 3.1";
    }

    @Override
    public String claim() {
        return "bounded phi: the conditional variance x.x/n <= c^2 (clip); unbounded for ReLU";
    }

    @Override
    public CheckResult run(Settings settings) {
        List<CheckResult.Row> rows = new ArrayList<>();
        for (Activation phi : new Activation[] {Activation.clip(1), Activation.relu()}) {
            ScoreArray head = ScoreArray.attentionHead(phi, 2);
            ScoreCase p11 = ScoreCase.of(phi.spec() + " p11", head, 1, 0, 0, 0);
            boolean bounded = phi.isBounded();
            double c2 = head.activationBound() * head.activationBound();
            for (int n : settings.widths()) {
                double[][] g = DrawCache.grams(head, n, settings.drawsAt(n), settings);
                double max = 0;
                for (double[] draw : g) {
                    max = Math.max(max, draw[0]);
                }
                rows.add(bounded
                        ? CheckResult.Row.of(CheckResult.Kind.ILLUSTRATION, p11.name(),
                                "max over draws of x1.x1/n (<= c^2 by construction)", n, max, 0, c2, 0, max <= c2, c2,
                                (c2 - max) / c2)
                        : CheckResult.Row.illustration(p11.name(), "max over draws of x1.x1/n (no bound)", n, max, 0,
                                Double.NaN, 0, Double.NaN));
                ScoreArraySampler.Pairs d = DrawCache.pairs(p11, n, settings);
                Sample m2 = Sample.of(d.x1(), x -> x * x);
                Sample m4 = Sample.of(d.x1(), x -> x * x * x * x);
                rows.add(CheckResult.Row.illustration(p11.name(), "kurtosis E X^4 / (E X^2)^2 (illustration; tends to 9)", n,
                        m4.mean() / (m2.mean() * m2.mean()), 0, Double.NaN, 0, Double.NaN));
                if (!bounded) {
                    rows.add(CheckResult.Row.illustration(p11.name(), "E X_{n,1}^2 -> 1/4 (illustration, no allowance)", n,
                            m2.mean(), m2.halfWidth(), p11.variance(), 0, p11.variance()));
                }
                settings.progress().accept(name() + ": " + phi.spec() + ", n = " + n);
            }
        }
        return CheckResult.of(this, "illustrations only", rows,
                "illustration, not a check: |clip| <= c makes x.x/n <= c^2 by construction; ReLU has no c, so none of the "
                        + "proof's allowances exists, and the draws show its unbounded conditional variance");
    }
}
