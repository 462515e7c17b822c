package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.attnlimit.report.LatexCompile;
import org.attnlimit.report.ProofMap;
import org.attnlimit.report.ProofMapRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesCommandTest {

    @Test
    void writesTablesThatCompile(@TempDir Path dir) throws Exception {
        // s = 2, 4 keeps the limit table to tensor quadrature; two checks keep the verification table fast.
        MainTest.Run r = MainTest.run("tables", "--out", dir.toString(), "--phi", "clip:c=1", "--tokens", "2,4",
                "--checks", "lemma-d5,remark-3.1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("activation-moments.tex", "head-covariance.tex", "limit-moments.tex",
                "verification.tex");
        assertThat(Files.readString(dir.resolve("activation-moments.tex")))
                .contains("\\operatorname{clip}_{c},\\ c=1", "0.51605", "\\Phi(c)", "symbolic");
        assertThat(Files.readString(dir.resolve("limit-moments.tex"))).contains("$\\infty$", "0.2856128");
        // the summary names each check by its statement (the check names would not fit a 9in sidewaystable)
        assertThat(Files.readString(dir.resolve("verification.tex"))).contains("Lemma D.5", "Remark 3.1", "consistent",
                "MDD (\\%)");
        Files.writeString(dir.resolve("proof-map.tex"),
                ProofMapRenderer.render(ProofMap.load(), ProofMapRenderer.Format.LATEX));
        for (String name : new String[] {"activation-moments", "head-covariance", "limit-moments", "verification"}) {
            assertThat(LatexCompile.compile(dir.resolve(name + ".tex"))).as(name + " fits its page")
                    .doesNotContain("Overfull \\hbox");
        }
        LatexCompile.compile(dir.resolve("proof-map.tex"));
    }

    @Test
    void theLimitTableDefaultsToThePaperLayerAndNoChecksRunByDefault(@TempDir Path dir) throws Exception {
        // no --phi: the paper's inputs clip_100 (as limit and simulate default to), not the clip_1 of the test above
        MainTest.Run r = MainTest.run("tables", "--out", dir.toString(), "--no-symbolic", "--tokens", "2", "--heads", "1,4");
        assertThat(r.code()).as(r.err()).isZero();
        // no verification table and not one progress line unless --checks asks for it
        assertThat(r.out()).doesNotContain("verification.tex");
        assertThat(dir.resolve("verification.tex")).doesNotExist();
        assertThat(r.err()).isEmpty();
        String limit = Files.readString(dir.resolve("limit-moments.tex"));
        assertThat(limit).contains("\\operatorname{clip}_{100}$ inputs", "$\\infty$");
        // s = 2: rows H = 1, 4 and infinity
        assertThat(limit.lines().filter(l -> l.matches("\\s*2\\s*&.*"))).hasSize(3);
    }

    @Test
    void checksShowOneProgressLinePerCheckOffATerminal() {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.PrintWriter err = new java.io.PrintWriter(out);
        java.util.function.Consumer<String> p = TablesCommand.stages(err, false);
        for (String line : new String[] {"[1/2] lemma-d5: n = 16", "[1/2] lemma-d5: n = 64", "[1/2] lemma-d5: consistent",
            "[2/2] remark-3.1: H = 1", "[2/2] remark-3.1: consistent"}) {
            p.accept(line);
        }
        assertThat(out.toString().lines()).containsExactly("tables: verification [1/2] lemma-d5",
                "tables: verification [2/2] remark-3.1");
    }

    @Test
    void badInputIsExit2() {
        assertThat(MainTest.run("tables", "--heads", "0").code()).isEqualTo(2);
        assertThat(MainTest.run("tables", "--phi", "nosuch").code()).isEqualTo(2);
        assertThat(MainTest.run("tables", "--tokens", "0").code()).isEqualTo(2);
        MainTest.Run r = MainTest.run("tables", "--checks", "lemma-x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("unknown check 'lemma-x'");
    }
}
