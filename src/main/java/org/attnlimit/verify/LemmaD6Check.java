package org.attnlimit.verify;

import java.util.List;

/** Lemma D.6: {@code E X_{n,1}X_{n,2} = 0} for every {@code n} (no finite-width allowance). */
public final class LemmaD6Check extends ScoreMomentCheck {

    /** @param cases the arrays to check */
    public LemmaD6Check(List<ScoreCase> cases) {
        super(cases);
    }

    /** The standard cases. */
    public LemmaD6Check() {
        this(ScoreCase.standard());
    }

    @Override
    public String name() {
        return "lemma-d6";
    }

    @Override
    public String statement() {
        return "Lemma D.6";
    }

    @Override
    public String claim() {
        return "E X_{n,1} X_{n,2} = 0 for every n";
    }

    @Override
    CheckResult.Row row(ScoreCase c, int n, ScoreArraySampler.Pairs d) {
        double[] prod = new double[d.x1().length];
        for (int i = 0; i < prod.length; i++) {
            prod[i] = d.x1()[i] * d.x2()[i];
        }
        Sample s = Sample.of(prod);
        return CheckResult.Row.interval(c.name(), "E X_{n,1} X_{n,2}", n, s.mean(), s.halfWidth(), 0, 0, true);
    }

    @Override
    String note() {
        return "exact at every width: given the inputs, different coordinates are independent and centred";
    }
}
