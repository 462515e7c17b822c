package org.attnlimit.verify;

import java.util.List;

/** Lemma D.4: {@code E X_{n,1} = 0} for every {@code n} (no finite-width allowance). */
public final class LemmaD4Check extends ScoreMomentCheck {

    /** @param cases the arrays to check */
    public LemmaD4Check(List<ScoreCase> cases) {
        super(cases);
    }

    /** The standard cases. */
    public LemmaD4Check() {
        this(ScoreCase.standard());
    }

    @Override
    public String name() {
        return "lemma-d4";
    }

    @Override
    public String statement() {
        return "Lemma D.4";
    }

    @Override
    public String claim() {
        return "E X_{n,1} = 0 for every n";
    }

    @Override
    CheckResult.Row row(ScoreCase c, int n, ScoreArraySampler.Pairs d) {
        Sample s = Sample.of(d.x1());
        return CheckResult.Row.interval(c.name(), "E X_{n,1}", n, s.mean(), s.halfWidth(), 0, 0, true);
    }

    @Override
    String note() {
        return "exact at every width: the query and key matrices of a score are independent (Assumption 3.1 (b))";
    }
}
