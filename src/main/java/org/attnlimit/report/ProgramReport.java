package org.attnlimit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attnlimit.limit.ProgramLaw;
import org.attnlimit.program.CovarianceEntry;
import org.attnlimit.program.ProgramLimit;

/** Renders the covariance table of a program's limit ({@link ProgramLimit#table()}) as text, LaTeX or JSON. */
public final class ProgramReport {
    private ProgramReport() {
    }

    /** @return a plain-text label, e.g. {@code Cov(q1, k2)} or {@code E[x1 x2]} */
    public static String label(CovarianceEntry e) {
        return switch (e.kind()) {
            case "mean", "input-mean" -> "E[" + e.a() + "]";
            case "nonlin" -> "E[" + e.a() + " " + e.b() + "]";
            default -> "Cov(" + e.a() + ", " + e.b() + ")";
        };
    }

    /** @return an aligned text table with a heading per section */
    public static String text(String title, List<CovarianceEntry> entries, List<String> warnings) {
        StringBuilder b = new StringBuilder();
        b.append("Infinite-width limit of ").append(title).append(" (Definition 3.1)\n");
        String section = "";
        int width = 12;
        for (CovarianceEntry e : entries) {
            width = Math.max(width, label(e).length());
        }
        for (CovarianceEntry e : entries) {
            String s = sectionOf(e.kind());
            if (!s.equals(section)) {
                section = s;
                b.append('\n').append(s).append('\n');
            }
            b.append(String.format(Locale.ROOT, "  %-" + width + "s  %18.12g  +- %-8.1e  %s%n",
                    label(e), e.value(), e.errorBound(), e.method()));
        }
        b.append("\nEntries not listed (other MatMul pairs, other score pairs) are 0.\n");
        for (String w : warnings) {
            b.append(w).append('\n');
        }
        return b.toString();
    }

    /** @return a LaTeX {@code longtable} body: quantity, formula, value, closed form */
    public static String latex(String title, List<CovarianceEntry> entries) {
        StringBuilder b = new StringBuilder();
        b.append("% Infinite-width limit of ").append(title).append(" (Definition 3.1)\n");
        b.append("\\begin{longtable}{llrl}\n");
        b.append("quantity & formula & value & closed form \\\\ \\hline\n");
        for (CovarianceEntry e : entries) {
            b.append('$').append(e.quantity()).append("$ & $").append(e.formula()).append("$ & ")
                    .append(String.format(Locale.ROOT, "%.12g", e.value())).append(" & ")
                    .append(e.closedForm() == null ? "" : "$" + e.closedForm() + "$").append(" \\\\\n");
        }
        b.append("\\end{longtable}\n");
        return b.toString();
    }

