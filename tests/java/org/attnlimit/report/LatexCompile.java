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
