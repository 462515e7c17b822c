package org.attnlimit.cli;

import org.attnlimit.calculus.InvalidInputException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.ClosedForm;
import org.attnlimit.calculus.ClosedFormProvider;
import org.attnlimit.calculus.Expectation;
import org.attnlimit.calculus.GaussianExpectations;
import org.attnlimit.calculus.Require;
import org.attnlimit.calculus.TieredExpectations;
import org.attnlimit.report.Json;
import org.attnlimit.report.Latex;
import org.attnlimit.symbolic.KnownClosedForms;
import org.attnlimit.symbolic.SymjaClosedForms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code attnlimit expect}: Gaussian expectations {@code E[φ(Z)^k]} and {@code E[φ(U)ψ(V)]} — symbolic
 * where the computer algebra can derive them, cited identities, or quadrature. Parses, validates and
 * prints; the mathematics is in {@code calculus} and {@code symbolic}.
 */
@Command(name = "expect", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {
            "Gaussian expectations E[phi(Z)^k], Z ~ N(mean, var), and E[phi(U) psi(V)] for centred",
            "Gaussian (U, V): a closed form derived by Symja where phi is piecewise linear (written with",
            "Phi and phi, the standard normal cdf and pdf), a cited identity (arc-cosine, arcsine kernels),",
            "or quadrature split at the activation's kinks. Every answer has an error bound.",
            "",
            "Activations: identity, clip:c=C (C > 0, default 1), relu, step, leaky-relu:a=A (default",
            "0.01), tanh, erf, gelu."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  attnlimit expect --phi clip:c=1 --moment 2",
            "      E[clip_c(Z)^2] = 2 Phi(c) - 1 - 2c phi(c) + 2c^2 (1 - Phi(c)) = 0.516059 (Appendix B.1)",
            "  attnlimit expect --phi relu --moment 1 --mean 0.5 --var 2 --format latex",
            "  attnlimit expect --phi relu --pair --var1 1 --var2 1 --cov 0.3 --format json",
            "  attnlimit expect --phi clip:c=1 --pair --psi clip:c=0.5 --cov -0.99   (quadrature)",
            "  attnlimit expect --phi tanh --moment 2 --numeric"
        })
public final class ExpectCommand implements Callable<Integer> {

    @Option(names = "--fragment", description = "with --format latex: the equation alone, to paste or \\input, not a document")
    boolean fragment;

    @Spec
    CommandSpec spec;

    @Option(names = "--phi", required = true, paramLabel = "ACT",
            description = "Activation phi, e.g. clip:c=1, relu, leaky-relu:a=0.2, tanh.")
    String phiSpec;

    @Option(names = "--moment", paramLabel = "K", description = "Compute E[phi(Z)^K], K = 1..4 (default: 2 unless --pair).")
    Integer moment;

    @Option(names = "--mean", paramLabel = "M", defaultValue = "0", description = "Mean of Z (default: ${DEFAULT-VALUE}).")
    double mean;

    @Option(names = "--var", paramLabel = "V", defaultValue = "1", description = "Variance of Z, >= 0 (default: ${DEFAULT-VALUE}).")
    double var;

    @Option(names = "--pair", description = "Compute E[phi(U) psi(V)] for centred Gaussian (U, V) instead.")
    boolean pair;

    @Option(names = "--psi", paramLabel = "ACT", description = "Activation psi for --pair (default: the same as --phi).")
    String psiSpec;

    @Option(names = "--var1", paramLabel = "V1", defaultValue = "1", description = "Variance of U (default: ${DEFAULT-VALUE}).")
    double var1;

    @Option(names = "--var2", paramLabel = "V2", defaultValue = "1", description = "Variance of V (default: ${DEFAULT-VALUE}).")
    double var2;

    @Option(names = "--cov", paramLabel = "C", defaultValue = "0",
            description = "Covariance of U and V, |C| <= sqrt(V1 V2) (default: ${DEFAULT-VALUE}).")
    double cov;

    @Mixin
    SharedOptions.FormatOption format = new SharedOptions.FormatOption(Format.text, "Output: ${FORMATS}.", Format.latex, Format.json);

    @Option(names = {"--numeric", "--no-symbolic"},
            description = "Skip the computer algebra: closed forms evaluated by hand-coded formulas, else quadrature.")
    boolean numeric;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Budget per Symja evaluation before falling back to quadrature (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
        Activation phi = validate();
        return pair ? executePair(phi) : executeMoment(phi);
    }

