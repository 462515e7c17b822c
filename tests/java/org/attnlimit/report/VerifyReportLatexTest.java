package org.attnlimit.report;

import org.attnlimit.verify.CheckResult;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerifyReportLatexTest {

    private static CheckResult.Row row(CheckResult.Kind kind, String quantity) {
        return CheckResult.Row.of(kind, "head", quantity, 16, 0.5, 0.01, 0.5, 0, true, 0.5, 0.02);
    }

    @Test
    void anIllustrationLosesTheWordAndGainsTheDaggerACheckKeepsItsQuantity() {
        assertThat(VerifyReport.latexQuantity(row(CheckResult.Kind.ILLUSTRATION, "E X_{n,1}^2 (direct) (too weak: illustration)")))
                .isEqualTo("$\\mathbb{E} X_{n,1}^{2}$ (direct)$^\\dagger$");
        assertThat(VerifyReport.latexQuantity(row(CheckResult.Kind.ILLUSTRATION, "E X_{n,1} (illustration: 0 by construction)")))
                .isEqualTo("$\\mathbb{E} X_{n,1}$ (zero by construction)$^\\dagger$");
        assertThat(VerifyReport.latexQuantity(row(CheckResult.Kind.ILLUSTRATION, "E X^2 (direct, illustration)")))
                .doesNotContain("illustration").endsWith("(direct)$^\\dagger$");
        // a check is printed as it is, without the mark
        assertThat(VerifyReport.latexQuantity(row(CheckResult.Kind.CHECK, "E X_{n,1}^2 (direct)")))
                .isEqualTo("$\\mathbb{E} X_{n,1}^{2}$ (direct)");
        assertThat(VerifyReport.mddCell(0.0312)).isEqualTo("3.1");
        assertThat(VerifyReport.mddCell(Double.NaN)).isEmpty();
    }
}
