package org.attnlimit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attnlimit.limit.Estimate;
import org.attnlimit.limit.Law;
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

    /** @return a standalone LaTeX document: {@link #latexTable} */
    public static String latex(String title, List<CovarianceEntry> entries) {
        return latexTable(title, entries).document();
    }

    /**
     * @return the covariance table as a LaTeX table (a {@code longtable} when it is taller than
     *     a page): quantity, formula, value rounded to its error bound, closed form (long forms that repeat are named
     *     {@code \kappa_i} in the legend) and how the entry was obtained
     */
    public static LatexTable latexTable(String title, List<CovarianceEntry> entries) {
        return latexTable(title, entries, null);
    }

    /**
     * As {@link #latexTable(String, List)} for a program beyond Theorem 3.1: a non-null {@code conjecture} (e.g.
     * "conjecture (nested conditioning, beyond Theorem 3.1)") is named in the caption and leads the notes.
     */
    public static LatexTable latexTable(String title, List<CovarianceEntry> entries, String conjecture) {
        String basis = conjecture == null ? "Definition 3.1" : "Definition 3.1 and the " + Latex.escapeText(conjecture);
        LatexTable.Builder t = LatexTable.builder("Infinite-width limit of \\texttt{" + Latex.escapeText(title)
                + "} (" + basis + ").", "tab:program-" + title.replaceAll("\\.netsor$", "").replaceAll("[^A-Za-z0-9-]", "-"))
                .math("quantity").wrap("formula", "4.2cm").number("value").math("closed form").text("method")
                .size("\\footnotesize");
        LatexTables.Abbreviations abbreviations = new LatexTables.Abbreviations("\\kappa");
        String section = null;
        for (CovarianceEntry e : entries) {
            String s = sectionOf(e.kind());
            if (section != null && !s.equals(section)) {
                t.rule();
            }
            section = s;
            t.row(e.quantity(), "$" + e.formula() + "$", Latex.rounded(e.value(), e.errorBound(), 10), closedForm(e, abbreviations),
                    LatexTables.methodLabel(e.method()));
        }
        if (conjecture != null) {
            t.note("Rows whose method is ``conjecture'' are a " + Latex.escapeText(conjecture)
                    + ", not a theorem; the others are Definition 3.1 for the part before any score-dependent vector.");
        }
        abbreviations.notes().forEach(t::note);
        t.note("$C(a,b)=\\operatorname{Cov}(Z^{a},Z^{b})$. Entries not listed (other MatMul pairs, other score pairs) are 0.");
        return t.build();
    }

    /** The entry's closed form; an exact 0 by independence of centred vectors prints as 0. */
    static String closedForm(CovarianceEntry e, LatexTables.Abbreviations abbreviations) {
        if (e.closedForm() != null) {
            return abbreviations.shorten(e.closedForm());
        }
        return e.value() == 0 && e.method().startsWith("independent") ? "0" : "";
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
     * @param cdf the CDF there, {@code P(y ≤ x)} and {@code P(y < x)}
     * @param atoms the law's atoms (the density excludes them)
     */
    public record LawOutput(String name, ProgramLaw.Moments moments, String densityNote, double[] at,
            Estimate[] pdf, Law.Cdf[] cdf, List<Law.Atom> atoms) {
        /** An output without atoms, its CDF values {@code P(y ≤ x)} given as estimates. */
        public LawOutput(String name, ProgramLaw.Moments moments, String densityNote, double[] at, Estimate[] pdf,
                Estimate[] cdf) {
            this(name, moments, densityNote, at, pdf, java.util.Arrays.stream(cdf)
                    .map(e -> Law.Cdf.continuous(e.value(), e.error())).toArray(Law.Cdf[]::new), List.of());
        }
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
        return lawText(title, outputs, joint, jointNote, sample, null);
    }

    /**
     * As {@link #lawText(String, List, ProgramLaw.Joint, String, SampleSummary)} for a law that is not Theorem 3.1's:
     * {@code conjecture} (e.g. "conjecture (nested conditioning, beyond Theorem 3.1)") heads every output and the
     * joint moments; {@code null} for Theorem 3.1.
     */
    public static String lawText(String title, List<LawOutput> outputs, ProgramLaw.Joint joint, String jointNote,
            SampleSummary sample, String conjecture) {
        StringBuilder b = new StringBuilder();
        for (LawOutput o : outputs) {
            ProgramLaw.Moments m = o.moments();
            b.append("Limit law of Z^{").append(o.name()).append("} in ").append(title)
                    .append(conjecture == null ? " (Theorem 3.1: Z^h = psi(Z^g; p), p independent of Z^g)\n"
                            : ": " + conjecture.toUpperCase(Locale.ROOT) + "\n");
            b.append("  conditionally Gaussian given the scores: ").append(m.conditionallyGaussian() ? "yes" : "no").append('\n');
            b.append(String.format(Locale.ROOT, "  mean                            = %.12g%n", m.mean()));
            b.append(String.format(Locale.ROOT, "  variance                        = %.12g%n", m.variance()));
            b.append(String.format(Locale.ROOT, "  fourth moment  E[(y - Ey)^4]    = %.12g%n", m.fourthMoment()));
            b.append(String.format(Locale.ROOT, "  excess kurtosis                 = %.12g%n", m.excessKurtosis()));
            b.append(String.format(Locale.ROOT, "  relative error estimate         = %.1e%n", m.relativeError()));
            if (m.belowTarget()) {
                b.append("  accuracy: below target (the adaptive budget ran out; the error estimate above holds)\n");
            }
            b.append("  method: ").append(m.method()).append('\n');
            for (Law.Atom a : o.atoms()) {
                b.append(String.format(Locale.ROOT, "  atom at y = %.12g with mass %.12g +- %.1e (the density excludes it)%n",
                        a.location(), a.mass(), a.error()));
            }
            boolean atoms = !o.atoms().isEmpty();
            if (o.at().length > 0) {
                b.append("  density: ").append(o.densityNote()).append('\n');
                b.append(String.format(Locale.ROOT, "  %12s  %16s  %9s  %16s  %9s", "y", "pdf(y)", "+-",
                        atoms ? "P(Y <= y)" : "cdf(y)", "+-")).append(atoms ? String.format(Locale.ROOT, "  %16s", "P(Y < y)") : "")
                        .append('\n');
                for (int i = 0; i < o.at().length; i++) {
                    Estimate f = o.pdf()[i];
                    Law.Cdf c = o.cdf()[i];
                    String pdf = Double.isNaN(f.value()) ? String.format(Locale.ROOT, "%16s  %9s", "atom", "")
                            : String.format(Locale.ROOT, "%16.10g  %9.1e", f.value(), f.error());
                    b.append(String.format(Locale.ROOT, "  %12.6g  %s  %16.12g  %9.1e", o.at()[i], pdf, c.atMost(), c.error()))
                            .append(atoms ? String.format(Locale.ROOT, "  %16.12g", c.below()) : "").append('\n');
                }
            }
        }
        if (joint != null) {
            List<String> n = joint.names();
            b.append("Joint moments of ").append(String.join(", ", n)).append(" (c_a = y_a - E y_a)")
                    .append(conjecture == null ? "" : ": " + conjecture).append('\n');
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
        return lawJson(title, outputs, joint, jointNote, sample, null);
    }

    /** As the five-argument form; a non-null {@code conjecture} is written as {@code "status"}. */
    public static String lawJson(String title, List<LawOutput> outputs, ProgramLaw.Joint joint, String jointNote,
            SampleSummary sample, String conjecture) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("program", title);
        if (conjecture != null) {
            root.put("status", conjecture);   // one-layer laws (Theorem 3.1) keep their fields unchanged
        }
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
        r.put("accuracy", m.belowTarget() ? "below target" : "within target");
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
            cdf.add(o.cdf()[i].atMost());
            cdfErr.add(o.cdf()[i].error());
        }
        List<Map<String, Object>> atoms = new ArrayList<>();
        for (Law.Atom a : o.atoms()) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("location", a.location());
            am.put("mass", a.mass());
            am.put("error", a.error());
            atoms.add(am);
        }
        r.put("atoms", atoms);
        if (!atoms.isEmpty()) {
            r.put("cdf_below", java.util.Arrays.stream(o.cdf()).map(Law.Cdf::below).toList());
        }
        r.put("pdf", pdf);
        r.put("pdf_error", pdfErr);
        r.put("cdf", cdf);
        r.put("cdf_error", cdfErr);
        return r;
    }

    /** At most this many significant digits in the law tables, however small the error estimate. */
    private static final int LAW_DIGITS = 8;

    /**
     * The law of {@code program FILE --law …} as LaTeX tables: first the moments of each output (Theorem 3.1:
     * {@code Z^y = ψ(Z^g; p̊)}, {@code p̊} independent of {@code Z^g}), each rounded to the digits its relative
     * error estimate supports, with whether the output is conditionally Gaussian given the scores and how it
     * was computed; then, when {@code joint} is given, the joint moments of every pair
     * {@code Cov(c_a, c_b)}, {@code E[c_a² c_b²]} and its Gaussian value {@code Σ_aa Σ_bb + 2Σ_ab²}.
     *
     * @param title the program's file name
     * @param outputs the outputs
     * @param joint their joint moments, or {@code null}
     * @param jointNote why there are none (several outputs not all conditionally Gaussian), or {@code null}
     * @return one or two tables
     */
    public static List<LatexTable> lawLatex(String title, List<LawOutput> outputs, ProgramLaw.Joint joint, String jointNote) {
        return lawLatex(title, outputs, joint, jointNote, null);
    }

    /** As the four-argument form; a non-null {@code conjecture} replaces "Theorem 3.1" in the captions and leads the notes. */
    public static List<LatexTable> lawLatex(String title, List<LawOutput> outputs, ProgramLaw.Joint joint, String jointNote,
            String conjecture) {
        String basis = conjecture == null ? "Theorem 3.1" : Latex.escapeText(conjecture);
        String program = "\\texttt{" + Latex.escapeText(title) + "}";
        String label = "tab:program-law-" + title.replaceAll("\\.netsor$", "").replaceAll("[^A-Za-z0-9-]", "-") + "-"
                + String.join("-", outputs.stream().map(o -> o.name().replaceAll("[^A-Za-z0-9]", "-")).toList());
        String names = outputs.size() <= 4 ? join(outputs.stream().map(o -> "$" + z(o.name()) + "$").toList())
                : outputs.size() + " outputs";
        LatexTable.Builder t = LatexTable.builder("Moments of the limit law of " + names + " in " + program
                + " (" + basis + ").", label)
                .math("output").number("$\\mathbb{E}\\,Z$").number("$\\operatorname{Var}Z$")
                .number("$\\mathbb{E}[(Z-\\mathbb{E}Z)^4]$").number("$\\kappa$").number("rel.\\ error")
                .text("c.\\,G.").size("\\footnotesize");
        Map<String, String> methods = new LinkedHashMap<>();
        outputs.forEach(o -> methods.computeIfAbsent(o.moments().method(), x -> "(" + (char) ('a' + methods.size()) + ")"));
        boolean oneMethod = methods.size() == 1;
        if (!oneMethod) {
            t.text("method");
        }
        for (LawOutput o : outputs) {
            ProgramLaw.Moments m = o.moments();
            double rel = m.relativeError();
            double sd = Math.sqrt(m.variance());
            // errors: the estimate is relative to each moment; the mean's is taken relative to the standard
            // deviation (a mean of 0 has no relative error), and κ = m4/Var² − 3 carries m4's error plus
            // twice Var's, 3·rel·(κ + 3) to first order
            List<String> row = new ArrayList<>(List.of(z(o.name()), moment(m.mean(), rel * Math.max(Math.abs(m.mean()), sd)),
                    moment(m.variance(), rel * m.variance()), moment(m.fourthMoment(), rel * m.fourthMoment()),
                    moment(m.excessKurtosis(), 3 * rel * Math.abs(m.excessKurtosis() + 3)), Latex.decimal(rel, 2),
                    m.conditionallyGaussian() ? "yes" : "no"));
            if (!oneMethod) {
                row.add(methods.get(m.method()));
            }
            t.row(row);
        }
        if (conjecture != null) {
            t.note("These numbers are a " + basis + ": the law of a deep program is not proven; see"
                    + " \\texttt{theory/deep-attention.md}.");
        }
        t.note("$Z=Z^{y}$ is the limit of the coordinates of vector $y$; by Theorem 3.1 $Z^{y}=\\psi(Z^{g};\\mathring{p})$"
                + " with the scores $\\mathring{p}$ independent of the Gaussian vector $Z^{g}$."
                + " $\\kappa=\\mathbb{E}[(Z-\\mathbb{E}Z)^4]/(\\operatorname{Var}Z)^2-3$ is the excess kurtosis (0 for a Gaussian).");
        t.note("c.\\,G.\\ (conditionally Gaussian): yes when $Z^{y}$ is Gaussian given $\\mathring{p}$, a mixture of"
                + " Gaussians over the scores; no when a nonlinearity acts on the attention output.");
        t.note("rel.\\ error: the estimated relative error of the moments; the digits shown are those it supports"
                + " (at most " + LAW_DIGITS + " significant).");
        t.note(oneMethod ? "Method: " + methodLatex(methods.keySet().iterator().next()) + "." : methodLegend(methods));
        if (joint == null && jointNote != null) {
            t.note("Joint moments: " + options(jointNote) + ".");
        }
        List<LatexTable> tables = new ArrayList<>();
        tables.add(t.build());
        if (joint != null) {
            tables.add(jointLatex(program, label, outputs, joint, basis));
        }
        return tables;
    }

    /**
     * The joint moments of several outputs, one row per pair {@code a ≤ b}; the diagonal comes from the
     * marginal laws and carries their error estimate.
     */
    private static LatexTable jointLatex(String program, String label, List<LawOutput> outputs, ProgramLaw.Joint joint,
            String basis) {
        List<String> n = joint.names();
        LatexTable.Builder t = LatexTable.builder("Joint moments of the limit laws of "
                + (n.size() <= 4 ? join(n.stream().map(x -> "$" + z(x) + "$").toList()) : n.size() + " outputs") + " in "
                + program + " (" + basis + "), $c_a=Z^{a}-\\mathbb{E}Z^{a}$.", label + "-joint")
                .math("$a$").math("$b$").number("$\\Sigma_{ab}=\\operatorname{Cov}(c_a,c_b)$")
                .number("$\\mathbb{E}[c_a^2c_b^2]$").number("$\\Sigma_{aa}\\Sigma_{bb}+2\\Sigma_{ab}^2$");
        for (int a = 0; a < n.size(); a++) {
            for (int b = a; b < n.size(); b++) {
                double scale = Math.sqrt(joint.covariance()[a][a] * joint.covariance()[b][b]);
                double rel = joint.relativeError();
                if (a == b) {
                    String name = n.get(a);
                    rel = outputs.stream().filter(o -> o.name().equals(name)).findFirst()
                            .map(o -> o.moments().relativeError()).orElse(rel);
                }
                // Σ_ab's error is rel·√(Σ_aa Σ_bb), E[c_a² c_b²]'s rel·Σ_aa Σ_bb; the Gaussian value
                // Σ_aa Σ_bb + 2Σ_ab² carries 2·rel from the product and 4|Σ_ab|·rel·√(Σ_aa Σ_bb) ≤ 4·rel·Σ_aa Σ_bb
                // from the square: 6·rel·Σ_aa Σ_bb in all
                t.row(org.attnlimit.program.Program.latexName(n.get(a)), org.attnlimit.program.Program.latexName(n.get(b)), moment(joint.covariance()[a][b], rel * scale),
                        moment(joint.fourth()[a][b], rel * scale * scale), moment(joint.gaussianFourth()[a][b], 6 * rel * scale * scale));
            }
        }
        t.note("The last column is what $\\mathbb{E}[c_a^2c_b^2]$ would be for a Gaussian vector with covariance $\\Sigma$"
                + " (Isserlis); the difference is the dependence the shared scores induce.");
        t.note("Estimated error: " + Latex.number(joint.relativeError(), 2) + " relative to $\\sqrt{\\Sigma_{aa}\\Sigma_{bb}}$"
                + " for $\\Sigma_{ab}$ and to $\\Sigma_{aa}\\Sigma_{bb}$ for the fourth moments off the diagonal; the diagonal"
                + " is that of the marginal laws. The digits shown are those the estimate supports.");
        t.note("Method: " + methodLatex(joint.method()) + ".");
        return t.build();
    }

    /** A moment with absolute error {@code error}: 0 when it is below the error, else rounded to what the error supports. */
    private static String moment(double x, double error) {
        if (Double.isFinite(x) && Math.abs(x) <= error) {
            return "0";
        }
        return Latex.rounded(x, error, LAW_DIGITS);
    }

    private static String z(String name) {
        return "Z^{" + org.attnlimit.program.Program.latexName(name) + "}";
    }

    /** "a", "a and b", "a, b and c" */
    private static String join(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static String methodLegend(Map<String, String> methods) {
        StringBuilder b = new StringBuilder("Method: ");
        methods.forEach((m, code) -> b.append(code).append(' ').append(methodLatex(m)).append("; "));
        return b.substring(0, b.length() - 2) + ".";
    }

    /** The few formulas of the law's method descriptions ({@code 48^3 nodes}, {@code 16 random shifts x 16384 points}). */
    private static final java.util.regex.Pattern METHOD_MATH = java.util.regex.Pattern.compile(
            "v = s\\^T K s|(\\d+)\\^(\\d+)|(?<= )x(?= \\d)|(?<=given )p\\b|(?<= )=(?= )");

    /**
     * A method description of {@link ProgramLaw} as text-mode LaTeX: its formulas in math mode, two names joined
     * by a hyphen with an en dash (Gauss--Hermite), the rest escaped. Written by hand (not {@link AsciiMath}) because
     * these descriptions are mostly prose whose few formulas are known.
     */
    static String methodLatex(String method) {
        StringBuilder b = new StringBuilder();
        java.util.regex.Matcher m = METHOD_MATH.matcher(method);
        int from = 0;
        while (m.find()) {
            b.append(prose(method.substring(from, m.start())));
            String g = m.group();
            b.append(switch (g) {
                case "x" -> "$\\times$";
                case "p" -> "$\\mathring{p}$";
                case "=" -> "$=$";
                default -> g.startsWith("v") ? "$v=s^{\\top}Ks$" : "$" + m.group(1) + "^{" + m.group(2) + "}$";
            });
            from = m.end();
        }
        return b.append(prose(method.substring(from))).toString();
    }

    private static String prose(String text) {
        return Latex.escapeText(text).replaceAll("\\b([A-Z][a-z]+)-([A-Z][a-z]+)\\b", "$1--$2");
    }

    /** Plain text naming command-line options: {@code --sample} in typewriter, the rest escaped. */
    private static String options(String text) {
        StringBuilder b = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("--[a-z-]+").matcher(text);
        int from = 0;
        while (m.find()) {
            b.append(Latex.escapeText(text.substring(from, m.start()))).append("\\texttt{-{}-")
                    .append(m.group().substring(2)).append('}');
            from = m.end();
        }
        return b.append(Latex.escapeText(text.substring(from))).toString();
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
