package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The promise every command keeps, as assertions: an exit code, at most one line on stderr for a
 * failure, and never NaN, an infinity, a stack trace or an "internal error" in what is printed (an
 * infinity may appear only where the user typed one and the message echoes it).
 */
final class Hardening {
    private static final Pattern NON_FINITE = Pattern.compile("\\b(NaN|-?Infinity)\\b");
    private static final Pattern TRACE = Pattern.compile("(?m)^\\s+at [\\w.$]+\\(|Exception in thread|\\w+(Error|Exception):");

    private Hardening() {
    }

    /** Runs the command line in-process. */
    static MainTest.Run run(String... args) {
        return MainTest.run(args);
    }

    /** Asserts a failure: exit {@code code}, exactly one line on stderr containing every fragment, nothing unclean. */
    static MainTest.Run fails(int code, String[] args, String... fragments) {
        MainTest.Run r = run(args);
        assertThat(r.code()).as("exit code of %s; stderr: %s", Arrays.toString(args), r.err()).isEqualTo(code);
        assertThat(r.err().strip().lines().count()).as("one line on stderr: %s", r.err()).isEqualTo(1);
        assertThat(r.err()).as("message of %s", Arrays.toString(args)).contains(fragments);
        assertClean(r, args);
        return r;
    }

    /** Asserts success (exit 0) and nothing unclean. */
    static MainTest.Run succeeds(String... args) {
        MainTest.Run r = run(args);
        assertThat(r.code()).as("exit code of %s; stderr: %s", Arrays.toString(args), r.err()).isZero();
        assertClean(r, args);
        return r;
    }

    /**
     * Asserts that an unwritable {@code --out} is exit 1 and one line: a path under a plain file (written
     * as {@code dir/plainName}; the message names the path {@code plainName/fileName}) and a directory.
     */
    static void unwritableOutFails(Path dir, String plainName, String fileName, String... command) throws IOException {
        Path plain = Files.writeString(dir.resolve(plainName), "not a directory");
        fails(1, MainTest.concat(command, "--out", plain.resolve(fileName).toString()), "cannot write " + plain.resolve(fileName));
        fails(1, MainTest.concat(command, "--out", dir.toString()), "cannot write", "Is a directory");
    }

    /** No NaN or infinity (unless typed by the user), no stack trace, no internal error. */
    static void assertClean(MainTest.Run r, String... args) {
        boolean typedInfinity = Arrays.stream(args).anyMatch(a -> a.contains("Infinity") || a.contains("NaN"));
        for (String stream : new String[] {r.out(), r.err()}) {
            if (!typedInfinity) {
                assertThat(NON_FINITE.matcher(stream).find()).as("NaN/Infinity in: %s", stream).isFalse();
            }
            assertThat(TRACE.matcher(stream).find()).as("stack trace in: %s", stream).isFalse();
            assertThat(stream).doesNotContain("internal error");
        }
    }

}
