package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notebooks run only where Jupyter and the kernel are; elsewhere one line says why (NotebooksIT executes them). */
class NotebooksCommandTest {

    @Test
    void withoutNotebooksOrJupyterItSaysSoInOneLine(@TempDir Path dir) {
        StringWriter log = new StringWriter();
        NotebooksCommand.Result r = NotebooksCommand.run(dir.resolve("absent"), dir.resolve("html"), new PrintWriter(log));
        assertThat(r.written()).isZero();
        assertThat(r.failed()).isZero();
        assertThat(log.toString().strip()).doesNotContain("\n").startsWith("notebooks: skipped: no ")
                .contains("run from the repository root");
    }

    @Test
    void helpNamesWhatToInstall() {
        MainTest.Run r = MainTest.run("notebooks", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("out/notebooks", "jupyter-nbconvert");
    }
}
