package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attnlimit.report.Json;
import org.attnlimit.report.LatexCompile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attnlimit check} end to end. Verdicts are deterministic (fixed grid, fixed seed, bounds rather
 * than statistical tolerances), so the assertions are exact; every refutation below is a negative test
 * showing that the judge can fail, every acceptance a positive one. Claims are batched into one
 * {@code --file} run where possible: one Symja start for many claims, as the command does it.
 */
class CheckCommandTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void noDiskCache() {
        // every claim here goes through Symja; CheckSessionTest covers the cache
        System.setProperty("attnlimit.cache.dir", "off");
    }

    private static MainTest.Run check(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "check";
        System.arraycopy(args, 0, all, 1, args.length);
        return MainTest.run(all);
    }

    private Path file(String... lines) throws Exception {
        Path f = dir.resolve("claims-" + System.nanoTime() + ".txt");
        Files.write(f, List.of(lines), StandardCharsets.UTF_8);
        return f;
    }

    private static JsonNode json(MainTest.Run r) throws Exception {
        return Json.mapper().readTree(r.out()).get("claims");
    }

    @Test
    void theIssueExamplesWorkAsWritten() {
        MainTest.Run clip = check("--phi", "clip", "--moment", "2", "--claim", "2*Phi(c)-1-2*c*phi(c)+2*c^2*(1-Phi(c))");
        assertThat(clip.code()).as(clip.err()).isZero();
        assertThat(clip.out()).contains("claim - derived simplifies to 0", "HOLDS IDENTICALLY", "c in [0.01, 20]");

        MainTest.Run relu = check("--phi", "relu", "--pair", "--claim",
                "sqrt(v1*v2)*(sqrt(1-rho^2)+rho*(pi-arccos(rho)))/(2*pi)");
        assertThat(relu.code()).as(relu.err()).isZero();
        assertThat(relu.out()).contains("HOLDS IDENTICALLY", "rho in [-1, 1]");

        MainTest.Run tex = check("--phi", "clip", "--moment", "2", "--claim", "2\\Phi(c)-1-2c\\varphi(c)+2c^2(1-\\Phi(c))");
        assertThat(tex.code()).as(tex.err()).isZero();
        assertThat(tex.out()).contains("HOLDS IDENTICALLY");

        MainTest.Run program = check("--program", "theory/programs/crosswise.netsor", "--entry", "Cov(p1, p2)",
                "--claim", "-0.06876581");
        assertThat(program.code()).as(program.err()).isZero();
        assertThat(program.out()).contains("HOLDS TO THE 8 DIGITS WRITTEN", "VALUE -0.0687658122");

        MainTest.Run file = check("--file", "claims.txt");
        assertThat(file.code()).as(file.err()).isZero();
        assertThat(file.out()).contains("7 claims: 7 hold");
    }

    @Test
    void refutesRealisticMistakes() throws Exception {
        Path f = file(
                "# missing factor 2 (on c*phi(c))",
                "--phi clip --moment 2 --claim '2*Phi(c)-1-c*phi(c)+2*c^2*(1-Phi(c))'",
                "# sign error",
                "--phi clip --moment 2 --claim '2*Phi(c)-1+2*c*phi(c)+2*c^2*(1-Phi(c))'",
                "# rho*arccos(rho) instead of rho*(pi-arccos(rho))",
                "--phi relu --pair --claim 'sqrt(v1*v2)*(sqrt(1-rho^2)+rho*arccos(rho))/(2*pi)'",
                "# right only for rho >= 0",
                "--phi relu --pair --claim 'sqrt(v1*v2)*(sqrt(1-rho^2)+abs(rho)*(pi-arccos(abs(rho))))/(2*pi)'",
                "# sigma^2 where sigma^4 belongs: Var(p11) of one head",
                "--program theory/programs/attention-s2.netsor --entry 'Var(p11)' --claim '2*Phi(1)-1-2*phi(1)+2*(1-Phi(1))'",
                "# the crosswise Isserlis product dropped: C(a1,b3)C(b2,a4) = 0 alone",
                "--program theory/programs/crosswise.netsor --entry 'Cov(p1, p2)' --claim '0'",
                "# a tiny extra term",
                "--phi clip --moment 2 --claim '2*Phi(c)-1-2*c*phi(c)+2*c^2*(1-Phi(c))+1e-9*c^8'",
                "# one digit off in the 8th significant place (allowed: half a unit, 5e-9)",
                "--program theory/programs/crosswise.netsor --entry 'Cov(p1, p2)' --claim '-0.06876583'");
        MainTest.Run r = check("--file", f.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.REFUTED.code());
        JsonNode claims = json(r);
        assertThat(claims).hasSize(8);
        for (JsonNode c : claims) {
            assertThat(c.get("verdict").asText()).as(c.get("claim").asText()).isEqualTo("refuted");
            JsonNode ce = c.get("counterexample");
            assertThat(ce.get("holds").asBoolean()).isFalse();
            assertThat(ce.get("deviation").asDouble()).isGreaterThan(ce.get("allowed").asDouble());
        }
        assertThat(claims.get(3).get("region").asText()).isEqualTo("fails for rho < 0 only");
        assertThat(claims.get(3).get("counterexample").get("at").get("rho").asDouble()).isNegative();
        assertThat(claims.get(6).get("region").asText()).startsWith("fails for c > ");
        assertThat(claims.get(6).get("difference").asText()).isEqualTo("c^8/1000000000");
        assertThat(claims.get(2).get("region").asText()).endsWith("holds only at rho = 0");
    }

    /**
     * The corners: a bump of 1e-4·√(v1 v2) added to the arc-cosine kernel only on ρ ∈ [0.992, 0.998] (between the
     * grid's ρ values) is refuted — Symja's non-zero difference is evaluated on a dense set with its breakpoints —
     * and a claim that is not shown to be identical says at how many points it holds.
     */
    @Test
    void aBumpBetweenTheGridPointsIsRefuted() {
        String kernel = "sqrt(v1*v2)*(sqrt(1-rho^2)+rho*(pi-arccos(rho)))/(2*pi)";
        MainTest.Run bump = check("--phi", "relu", "--pair", "--claim",
                kernel + " + sqrt(v1*v2)/10000*max(0, min(1, 1000*min(rho-992/1000, 998/1000-rho)))");
        assertThat(bump.code()).as(bump.out()).isEqualTo(3);
        assertThat(bump.out()).contains("breakpoints of max/min/abs added", "REFUTED", "rho = 0.99");
        // the same bump with rounded numbers, read as exact
        String rounded = kernel + " + 1e-4*sqrt(v1*v2)*max(0, min(1, 1000*min(rho-0.992, 0.998-rho)))";
        MainTest.Run exact = check("--exact", "--phi", "relu", "--pair", "--claim", rounded);
        assertThat(exact.code()).as(exact.out()).isEqualTo(3);
        // and read as rounded: 1e-4 stands for [0.5e-4, 1.5e-4], never 0, so on the bump's plateau (rho in [0.993,
        // 0.997], where 0.992 and 0.998 do not matter) the claim is off by twice its rounding: refuted there too
        MainTest.Run asRounded = check("--phi", "relu", "--pair", "--claim", rounded);
        assertThat(asRounded.code()).as(asRounded.out()).isEqualTo(3);
        assertThat(asRounded.out()).contains("REFUTED", "rho = 0.99");
        // a removable singularity at rho = ±1 (arctan(rho/sqrt(1-rho^2)) = arcsin rho) is judged by its limit, not refuted
        MainTest.Run arctan = check("--phi", "relu", "--pair", "--claim",
                "sqrt(v1*v2)*(sqrt(1-rho^2)+rho*(pi/2+arctan(rho/sqrt(1-rho^2))))/(2*pi)");
        assertThat(arctan.code()).as(arctan.out()).isZero();
        assertThat(arctan.out()).contains("judged by its limit from inside the range", "HOLDS AT THE ", " POINTS TRIED");
    }

    /** A bare number is read as rounded to its digits, and the verdict says so; --exact reads it as exact. */
    @Test
    void aBareNumberHoldsOnlyToItsDigits() {
        MainTest.Run rounded = check("--phi", "clip:c=1", "--moment", "2", "--claim", "0.5");
        assertThat(rounded.code()).isZero();
        assertThat(rounded.out()).contains("HOLDS TO THE 1 DIGIT WRITTEN, ±0.05; VALUE 0.516059");
        MainTest.Run exact = check("--exact", "--phi", "clip:c=1", "--moment", "2", "--claim", "0.5");
        assertThat(exact.code()).isEqualTo(3);
    }

    @Test
    void aRefutedClaimPrintsItsCounterexample() {
        MainTest.Run r = check("--phi", "relu", "--pair", "--claim",
                "sqrt(v1*v2)*(sqrt(1-rho^2)+abs(rho)*(pi-arccos(abs(rho))))/(2*pi)");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("counterexample: v1 = ", "claimed ", "true ", " ± ", "REFUTED — fails for rho < 0 only");
    }

    @Test
    void acceptsCorrectFormsWrittenDifferently() throws Exception {
        Path f = file(
                "--phi clip --moment 2 --claim '1 - 2*(1-c^2)*(1-Phi(c)) - 2*c*phi(c)'",
                "--program theory/programs/attention-s2.netsor --entry 'Var(p11)' --claim '(2*Phi(1)-1-2*phi(1)+2*(1-Phi(1)))^2'",
                "--program theory/programs/attention-s2.netsor --entry 'Var(p11)' --claim '0.26631643'",
                "--program theory/programs/crosswise.netsor --entry 'Cov(p1, p2)' --claim '-0.0687658'",
                "--phi relu --pair --claim 'sqrt(v1 v2) (sqrt(1 - rho^2) + rho (pi - arccos(rho))) / (2 pi)'",
                "--phi relu --pair --claim '(sqrt(v1*v2-c12^2) + c12*(pi-arccos(c12/sqrt(v1*v2))))/(2*pi)'",
                "--phi step --pair --claim '\\frac{\\pi-\\arccos\\rho}{2\\pi}'",
                "--phi identity --pair --psi clip --claim 'c12*(2*Phi(c/sqrt(v2))-1)'",
                "--phi relu --moment 2 --param mu=-2:2 --claim '(mu^2+v)*Phi(mu/sqrt(v)) + mu*sqrt(v)*phi(mu/sqrt(v))'",
                "--phi clip --moment 2 --param c=0.05:20 --claim '2*Phi(c)-1-2*c*phi(c)+2*c^2*(1-Phi(c))'",
                "--phi tanh --moment 1 --claim '0'");
        MainTest.Run r = check("--file", f.toString(), "--format", "json");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        for (JsonNode c : json(r)) {
            assertThat(c.get("verdict").asText()).as(c.get("claim").asText()).isNotEqualTo("refuted");
            assertThat(c.get("failures").asInt()).isZero();
        }
    }

    /**
     * The closed form of an {@code expect --format latex} document: the right-hand side of the first
     * {@code align*} row, {@code \mathbb{E}[...] &= FORM \\} (layout of {@code Latex.equation}).
     */
    static String closedForm(String latex) {
        for (String line : latex.split("\\R")) {
            String t = line.strip();
            if (t.startsWith("\\mathbb{E}") && t.contains(" &= ") && t.endsWith(" \\\\")) {
                return t.substring(t.indexOf(" &= ") + 4, t.length() - 3).strip();
            }
        }
        throw new AssertionError("no closed-form row (\\mathbb{E}[...] &= ... \\\\) in:\n" + latex);
    }

    /** The general-mean-and-variance form of the comment line {@code % general mean \mu and variance v: FORM}. */
    static String generalForm(String latex) {
        String key = "% general mean \\mu and variance v: ";
        for (String line : latex.split("\\R")) {
            if (line.startsWith(key)) {
                return line.substring(key.length()).strip();
            }
        }
        throw new AssertionError("no '" + key + "' line in:\n" + latex);
    }

    /** The closed forms {@code expect --format latex} prints, as claim lines for {@code check --file}. */
    private static List<String> claimsFromExpect() {
        List<String> lines = new ArrayList<>();
        for (String phi : List.of("identity", "clip", "relu", "step", "leaky-relu")) {
            for (int k = 1; k <= 4; k++) {
                MainTest.Run e = MainTest.run("expect", "--phi", phi, "--moment", Integer.toString(k), "--format", "latex");
                assertThat(e.code()).isZero();
                lines.add("--phi " + phi + " --moment " + k + " --claim '" + closedForm(e.out()) + "'");
                lines.add("--phi " + phi + " --moment " + k + " --claim '" + generalForm(e.out()) + "'");
            }
        }
        // forms at another mean and variance: the claim is then a function of the activation's parameter only
        for (String[] at : List.of(new String[] {"clip", "2", "0.5", "2"}, new String[] {"clip", "3", "-1", "0.25"},
                new String[] {"relu", "3", "-1", "0.5"}, new String[] {"leaky-relu", "2", "0.5", "2"},
                new String[] {"step", "1", "0.3", "1.5"})) {
            MainTest.Run e = MainTest.run("expect", "--phi", at[0], "--moment", at[1], "--mean", at[2], "--var", at[3],
                    "--format", "latex");
            assertThat(e.code()).isZero();
            lines.add("--phi " + at[0] + " --moment " + at[1] + " --param mu=" + at[2] + ",v=" + at[3]
                    + " --claim '" + closedForm(e.out()) + "'");
        }
        for (String[] pair : List.of(new String[] {"relu", "relu"}, new String[] {"step", "step"}, new String[] {"relu", "step"},
                new String[] {"erf", "erf"}, new String[] {"identity", "clip"}, new String[] {"identity", "relu"},
                new String[] {"identity", "step"}, new String[] {"identity", "erf"}, new String[] {"leaky-relu", "leaky-relu"},
                new String[] {"relu", "leaky-relu"})) {
            MainTest.Run e = MainTest.run("expect", "--phi", pair[0], "--pair", "--psi", pair[1], "--format", "latex");
            assertThat(e.code()).isZero();
            String psi = pair[0].equals(pair[1]) ? "" : " --psi " + pair[1];
            lines.add("--phi " + pair[0] + " --pair" + psi + " --claim '" + closedForm(e.out()) + "'");
        }
        return lines;
    }

    @Test
    void acceptsEveryClosedFormThatExpectPrints() throws Exception {
        // Round trip: the LaTeX that `expect --format latex` prints, fed back as a claim.
        List<String> lines = claimsFromExpect();
        MainTest.Run r = check("--file", file(lines.toArray(new String[0])).toString(), "--format", "json");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode claims = json(r);
        assertThat(claims).hasSize(lines.size());
        for (JsonNode c : claims) {
            assertThat(c.get("verdict").asText()).as(c.get("claim").asText()).isEqualTo("holds_identically");
        }
    }

    @Test
    void refutesEveryClosedFormThatExpectPrintsWhenShifted() throws Exception {
        // Negative counterpart of the round trip: the same extracted forms plus 1/100 must all be refuted,
        // so the round trip cannot pass by extracting something check accepts whatever it is. 1/100 is far
        // above every allowed deviation (tool bound plus rounding, at most ~1e-9 for these claims).
        List<String> lines = new ArrayList<>();
        for (String line : claimsFromExpect()) {
            lines.add(line.substring(0, line.length() - 1) + " + \\frac{1}{100}'");
        }
        MainTest.Run r = check("--file", file(lines.toArray(new String[0])).toString(), "--format", "json");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.REFUTED.code());
        JsonNode claims = json(r);
        assertThat(claims).hasSize(lines.size());
        for (JsonNode c : claims) {
            assertThat(c.get("verdict").asText()).as(c.get("claim").asText()).isEqualTo("refuted");
        }
    }

    @Test
    void badInputIsExitTwoWithOneLine() throws Exception {
        String[][] bad = {
            {"--phi", "clip", "--claim", "2*Phi(c"},
            {"--phi", "clip", "--claim", "2*Phi(x)"},
            {"--phi", "clip", "--claim", "f(c)"},
            {"--phi", "clip", "--param", "c=-1:2", "--claim", "Phi(c)"},
            {"--phi", "relu", "--pair", "--param", "rho=0:2", "--claim", "rho"},
            {"--phi", "relu", "--param", "q=1", "--claim", "1/2"},
            {"--phi", "clip:c=2", "--param", "c=1:3", "--claim", "c"},
            {"--claim", "1"},
            {"--phi", "clip"},
            {"--program", "theory/programs/crosswise.netsor", "--entry", "Cov(p1, p9)", "--claim", "0"},
            {"--program", "theory/programs/crosswise.netsor", "--entry", "Cov(p1, p2)", "--claim", "rho"},
            {"--phi", "clip", "--moment", "5", "--claim", "1"},
            {"--file", "does-not-exist.txt"},
            {"--phi", "clip", "--claim", "x := 3"},
            {"--phi", "clip", "--claim", "\\frac{1}{c"},
            {"--phi", "clip", "--claim", "sqrt(-1)"},
            {"--phi", "clip", "--claim", "1/0"},
        };
        for (String[] args : bad) {
            MainTest.Run r = check(args);
            assertThat(r.code()).as(String.join(" ", args) + " → " + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).doesNotContain("\n").doesNotContain("Exception").isNotEmpty();
        }
        assertThat(check("--phi", "clip", "--claim", "2*Phi(x)").err()).contains("unknown symbol 'x'", "mu, v, c");
        MainTest.Run line = check("--file", file("--phi clip --claim '1'", "--phi clip --claim 'Phi(").toString());
        assertThat(line.code()).isEqualTo(2);
        assertThat(line.err()).contains(":2: ");
    }

    @Test
    void latexIsABooktabsTableThatCompilesWithoutBoxWarnings() throws Exception {
        Path f = file("--phi clip --moment 2 --claim '2\\Phi(c)-1-2c\\varphi(c)+2c^2(1-\\Phi(c))'",
                "--phi relu --pair --claim 'sqrt(v1*v2)*(sqrt(1-rho^2)+abs(rho)*(pi-arccos(abs(rho))))/(2*pi)'",
                "--phi clip --moment 2 --claim '{c}^{2} + {c}^{2}\\,\\Phi(\\frac{ - c - \\mu}{\\sqrt{v}}) - {\\mu}^{2}\\,\\Phi(\\frac{ - c - \\mu}{\\sqrt{v}}) - v\\,\\Phi(\\frac{ - c - \\mu}{\\sqrt{v}}) - {c}^{2}\\,\\Phi(\\frac{c - \\mu}{\\sqrt{v}}) + {\\mu}^{2}\\,\\Phi(\\frac{c - \\mu}{\\sqrt{v}}) + v\\,\\Phi(\\frac{c - \\mu}{\\sqrt{v}}) - c\\,\\sqrt{v}\\,\\varphi(\\frac{ - c - \\mu}{\\sqrt{v}}) + \\mu\\,\\sqrt{v}\\,\\varphi(\\frac{ - c - \\mu}{\\sqrt{v}}) - c\\,\\sqrt{v}\\,\\varphi(\\frac{c - \\mu}{\\sqrt{v}}) - \\mu\\,\\sqrt{v}\\,\\varphi(\\frac{c - \\mu}{\\sqrt{v}})'",
                "--program theory/programs/crosswise.netsor --entry 'Cov(p1, p2)' --claim '-0.06876581'");
        MainTest.Run r = check("--file", f.toString(), "--format", "latex");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("\\toprule", "\\midrule", "\\bottomrule", "\\caption{", "\\label{tab:attnlimit-check}",
                "$\\rho<0$");
        Path tex = dir.resolve("check.tex");
        Files.writeString(tex, "\\documentclass{article}\n\\usepackage{booktabs,array,amsmath,amssymb,graphicx}\n"
                + "\\begin{document}\n" + r.out() + "\\end{document}\n");
        String log = LatexCompile.compile(tex);
        assertThat(log).doesNotContain("Overfull").doesNotContain("Underfull");
    }

    @Test
    void momentsOfTheLimitLawOfScoreDependentVectors() throws Exception {
        MainTest.Run law = MainTest.run("program", "theory/programs/mha-s4-h2.netsor", "--law", "y1");
        assertThat(law.code()).as(law.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("variance\\s*=\\s*(\\S+)").matcher(law.out());
        assertThat(m.find()).isTrue();
        String variance = m.group(1);
        Path f = file("--program theory/programs/mha-s4-h2.netsor --entry 'Var(y1)' --claim '" + variance + "'",
                "# the limit is not Gaussian (Remark 3.1): excess kurtosis 0 is refuted",
                "--program theory/programs/mha-s4-h2.netsor --entry 'Kurt(y1)' --claim '0'");
        MainTest.Run r = check("--file", f.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(json(r).get(0).get("verdict").asText()).isEqualTo("holds");
        assertThat(json(r).get(1).get("verdict").asText()).isEqualTo("refuted");
    }

    @Test
    void helpTeachesTheExitCodes() {
        MainTest.Run r = check("--help");
        assertThat(r.code()).isZero();
        // the list Main sets for every command that can refute (ExitCode.LINE_*)
        assertThat(r.out()).contains("Exit codes:", "3   the mathematics said no", "a refuted claim", "2   bad input",
                "--param", "Phi and phi");
    }
}
