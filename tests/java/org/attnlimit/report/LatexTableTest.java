package org.attnlimit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatexTableTest {

    @Test
    void scannerRejectsRawOperatorsInTextModeOnly() {
        // a cell left as plain text: each of the five operators is found
        assertThat(TextModeScanner.violations("estimate 0.28 +/- 0.03 & E|X|^3/sqrt(n) & <q,k> \\\\")).hasSize(6);
        // the same in math mode, in a comment, or in a tabular column specification is fine
        assertThat(TextModeScanner.violations("$0.28 \\pm 0.03$ & $|X| < 1$ % a+/-b <x>\n"
                + "\\begin{tabular}{@{}>{$}l<{$}D{.}{.}{1.2}@{}} \\[ a > b \\] \\ifdim\\dimen0<1pt \\fi")).isEmpty();
    }

    @Test
    void aBadCellIsRejectedAndTheTranslatedOneIsNot() {
        Table raw = new Table("raw", List.of("quantity", "estimate"), List.of(List.of("E|X_{n,1}|^3/sqrt(n)", "0.28 +/- 0.03")), true);
        assertThat(TextModeScanner.violations(raw.latex().document())).isNotEmpty();
        Table plain = new Table("E|X_{n,1}|^3 / sqrt(n) -> 0", List.of("quantity", "estimate"),
                List.of(List.of("E|X_{n,1}|^3 / sqrt(n)", "0.2807 +/- 0.0311"), List.of("<q1,k1>", "-1.5e-03 +/- 2e-04")), false);
        String doc = plain.latex().document();
        assertThat(TextModeScanner.violations(doc)).isEmpty();
        assertThat(doc).contains("$\\mathbb{E}|X_{n,1}|^{3} / \\sqrt{n}$", "\\langle q_{1},k_{1}\\rangle", "\\toprule",
                "D{.}{.}{");
    }

    @Test
    void roundsToTheDigitsTheErrorSupports() {
        // two significant digits of the half-width fix the last decimal of the estimate
        assertThat(Latex.pm(0.280712, 0.0311)).isEqualTo("0.281 \\pm 0.031");
        assertThat(Latex.pm(12.3456, 0.96)).isEqualTo("12.35 \\pm 0.96");
        assertThat(Latex.pm(0.5, 0.0996)).isEqualTo("0.50 \\pm 0.10");
        assertThat(Latex.pm(-0.00012, 0.0004)).isEqualTo("-0.00012 \\pm 0.00040");
        assertThat(Latex.rounded(0.516058550962, 7e-15, 10)).isEqualTo("0.516058551");
        assertThat(Latex.rounded(0.2856128, 2e-4, 10)).isEqualTo("0.28561");
        assertThat(Latex.decimal(3.0e-14, 2)).isEqualTo("3.0\\times10^{-14}");
    }

    @Test
    void anOverwideTableIsCaught(@TempDir Path dir) throws Exception {
        // the compile check must fail on a table wider than the text: twelve long columns are
        LatexCompile.requireBooktabs();
        LatexTable.Builder b = LatexTable.builder("Too wide.", "tab:wide");
        for (int i = 0; i < 12; i++) {
            b.text("a long column head " + i);
        }
        b.row(java.util.Collections.nCopies(12, "cell"));
        Path tex = dir.resolve("wide.tex");
        Files.writeString(tex, b.build().document());
        assertThat(LatexCompile.problems(tex)).anyMatch(p -> p.contains("Overfull"));
    }

    /** 90 rows in groups, with an estimate column: taller than any page, so a longtable. */
    private static LatexTable tall(boolean wide) {
        LatexTable.Builder b = LatexTable.builder("A tall table.", "tab:tall").text("case").number("$n$").pm("estimate")
                .number("limit");
        if (wide) {
            b.wide();
        }
        for (int i = 0; i < 90; i++) {
            if (i % 10 == 0) {
                b.heading("\\emph{group " + i / 10 + "}");
            }
            b.row("row " + i, Integer.toString(16 << (i % 4)), Latex.pm(0.1 * i + 0.0123, 0.0011 * (i + 1)), "0.5");
        }
        return b.note("A legend.").build();
    }

    @Test
    void aTableTallerThanThePageBreaksAcrossPagesAndCompilesCleanlyInTwoRuns(@TempDir Path dir) throws Exception {
        LatexCompile.requireBooktabs();
        LatexTable narrow = tall(false);
        LatexTable wide = tall(true);
        assertThat(narrow.multipage()).isTrue();
        assertThat(narrow.fragment()).contains("\\begin{longtable}", "%   \\usepackage{longtable}")
                .doesNotContain("landscape", "\\begin{table}");
        // a wide table that is too tall is a longtable on landscape pages, not a sidewaystable
        assertThat(wide.fragment()).contains("\\begin{landscape}", "%   \\usepackage{pdflscape}")
                .doesNotContain("sidewaystable");
        java.util.List<String> problems = new java.util.ArrayList<>();
        for (String name : new String[] {"tall", "tall-wide"}) {
            LatexTable t = name.equals("tall") ? narrow : wide;
            Path doc = dir.resolve(name + ".tex");
            Files.writeString(doc, t.document());
            problems.addAll(LatexCompile.problems(doc));
            problems.addAll(LatexCompile.problems(LatexCompile.wrapFragment(dir, name, t.fragment())));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aShortTableStaysAFloatAndAFloatTallerThanThePageIsCaught(@TempDir Path dir) throws Exception {
        LatexCompile.requireBooktabs();
        LatexTable.Builder b = LatexTable.builder("Short.", "tab:short").text("case").number("value");
        for (int i = 0; i < 20; i++) {
            b.row("row " + i, Integer.toString(i));
        }
        LatexTable shortTable = b.build();
        assertThat(shortTable.multipage()).isFalse();
        assertThat(shortTable.fragment()).contains("\\begin{table}").doesNotContain("longtable");
        // the compile check rejects a float that the estimate would have made a longtable: 90 rows in a table
        String tallFloat = shortTable.document().replaceFirst("\\\\bottomrule",
                java.util.regex.Matcher.quoteReplacement("row & 1 \\\\\n".repeat(90) + "\\bottomrule"));
        Path tex = dir.resolve("tall-float.tex");
        Files.writeString(tex, tallFloat);
        assertThat(LatexCompile.problems(tex)).anyMatch(p -> p.contains("Float too large"));
    }
}
