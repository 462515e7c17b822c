package org.attnlimit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Compiles a LaTeX document with {@code pdflatex} when it is installed. Without it the calling test is
 * skipped with the reason, except under {@code CI=true}, where a missing pdflatex is a failure (the CI
 * script installs it).
 */
public final class LatexCompile {
    private LatexCompile() {
    }

    /** @return the pdflatex executable, or skips / fails as described above */
    public static String pdflatex() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "pdflatex");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but pdflatex is not installed (apt-get install texlive-latex-base)");
        }
        Assumptions.abort("pdflatex is not installed: LaTeX compilation not tested");
        return null;
    }

    /**
     * Skips (or under {@code CI=true} fails) unless {@code booktabs.sty} is installed: it is in Debian's
     * texlive-latex-recommended, not in texlive-latex-base.
     */
    public static void requireBooktabs() throws IOException, InterruptedException {
        String exe = pdflatex();
        Path kpsewhich = Path.of(exe).resolveSibling("kpsewhich");
        boolean found = false;
        if (Files.isExecutable(kpsewhich)) {
            Process p = new ProcessBuilder(kpsewhich.toString(), "booktabs.sty").redirectErrorStream(true).start();
            found = !new String(p.getInputStream().readAllBytes()).isBlank();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (!found) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but booktabs.sty is missing (apt-get install texlive-latex-recommended)");
            }
            Assumptions.abort("booktabs.sty is not installed (texlive-latex-recommended): LaTeX compilation not tested");
        }
    }

    /**
     * Compiles twice (so that labels settle) and returns the problems of the second run's log: every Overfull or
     * Underfull box and every LaTeX, package or class warning, one line each.
     */
    public static java.util.List<String> problems(Path tex) throws IOException, InterruptedException {
        compile(tex);
        compile(tex);
        Path log = tex.resolveSibling(tex.getFileName().toString().replaceAll("\\.tex$", ".log"));
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("Overfull") || line.startsWith("Underfull") || line.contains("Warning")) {
                out.add(tex.getFileName() + ": " + line);
            }
        }
        return out;
    }

    /**
     * Wraps a fragment in the smallest document that can hold it: {@code article} with a 5.5 in text width (that of
     * the NeurIPS and ICLR templates, the narrowest of the usual single-column ones), loading exactly the
     * usepackage lines the fragment lists in its leading comment.
     */
    public static Path wrapFragment(Path dir, String name, String fragment) throws IOException {
        StringBuilder b = new StringBuilder("\\documentclass{article}\n\\usepackage[textwidth=5.5in,textheight=9in]{geometry}\n");
        for (String line : fragment.split("\n")) {
            if (line.matches("%\\s+\\\\usepackage.*")) {
                b.append(line.replaceFirst("^%\\s+", "")).append('\n');
            } else if (line.startsWith("% Needs in the preamble: ")) {
                b.append(line.substring("% Needs in the preamble: ".length())).append('\n');
            }
        }
        Files.writeString(dir.resolve(name + "-fragment.tex"), fragment);
        b.append("\\begin{document}\n\\input{").append(name).append("-fragment}\n\\end{document}\n");
        Path doc = dir.resolve(name + "-wrapped.tex");
        Files.writeString(doc, b.toString());
        return doc;
    }

    /** Compiles {@code tex} (a file) in its directory, asserts that a PDF appears, and returns the log. */
    public static String compile(Path tex) throws IOException, InterruptedException {
        String exe = pdflatex();
        Process p = new ProcessBuilder(exe, "-interaction=nonstopmode", "-halt-on-error", tex.getFileName().toString())
                .directory(tex.getParent().toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("pdflatex finished").isTrue();
        String name = tex.getFileName().toString().replaceAll("\\.tex$", ".pdf");
        assertThat(p.exitValue()).as("pdflatex on " + tex.getFileName() + ":\n" + tail(log)).isZero();
        assertThat(tex.getParent().resolve(name)).exists();
        return log;
    }

    private static String tail(String log) {
        return log.length() > 3000 ? log.substring(log.length() - 3000) : log;
    }
}
