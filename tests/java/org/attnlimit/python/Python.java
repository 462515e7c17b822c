package org.attnlimit.python;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Python 3 with the given modules (SymPy, pandas: Debian's python3-sympy, python3-pandas, which .ci/run installs),
 * looked for as {@code python3} on PATH, then /usr/bin/python3. Without one the test is skipped with the reason,
 * except under {@code CI=true}, where that is a failure.
 */
final class Python {
    private Python() {
    }

    /** A finished process: exit code and combined output. */
    record Result(int code, String output) {
    }

    /** @return a python3 that imports {@code modules}, or aborts/fails the test as the class says */
    static String require(String... modules) {
        String imports = "import " + String.join(", ", modules);
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                if (run(List.of(candidate, "-c", imports), null, null, 60).code() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not installed: try the next
            }
        }
        String why = "no python3 with " + String.join(" and ", modules)
                + " (apt-get install python3-sympy python3-pandas)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but " + why);
        }
        Assumptions.abort(why);
        return null;
    }

    /** Runs {@code command} in {@code dir} (or here) with {@code stdin}, failing the test on a timeout. */
    static Result run(List<String> command, Path dir, String stdin, int seconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