    private Activation validate() {
        Activation phi = Activation.parse(phiSpec);
        if (fragment && format.get() != Format.latex) {
            throw new InvalidInputException("--fragment applies to --format latex only");
        }
        if (pair && moment != null) {
            throw new InvalidInputException("--moment and --pair exclude each other");
        }
        for (String option : new String[] {"--psi", "--var1", "--var2", "--cov"}) {
            if (!pair && given(option)) {
                throw new InvalidInputException(option + " needs --pair (for E[phi(U) psi(V)])");
            }
        }
        for (String option : new String[] {"--mean", "--var"}) {
            if (pair && given(option)) {
                throw new InvalidInputException(option + " is for E[phi(Z)^k]; with --pair give --var1, --var2, --cov");
            }
        }
        if (!pair) {
            Require.between("--moment", moment == null ? 2 : moment, 1, 4);
            Require.finite("--mean", mean);
            Require.nonNegative("--var", var);
        } else {
            Require.nonNegative("--var1", var1);
            Require.nonNegative("--var2", var2);
            Require.finite("--cov", cov);
        }
        Require.atLeast("--timeout", timeoutSeconds, 1);
        if (given("--timeout") && (numeric || pair)) {
            throw new InvalidInputException("--timeout limits the computer algebra, which "
                    + (numeric ? "--numeric skips" : "--pair does not use"));
        }
        if (given("--timeout") && !(phi.kind().piecewisePolynomial() && var > 0)) {
            throw new InvalidInputException("--timeout limits the computer algebra, which " + phi.spec()
                    + (var > 0 ? " does not use (its moments come from cited forms or quadrature)" : " with --var 0 does not use"));
        }
        return phi;
    }

    /** @return whether the user gave {@code option} (not just its default) */
    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private int executeMoment(Activation phi) {
        int k = moment == null ? 2 : moment;
        TieredExpectations.Answer answer;
        boolean symbolic = !numeric && phi.kind().piecewisePolynomial() && var > 0;
        Optional<ClosedFormProvider> known = symbolic ? KnownClosedForms.lookup(phi, k, mean, var) : Optional.empty();
        if (known.isPresent()) {
            // derived before (the catalogue, or the disk cache): no computer algebra starts (~0.4 s instead of ~2 s)
            answer = TieredExpectations.moment(known.get(), phi, k, mean, var);
        } else if (symbolic) {
            try (SymjaClosedForms symja = SymjaClosedForms.withTimeout(Duration.ofSeconds(timeoutSeconds))) {
                answer = TieredExpectations.moment(KnownClosedForms.recording(symja), phi, k, mean, var);
            }
        } else {
            answer = TieredExpectations.moment(null, phi, k, mean, var);
        }
        Expectation e = answer.expectation();
        Optional<ClosedForm> cf = answer.closedForm();
        String lhsText = "E[" + textName(phi, cf.isPresent()) + "(Z)" + (k == 1 ? "" : "^" + k) + "]";
        String lhsLatex = "\\mathbb{E}\\left[" + latexName(phi, cf.isPresent()) + "(Z)" + (k == 1 ? "" : "^{" + k + "}") + "\\right]";
        String given = "Z ~ N(" + num(mean) + ", " + num(var) + ")" + (cf.isPresent() ? parameterText(phi) : "");
        String givenLatex = "Z\\sim\\mathcal{N}(" + num(mean) + ", " + num(var) + ")" + (cf.isPresent() ? parameterLatex(phi) : "");
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("phi", phi.spec());
        inputs.put("moment", k);
        inputs.put("mean", mean);
        inputs.put("var", var);
        print(e, cf, lhsText, lhsLatex, given, givenLatex, inputs);
        return ExitCode.OK.code();
    }

    private int executePair(Activation phi) {
        Activation psi = psiSpec == null ? phi : Activation.parse(psiSpec);
        Expectation e = GaussianExpectations.pair(phi, psi, var1, var2, cov);
        double rho = var1 > 0 && var2 > 0 ? Math.max(-1, Math.min(1, cov / Math.sqrt(var1) / Math.sqrt(var2))) : 0;
        String lhsText = "E[" + textName(phi, false) + "(U) " + textName(psi, false) + "(V)]";
        String lhsLatex = "\\mathbb{E}\\left[" + latexName(phi, false) + "(U)\\," + latexName(psi, false) + "(V)\\right]";
        String given = "v1 = " + num(var1) + ", v2 = " + num(var2) + ", c12 = " + num(cov) + ", rho = " + num(rho);
        String givenLatex = "v_1=" + num(var1) + ",\\ v_2=" + num(var2) + ",\\ c_{12}=" + num(cov) + ",\\ \\rho=" + num(rho)
                + pairParametersLatex(phi, psi);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("phi", phi.spec());
        inputs.put("psi", psi.spec());
        inputs.put("var1", var1);
        inputs.put("var2", var2);
        inputs.put("cov", cov);
        inputs.put("correlation", rho);
        print(e, Optional.empty(), lhsText, lhsLatex, given, givenLatex, inputs);
        return ExitCode.OK.code();
    }

