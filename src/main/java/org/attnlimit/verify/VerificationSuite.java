package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;

/** Runs checks in order and collects their results. */
public final class VerificationSuite {
    private VerificationSuite() {
    }

    /**
     * @param checks the checks to run
     * @param settings the budget; progress lines are prefixed with "[i/k]"
     * @return one result per check, in order
     */
    public static List<CheckResult> run(List<Check> checks, Settings settings) {
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            String prefix = "[" + (i + 1) + "/" + checks.size() + "] ";
            Settings s = settings.withProgress(line -> settings.progress().accept(prefix + line));
            CheckResult r = c.run(s);
            settings.progress().accept(prefix + c.name() + ": " + r.verdict().label());
            results.add(r);
        }
        return results;
    }
}
