package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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
        run(checks, settings, results::add);
        return results;
    }

    /**
     * As {@link #run(List, Settings)}, handing each result to {@code finished} as soon as its check is done (so
     * that an interrupted run can still report the checks that finished).
     */
    public static void run(List<Check> checks, Settings settings, Consumer<CheckResult> finished) {
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            String prefix = "[" + (i + 1) + "/" + checks.size() + "] ";
            Settings s = settings.withProgress(line -> settings.progress().accept(prefix + line));
            CheckResult r = c.run(s);
            settings.progress().accept(prefix + c.name() + ": " + r.verdict().label());
            finished.accept(r);
        }
    }
}
