package org.attnlimit.verify;

import java.util.List;

/**
 * Lemma D.7: {@code E X_{n,1}²X_{n,2}² → σ⁴}. Given the inputs the two coordinates are iid, so the moment
 * is {@code E S²} with {@code S = E[X²|x]}; {@code E S² − σ⁴ = E(S−σ²)² + 2σ²(E S − σ²)} gives the
 * allowance {@code (16c⁸T⁴ + 4σ²c⁴T²)/n} (see {@link ScoreMomentCheck}).
 */
public final class LemmaD7Check extends ScoreMomentCheck {

    /** @param cases the arrays to check */
    public LemmaD7Check(List<ScoreCase> cases) {
        super(cases);
    }

    /** The standard cases. */
    public LemmaD7Check() {
        this(ScoreCase.standard());
    }

    @Override
    public String name() {
        return "lemma-d7";
    }

    @Override
    public String statement() {
        return "Lemma D.7";
    }

    @Override
    public String claim() {
        return "E X_{n,1}^2 X_{n,2}^2 -> sigma^4";
    }

    @Override
    CheckResult.Row row(ScoreCase c, int n, ScoreArraySampler.Pairs d) {
        double[] prod = new double[d.x1().length];
        for (int i = 0; i < prod.length; i++) {
            prod[i] = d.x1()[i] * d.x1()[i] * d.x2()[i] * d.x2()[i];
        }
        Sample s = Sample.of(prod);
        double sigma2 = c.variance();
        double c4t2 = secondMomentBias(c) / 2;
        double allowance = (16 * c4t2 * c4t2 + 4 * sigma2 * c4t2) / n;
        return CheckResult.Row.interval(c.name(), "E X_{n,1}^2 X_{n,2}^2", n, s.mean(), s.halfWidth(),
                sigma2 * sigma2, allowance, true);
    }

    @Override
    String note() {
        return "allowance (16 c^8 T^4 + 4 sigma^2 c^4 T^2) / n, the proven O(1/n) bias for |phi| <= c";
    }
}
