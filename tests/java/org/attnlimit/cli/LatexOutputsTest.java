package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attnlimit.report.LatexCompile;
import org.attnlimit.report.TextModeScanner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every LaTeX the tool writes, at its default options, compiles with pdflatex without a single Overfull or
 * Underfull box or LaTeX warning, both as a standalone document and as a fragment inside the smallest article
 * that loads the packages the fragment lists; and no raw ASCII operator ({@code +/-}, {@code sqrt(}, {@code <},
 * {@code >}, {@code |}) is left in text mode. The negative cases live in {@code report.LatexTableTest}.
 */
class LatexOutputsTest {

    @BeforeAll
    static void requireLatex() throws Exception {
        LatexCompile.requireBooktabs();
    }

    @Test
    void tablesAtTheirDefaultsCompileCleanly(@TempDir Path dir) throws Exception {
        Path documents = Files.createDirectories(dir.resolve("documents"));
        Path fragments = Files.createDirectories(dir.resolve("fragments"));
        MainTest.Run r = MainTest.run("tables", "--out", documents.toString(), "--checks", "all");
        assertThat(r.code()).as(r.err()).isZero();
        MainTest.Run f = MainTest.run("tables", "--out", fragments.toString(), "--fragment", "--checks", "all");
        assertThat(f.code()).as(f.err()).isZero();
        List<String> problems = new ArrayList<>();
        for (String name : new String[] {"activation-moments", "head-covariance", "limit-moments", "verification"}) {
            String doc = Files.readString(documents.resolve(name + ".tex"));
            assertThat(doc).contains("\\toprule", "\\caption{", "\\label{tab:" + name, "\\end{document}");
            assertThat(TextModeScanner.violations(doc)).as(name).isEmpty();
            problems.addAll(LatexCompile.problems(documents.resolve(name + ".tex")));
            String fragment = Files.readString(fragments.resolve(name + ".tex"));
            assertThat(fragment).doesNotContain("\\documentclass").contains("%   \\usepackage{booktabs}");
            problems.addAll(LatexCompile.problems(LatexCompile.wrapFragment(fragments, name, fragment)));
        }
        assertThat(problems).isEmpty();
        // the head-covariance closed-form column is filled in every row (Symja derives the forms)
        String head = Files.readString(documents.resolve("head-covariance.tex"));
        assertThat(head.lines().filter(l -> l.startsWith("$\\operatorname{Cov}") || l.startsWith("$\\mathbb{E}"))
                .filter(l -> l.split("&")[3].strip().equals("--"))).isEmpty();
    }

    @Test
    void everyFormatLatexOutputCompilesCleanly(@TempDir Path dir) throws Exception {
        List<String[]> commands = List.of(
                new String[] {"expect-clip", "expect", "--phi", "clip:c=1", "--format", "latex"},
                new String[] {"expect-pair", "expect", "--phi", "relu", "--pair", "--cov", "0.5", "--format", "latex"},
                new String[] {"expect-tanh", "expect", "--phi", "tanh", "--format", "latex"},
                new String[] {"program-s2", "program", "theory/programs/attention-s2.netsor", "--format", "latex"},
                new String[] {"program-mha", "program", "theory/programs/mha-s4-h2.netsor", "--format", "latex", "--numeric"},
                // the law of program outputs (Theorem 3.1): one output, two with their joint moments (a second
                // table), and one that is not conditionally Gaussian
                new String[] {"program-law-y1", "program", "theory/programs/mha-s4-h2.netsor", "--law", "y1", "--format", "latex"},
                new String[] {"program-law-y1-y2", "program", "theory/programs/mha-s4-h2.netsor", "--law", "y1,y2", "--format",
                    "latex"},
                new String[] {"program-law-relu", "program", "theory/programs/relu-attention.netsor", "--law", "y", "--format",
                    "latex"},
                // several outputs, not all conditionally Gaussian: no joint table, a legend line saying why
                new String[] {"program-law-relu-o", "program", "theory/programs/relu-attention.netsor", "--law", "y,o",
                    "--format", "latex"},
                new String[] {"limit", "limit", "--tokens", "2", "--heads", "2", "--at", "-1,0,1", "--quantile",
                    "0.025,0.975", "--format", "latex"},
                // the verify tables' layout does not depend on the draws: 2000 per width keeps this test fast
                new String[] {"verify", "verify", "--quick", "--samples", "2000", "--format", "latex"});
        List<String> problems = new ArrayList<>();
        for (String[] c : commands) {
            String name = c[0];
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            MainTest.Run doc = MainTest.run(args);
            assertThat(doc.code()).as(name + ": " + doc.err()).isZero();
            assertThat(TextModeScanner.violations(doc.out())).as(name).isEmpty();
            Path tex = dir.resolve(name + ".tex");
            Files.writeString(tex, doc.out());
            problems.addAll(LatexCompile.problems(tex));
            String[] withFragment = java.util.Arrays.copyOf(args, args.length + 1);
            withFragment[args.length] = "--fragment";
            MainTest.Run fragment = MainTest.run(withFragment);
            assertThat(fragment.code()).as(name + " --fragment: " + fragment.err()).isZero();
            assertThat(fragment.out()).as(name).doesNotContain("\\documentclass").contains("% Needs in the preamble");
            problems.addAll(LatexCompile.problems(LatexCompile.wrapFragment(dir, name, fragment.out())));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theProofMapDocumentCompilesCleanly(@TempDir Path dir) throws Exception {
        MainTest.Run r = MainTest.run("theory", "--format", "latex");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(TextModeScanner.violations(r.out())).isEmpty();
        Path tex = dir.resolve("proof-map.tex");
        Files.writeString(tex, r.out());
        assertThat(LatexCompile.problems(tex)).isEmpty();
    }
}
