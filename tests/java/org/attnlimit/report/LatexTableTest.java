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
}
