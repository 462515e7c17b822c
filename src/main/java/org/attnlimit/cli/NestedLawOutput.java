package org.attnlimit.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.attnlimit.limit.ProgramLaw;
import org.attnlimit.limit.nested.NestedLaw;
import org.attnlimit.limit.nested.NestedTable;
import org.attnlimit.program.CovarianceEntry;
import org.attnlimit.program.Program;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.report.Csv;
import org.attnlimit.report.LatexTable;
import org.attnlimit.report.ProgramReport;

/**
 * {@code program FILE --law NAME} on a program beyond Theorem 3.1: the conjectured nested-conditioning law
 * ({@link NestedLaw}), printed like a one-layer law but labelled {@value NestedLaw#LABEL} in every format.
 */
final class NestedLawOutput {
    /** The integration stops doubling its points after this many seconds. */
    static final double BUDGET_SECONDS = 60;
    static final double DEFAULT_TOL = 1e-3;

    /** The conjectured entries of the covariance table are averaged to this relative error (3 standard errors). */
    static final double TABLE_TOL = 1e-3;
    static final double TABLE_BUDGET_SECONDS = 20;

    private NestedLawOutput() {
    }

    /**
     * {@code program FILE} (no {@code --law}) on a program beyond Theorem 3.1: the covariance table, exact by
     * Definition 3.1 up to the first score-dependent vector, the rest the conjecture's averages
     * ({@link NestedTable}), labelled {@value NestedLaw#LABEL} in every format.
     */
    static int printTable(ProgramCommand c, Program program, Format format) {
        List<CovarianceEntry> entries = NestedTable.of(program, TABLE_TOL, TABLE_BUDGET_SECONDS, c.threads.count());
        String title = c.file.getFileName().toString();
        var w = c.spec.commandLine().getOut();
        switch (format) {
            case latex -> {
                LatexTable t = ProgramReport.latexTable(title, entries, NestedLaw.LABEL);
                w.print(c.fragment ? t.fragment() : t.document());
            }
            case json -> {
                java.util.Map<String, Object> root = new java.util.LinkedHashMap<>();
                root.put("program", title);
                root.put("status", NestedLaw.LABEL);
                List<java.util.Map<String, Object>> list = new ArrayList<>();
                for (CovarianceEntry e : entries) {
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("kind", e.kind());
                    m.put("a", e.a());
                    m.put("b", e.b());
                    m.put("label", ProgramReport.label(e));
                    m.put("value", e.value());
                    m.put("error_bound", e.errorBound());
                    m.put("latex", e.quantity());
                    m.put("formula", e.formula());
                    if (e.closedForm() != null) {
                        m.put("closed_form", e.closedForm());
                    }
                    m.put("method", e.method());
                    m.put("conjecture", e.method().startsWith("conjecture"));
                    list.add(m);
                }
                root.put("entries", list);
                root.put("score_dependent", program.scoreDependent());
                root.put("warnings", program.warnings());
                w.println(org.attnlimit.report.Json.write(root));
            }
            default -> {
                w.println(title + ": " + NestedLaw.LABEL.toUpperCase(java.util.Locale.ROOT));
                w.println("  Entries with method 'conjecture' are averages over the conjectured score hierarchy (error ="
                        + " 3 standard errors); the others are Definition 3.1 up to the first score-dependent vector.");
                w.print(ProgramReport.text(title, entries, List.of()));
                if (!program.scoreDependent().isEmpty()) {
                    w.println(ProgramReport.scoreDependentNote(program.scoreDependent()));
                }
            }
        }
        program.warnings().forEach(c.spec.commandLine().getErr()::println);
        w.flush();
        return ExitCode.OK.code();
    }

    static int print(ProgramCommand c, Program program, Format format) {
        long t0 = System.nanoTime();
        int threads = c.threads.count();
        NestedLaw law = NestedLaw.of(program, c.law.stream().map(String::strip).toList(),
                c.tol == null ? DEFAULT_TOL : c.tol, BUDGET_SECONDS, threads);
        double[] xs = c.at == null ? new double[0] : c.at;
        List<ProgramReport.LawOutput> outputs = new ArrayList<>();
        for (String n : law.outputs()) {
            String note = ProgramCommand.withSampleHint(law.densityNote(n), law.hasDensity(n));
            org.attnlimit.limit.Estimate[] pdf = new org.attnlimit.limit.Estimate[0];
            org.attnlimit.limit.Estimate[] cdf = new org.attnlimit.limit.Estimate[0];
            if (xs.length > 0) {
                if (!law.hasDensity(n)) {
                    throw new org.attnlimit.calculus.InvalidInputException("--at: '" + n + "': " + note);
                }
                pdf = law.pdf(n, xs);
                cdf = law.cdf(n, xs);
            }
            outputs.add(new ProgramReport.LawOutput(n, law.moments(n), note, xs, pdf, cdf));
        }
        ProgramLaw.Joint joint = null;
        String jointNote = null;
        if (law.outputs().size() > 1) {
            if (law.outputs().stream().allMatch(law::hasDensity)) {
                joint = law.joint();
            } else {
                jointNote = "computed for outputs that are Gaussian given the scores only; use --sample for the joint law";
            }
        }
        ProgramReport.SampleSummary summary = null;
        if (c.sample != null) {
            long seed = c.seedOption.seed();
            ParallelSampler sampler = ParallelSampler.of(seed).withThreads(threads);
            double[][] draws = law.sample(c.sample, sampler);
            if (c.outOption.present()) {
                Csv.write(c.outOption.path(), law.outputs(), Arrays.asList(draws));
            }
            double[] means = new double[draws.length];
            double[] vars = new double[draws.length];
            for (int a = 0; a < draws.length; a++) {
                means[a] = Arrays.stream(draws[a]).average().orElse(0);
                double m = means[a];
                vars[a] = Arrays.stream(draws[a]).map(y -> (y - m) * (y - m)).sum() / Math.max(1, draws[a].length - 1);
            }
            summary = new ProgramReport.SampleSummary(draws[0].length, seed, c.outOption.present() ? c.outOption.path().toString() : null,
                    means, vars);
        }
        String title = c.file.getFileName().toString();
        var w = c.spec.commandLine().getOut();
        switch (format) {
            case json -> w.println(ProgramReport.lawJson(title, outputs, joint, jointNote, summary, NestedLaw.LABEL));
            case latex -> {
                List<LatexTable> tables = ProgramReport.lawLatex(title, outputs, joint, jointNote, NestedLaw.LABEL);
                w.print(c.fragment ? LatexTable.fragment(tables) : LatexTable.document(tables));
            }
            default -> {
                w.print(ProgramReport.lawText(title, outputs, joint, jointNote, summary, NestedLaw.LABEL));
                w.printf(java.util.Locale.ROOT, "  (computed in %.0f ms)%n", (System.nanoTime() - t0) / 1e6);
            }
        }
        program.warnings().forEach(c.spec.commandLine().getErr()::println);
        w.flush();
        return ExitCode.OK.code();
    }
}
