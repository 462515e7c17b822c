package org.attnlimit.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's "From Python" example exactly as printed there (the first {@code ```python} block of that
 * section), from the repository root, after {@code package} built the jar that {@code ./attnlimit} runs.
 */
class FromPythonIT {

    @Test
    void theReadmeExampleRuns() throws Exception {
        String python = Python.require("sympy", "pandas");
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("\n## From Python\n");
        assertThat(section).as("README section 'From Python'").isPositive();
        int start = readme.indexOf("```python\n", section) + "```python\n".length();
        int end = readme.indexOf("\n```", start);
        String code = readme.substring(start, end);
        assertThat(code).contains("parse_expr(e[\"sympy\"]", "pd.read_csv(csv, comment=\"#\")");
        Path script = Files.createTempFile("attnlimit-from-python", ".py");
        Files.writeString(script, code + "\n");
        Python.Result r = Python.run(List.of(python, script.toString()), Path.of("").toAbsolutePath(), null, 600);
        assertThat(r.code()).as(r.output()).isZero();
        // the README shows this output under the example
        assertThat(r.output()).contains("at c = 1: 0.516058550962 (attnlimit: 0.516058550962)", "Var(Z^y) = E[V] = 0.3920");
        assertThat(readme.substring(end)).contains(r.output().lines().findFirst().orElseThrow());
    }
}