    /** @return JSON: {@code {"program": …, "entries": [...], "score_covariance": {...}, "warnings": [...]}} */
    public static String json(String title, ProgramLimit limit, List<String> warnings) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("program", title);
        List<Map<String, Object>> list = new ArrayList<>();
        for (CovarianceEntry e : limit.table()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", e.kind());
            m.put("a", e.a());
            m.put("b", e.b());
            m.put("label", label(e));
            m.put("value", e.value());
            m.put("error_bound", e.errorBound());
            m.put("latex", e.quantity());
            m.put("formula", e.formula());
            if (e.closedForm() != null) {
                m.put("closed_form", e.closedForm());
            }
            m.put("method", e.method());
            list.add(m);
        }
        root.put("entries", list);
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("names", limit.program().scores());
        scores.put("matrix", limit.scoreCovariance());
        root.put("score_covariance", scores);
        if (!limit.program().scoreDependent().isEmpty()) {
            root.put("score_dependent", limit.program().scoreDependent());
        }
        root.put("warnings", warnings);
        return Json.write(root);
    }

    /** @return the line naming the vectors that depend on the scores (not in the Definition 3.1 table) */
    public static String scoreDependentNote(List<String> vectors) {
        int shown = Math.min(vectors.size(), 12);
        String list = String.join(", ", vectors.subList(0, shown)) + (shown < vectors.size()
                ? ", … (" + vectors.size() + " in all)" : "");
        return "Score-dependent vectors (Theorem 3.1: a mixture over the scores, not in this table;"
                + " their law: --law NAME): " + list;
    }

    /**
     * What {@code program FILE --law …} shows of one output: its moments (from {@link ProgramLaw}), and the
     * density and CDF already evaluated at the requested points.
     *
     * @param name the output
     * @param moments its moments
     * @param densityNote how the density is computed (or why not)
     * @param at the points
     * @param pdf the density there (value NaN at an atom)
     * @param cdf the CDF there
     */
    public record LawOutput(String name, ProgramLaw.Moments moments, String densityNote, double[] at,
            ProgramLaw.Estimate[] pdf, ProgramLaw.Estimate[] cdf) {
    }

    /**
     * A summary of the samples drawn from the hierarchical law.
     *
     * @param count draws
     * @param seed the seed
     * @param file the CSV file, or {@code null}
     * @param means the sample mean per output
     * @param variances the sample variance per output
     */
    public record SampleSummary(int count, long seed, String file, double[] means, double[] variances) {
    }

    /** @return the law of the outputs as text */
    public static String lawText(String title, List<LawOutput> outputs, ProgramLaw.Joint joint, String jointNote,
            SampleSummary sample) {
        StringBuilder b = new StringBuilder();
        for (LawOutput o : outputs) {
            ProgramLaw.Moments m = o.moments();
            b.append("Limit law of Z^{").append(o.name()).append("} in ").append(title)
                    .append(" (Theorem 3.1: Z^h = psi(Z^g; p), p independent of Z^g)\n");
            b.append("  conditionally Gaussian given the scores: ").append(m.conditionallyGaussian() ? "yes" : "no").append('\n');
            b.append(String.format(Locale.ROOT, "  mean                            = %.12g%n", m.mean()));
            b.append(String.format(Locale.ROOT, "  variance                        = %.12g%n", m.variance()));
            b.append(String.format(Locale.ROOT, "  fourth moment  E[(y - Ey)^4]    = %.12g%n", m.fourthMoment()));
            b.append(String.format(Locale.ROOT, "  excess kurtosis                 = %.12g%n", m.excessKurtosis()));
            b.append(String.format(Locale.ROOT, "  relative error estimate         = %.1e%n", m.relativeError()));
            b.append("  method: ").append(m.method()).append('\n');
            if (o.at().length > 0) {
                b.append("  density: ").append(o.densityNote()).append('\n');
                b.append(String.format(Locale.ROOT, "  %12s  %16s  %9s  %16s  %9s%n", "y", "pdf(y)", "+-", "cdf(y)", "+-"));
                for (int i = 0; i < o.at().length; i++) {
                    ProgramLaw.Estimate f = o.pdf()[i];
                    ProgramLaw.Estimate c = o.cdf()[i];
                    String pdf = Double.isNaN(f.value()) ? String.format(Locale.ROOT, "%16s  %9s", "atom", "")
                            : String.format(Locale.ROOT, "%16.10g  %9.1e", f.value(), f.error());
                    b.append(String.format(Locale.ROOT, "  %12.6g  %s  %16.12g  %9.1e%n", o.at()[i], pdf, c.value(), c.error()));
                }
            }
        }
        if (joint != null) {
            List<String> n = joint.names();
            b.append("Joint moments of ").append(String.join(", ", n)).append(" (c_a = y_a - E y_a)\n");
            b.append("  method: ").append(joint.method()).append('\n');
            b.append(String.format(Locale.ROOT, "  relative error estimate = %.1e%n", joint.relativeError()));
            int w = 8;
            for (String s : n) {
                w = Math.max(w, s.length() + 12);
            }
            matrix(b, "Cov(c_a, c_b)", n, joint.covariance(), w);
            matrix(b, "E[c_a^2 c_b^2]", n, joint.fourth(), w);
            matrix(b, "E[c_a^2 c_b^2] if Gaussian (Sigma_aa Sigma_bb + 2 Sigma_ab^2)", n, joint.gaussianFourth(), w);
        } else if (jointNote != null) {
            b.append("Joint moments: ").append(jointNote).append('\n');
        }
        if (sample != null) {
            b.append("Samples from the hierarchical law: ").append(sample.count()).append(" draws, seed ").append(sample.seed())
                    .append(sample.file() == null ? "" : ", written to " + sample.file()).append('\n');
            for (int a = 0; a < outputs.size(); a++) {
                b.append(String.format(Locale.ROOT, "  %s: sample mean %.6g, sample variance %.6g%n", outputs.get(a).name(),
                        sample.means()[a], sample.variances()[a]));
            }
        }
        return b.toString();
    }

    private static void matrix(StringBuilder b, String heading, List<String> names, double[][] m, int w) {
        b.append("  ").append(heading).append('\n');
        b.append("  ").append(String.format(Locale.ROOT, "%-" + w + "s", ""));
        for (String n : names) {
            b.append(String.format(Locale.ROOT, "%" + w + "s", n));
        }
        b.append('\n');
        for (int a = 0; a < names.size(); a++) {
            b.append("  ").append(String.format(Locale.ROOT, "%-" + w + "s", names.get(a)));
            for (int c = 0; c < names.size(); c++) {
                b.append(String.format(Locale.ROOT, "%" + w + ".9g", m[a][c]));
            }
            b.append('\n');
        }
    }

    /** @return the law as JSON: one output's fields at the top level, several under {@code outputs} with {@code joint} */
    public static String lawJson(String title, List<LawOutput> outputs, ProgramLaw.Joint joint, String jointNote,
            SampleSummary sample) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("program", title);
        root.put("law", outputs.stream().map(LawOutput::name).toList());
        if (outputs.size() == 1) {
            root.putAll(outputJson(outputs.get(0)));
        } else {
            root.put("outputs", outputs.stream().map(ProgramReport::outputJson).toList());
            if (joint != null) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("names", joint.names());
                j.put("means", joint.means());
                j.put("covariance", joint.covariance());
                j.put("fourth_moments", joint.fourth());
                j.put("gaussian_fourth_moments", joint.gaussianFourth());
                j.put("relative_error", joint.relativeError());
                j.put("method", joint.method());
                root.put("joint", j);
            } else {
                root.put("joint", null);
                root.put("joint_note", jointNote);
            }
        }
        if (sample != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", sample.count());
            m.put("seed", sample.seed());
            m.put("file", sample.file());
            m.put("means", sample.means());
            m.put("variances", sample.variances());
            root.put("sample", m);
        }
        return Json.write(root);
    }

    private static Map<String, Object> outputJson(LawOutput o) {
        ProgramLaw.Moments m = o.moments();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", o.name());
        r.put("mean", m.mean());
        r.put("variance", m.variance());
        r.put("fourth_moment", m.fourthMoment());
        r.put("excess_kurtosis", m.excessKurtosis());
        r.put("relative_error", m.relativeError());
        r.put("method", m.method());
        r.put("conditionally_gaussian", m.conditionallyGaussian());
        r.put("density_method", o.densityNote());
        r.put("at", o.at());
        List<Double> pdf = new ArrayList<>();
        List<Double> pdfErr = new ArrayList<>();
        List<Double> cdf = new ArrayList<>();
        List<Double> cdfErr = new ArrayList<>();
        for (int i = 0; i < o.at().length; i++) {
            boolean atom = Double.isNaN(o.pdf()[i].value());
            pdf.add(atom ? null : o.pdf()[i].value());   // null: an atom, no density there
            pdfErr.add(atom ? null : o.pdf()[i].error());
            cdf.add(o.cdf()[i].value());
            cdfErr.add(o.cdf()[i].error());
        }
        r.put("pdf", pdf);
        r.put("pdf_error", pdfErr);
        r.put("cdf", cdf);
        r.put("cdf_error", cdfErr);
        return r;
    }

    /** @return the moments of the outputs as a LaTeX tabular (one row per output) */
    public static String lawLatex(String title, List<LawOutput> outputs) {
        StringBuilder b = new StringBuilder();
        b.append("% Limit law (Theorem 3.1) of outputs of ").append(title).append('\n');
        b.append("\\begin{tabular}{lrrrrl}\n");
        b.append("output & $\\mathbb{E}$ & $\\operatorname{Var}$ & $\\mathbb{E}[(Z-\\mathbb{E}Z)^4]$ & excess kurtosis & cond.\\ Gaussian \\\\ \\hline\n");
        for (LawOutput o : outputs) {
            ProgramLaw.Moments m = o.moments();
            b.append("$Z^{").append(o.name().replace("_", "\\_")).append("}$ & ")
                    .append(String.format(Locale.ROOT, "%.10g & %.10g & %.10g & %.10g", m.mean(), m.variance(),
                            m.fourthMoment(), m.excessKurtosis()))
                    .append(" & ").append(m.conditionallyGaussian() ? "yes" : "no").append(" \\\\\n");
        }
        b.append("\\end{tabular}\n");
        b.append(String.format(Locale.ROOT, "%% relative error estimates: %s%n", String.join(", ",
                outputs.stream().map(o -> String.format(Locale.ROOT, "%.1e", o.moments().relativeError())).toList())));
        return b.toString();
    }

    private static String sectionOf(String kind) {
        return switch (kind) {
            case "input", "input-mean" -> "Initial vectors (given law)";
            case "matmul" -> "MatMul outputs: Cov(Z^{Wx}, Z^{Wx'}) = sigma_W^2 E[Z^x Z^x'] (Definition 3.1 (A))";
            case "score" -> "Scores: Cov(p_k, p_l) = C(k1,l1)C(k2,l2) + C(k1,l2)C(k2,l1) (Definition 3.1 (B))";
            default -> "Nonlin outputs: means and second moments (Definition 3.1 (A))";
        };
    }
}