    private void print(Expectation e, Optional<ClosedForm> cf, String lhsText, String lhsLatex, String given,
            String givenLatex, Map<String, Object> inputs) {
        PrintWriter out = spec.commandLine().getOut();
        switch (format.get()) {
            case json: {
                Map<String, Object> m = new LinkedHashMap<>(inputs);
                m.put("value", e.value());
                m.put("latex", e.latex());
                m.put("latex_general", cf.map(ClosedForm::generalLatex).orElse(null));
                m.put("expression", cf.map(ClosedForm::text).orElse(null));
                m.put("sympy", cf.flatMap(c -> org.attnlimit.report.SympyForm.of(c.text())).orElse(null));
                m.put("method", e.method().label());
                m.put("error_bound", e.errorBound());
                m.put("note", e.note());
                out.println(Json.write(m));
                break;
            }
            case latex: {
                List<String> comments = new java.util.ArrayList<>();
                cf.map(ClosedForm::generalLatex).ifPresent(g -> comments.add("general mean \\mu and variance v: " + g));
                comments.add("method: " + e.method().label() + ", error bound " + bound(e));
                String equation = Latex.equation(lhsLatex, e.latex(), Latex.rounded(e.value(), e.errorBound(), 12),
                        e.errorBound() == 0, givenLatex, comments);
                out.print(fragment ? equation : Latex.equationDocument(equation));
                break;
            }
            default: {
                out.println(lhsText + ",  " + given);
                cf.ifPresent(c -> out.println("  = " + c.text()));
                out.println("  = " + e.value());
                out.println("method: " + e.method().label() + ", error bound " + bound(e));
                if (e.note() != null) {
                    out.println("note: " + e.note());
                }
                if (e.latex() != null) {
                    out.println("latex: " + e.latex());
                }
            }
        }
        out.flush();
    }

    private static String bound(Expectation e) {
        return String.format(Locale.ROOT, "%.1e", e.errorBound());
    }

    private static String num(double x) {
        return Activation.formatNumber(x);
    }

    /** φ's name with its parameter as a symbol when the closed form keeps it symbolic. */
    private static String textName(Activation phi, boolean symbolicParameter) {
        String p = symbolicParameter ? phi.kind().parameterName() : num(phi.parameter());
        switch (phi.kind()) {
            case CLIP:
                return "clip_" + p;
            case LEAKY_RELU:
                return "lrelu_" + p;
            default:
                return phi.kind().label();
        }
    }

    private static String latexName(Activation phi, boolean symbolicParameter) {
        if (!symbolicParameter) {
            return phi.latexName();
        }
        switch (phi.kind()) {
            case CLIP:
                return "\\operatorname{clip}_{c}";
            case LEAKY_RELU:
                return "\\operatorname{LReLU}_{a}";
            default:
                return phi.latexName();
        }
    }

    /** The activation parameters as the identities name them: a (and b for a second leaky-ReLU), c. */
    private static String pairParametersLatex(Activation phi, Activation psi) {
        StringBuilder b = new StringBuilder();
        String first = phi.kind().parameterName();
        if (first != null) {
            b.append(",\\ ").append(first).append("=").append(num(phi.parameter()));
        }
        String second = psi.kind().parameterName();
        if (second != null) {
            boolean clash = second.equals(first);
            if (!clash || psi.parameter() != phi.parameter() || phi.kind() == Activation.Kind.LEAKY_RELU) {
                b.append(",\\ ").append(clash ? "b" : second).append("=").append(num(psi.parameter()));
            }
        }
        return b.toString();
    }

    private static String parameterText(Activation phi) {
        String name = phi.kind().parameterName();
        return name == null ? "" : ", " + name + " = " + num(phi.parameter());
    }

    private static String parameterLatex(Activation phi) {
        String name = phi.kind().parameterName();
        return name == null ? "" : ",\\ " + name + "=" + num(phi.parameter());
    }
}
