package org.attnlimit.cli;

import org.attnlimit.random.Cancellation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attnlimit notebooks}: executes the teaching notebooks headless with the Java kernel and writes each as
 * HTML with its outputs and inline plots, for reading without Jupyter; {@code reproduce} runs it too. Jupyter is
 * an optional tool: without it one line says what to install.
 */
@Command(name = "notebooks", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Execute the notebooks in notebooks/ (Java kernel) and write them as HTML with their outputs",
            "and plots into out/notebooks/ (one .html per notebook, images inline). Run from the repository root",
            "after 'mvn -B package' (it builds target/attnlimit.jar and copies the kernel jar). Needs Jupyter:",
            "apt-get install jupyter-nbconvert python3-nbclient jupyter-client. The committed notebooks are",
            "never rewritten."})
public final class NotebooksCommand implements Callable<Integer> {
    static final Path NOTEBOOKS = Path.of("notebooks");
    static final Path KERNEL_JAR = NOTEBOOKS.resolve("kernels/java/rapaio-jupyter-kernel-3.0.1.jar");
    private static final int MAX_STARTS = 8;

    /** @return whether nbconvert's output says the kernel never started (as opposed to a failing cell) */
    static boolean failedToStart(String output) {
        return output.contains("Kernel didn't respond") || output.contains("Kernel died before replying to kernel_info");
    }

    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.OutOption outOption = new SharedOptions.OutOption("DIR", Path.of("out", "notebooks"), "output directory");

    @Override
    public Integer call() {
        Result r = run(NOTEBOOKS, outOption.path(), spec.commandLine().getErr());
        return r.written() > 0 && r.failed() == 0 ? ExitCode.OK.code() : ExitCode.INTERNAL.code();
    }

    /** How many notebooks were written and failed; {@code skipped} names why nothing ran (or is null). */
    record Result(int written, int failed, String skipped) {
    }

    /**
     * Executes every {@code notebooks/*.ipynb} into {@code out} as HTML, logging one line per notebook (or one
     * line saying why none ran). Never throws for a missing tool or a failing notebook.
     */
    static Result run(Path notebooksDir, Path out, PrintWriter log) {
        return run(notebooksDir, out, log, Cancellation.create());
    }

    /** As {@link #run(Path, Path, PrintWriter)}, stopping before the next notebook once {@code cancel} is cancelled. */
    static Result run(Path notebooksDir, Path out, PrintWriter log, Cancellation cancel) {
        String missing = missing(notebooksDir);
        if (missing != null) {
            log.println("notebooks: skipped: " + missing);
            log.flush();
            return new Result(0, 0, missing);
        }
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(notebooksDir)) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
            Files.createDirectories(out);
        } catch (IOException e) {
            log.println("notebooks: skipped: " + e.getMessage());
            log.flush();
            return new Result(0, 0, e.getMessage());
        }
        int written = 0;
        int failed = 0;
        for (Path nb : notebooks) {
            if (cancel.isCancelled()) {
                break;
            }
            long start = System.nanoTime();
            String name = nb.getFileName().toString().replaceAll("\\.ipynb$", "");
            List<String> command = List.of("/usr/bin/jupyter", "nbconvert", "--to", "html", "--execute",
                    "--ExecutePreprocessor.kernel_name=java", "--ExecutePreprocessor.timeout=600",
                    "--ExecutePreprocessor.startup_timeout=15", "--output-dir", out.toAbsolutePath().toString(),
                    nb.toAbsolutePath().toString());
            // The rapaio kernel (3.0.1) sometimes never answers its first kernel_info request (about one start in
            // four on a loaded machine); a good start answers in seconds, so a hung one is retried. A failure
            // inside a cell is never retried. Seldom the kernel process dies during start-up instead ("Kernel died
            // before replying to kernel_info"): a start-up failure too, retried the same way.
            String[] r = exec(command);
            for (int attempt = 2; attempt <= MAX_STARTS && !r[0].equals("0") && failedToStart(r[1]); attempt++) {
                r = exec(command);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (r[0].equals("0") && Files.exists(out.resolve(name + ".html"))) {
                written++;
                log.printf(Locale.ROOT, "notebooks: wrote %s (%.1f s)%n", out.resolve(name + ".html"), seconds);
            } else {
                failed++;
                String last = r[1].strip().lines().reduce((a, b) -> b).orElse("no output");
                log.printf(Locale.ROOT, "notebooks: %s failed (%s): %s%n", name, r[0], last);
            }
            log.flush();
        }
        return new Result(written, failed, null);
    }

    /** @return why the notebooks cannot run here, or {@code null} */
    static String missing(Path notebooksDir) {
        if (!Files.isDirectory(notebooksDir)) {
            return "no " + notebooksDir + " directory here (run from the repository root)";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/jupyter"))
                || !exec(List.of("/usr/bin/python3", "-c", "import nbconvert, nbclient, nbformat"))[0].equals("0")) {
            return "Jupyter is not installed (apt-get install jupyter-nbconvert python3-nbclient jupyter-client)";
        }
        if (!Files.exists(notebooksDir.resolve(KERNEL_JAR.subpath(1, KERNEL_JAR.getNameCount())))
                || !Files.exists(Path.of("target", "attnlimit.jar"))) {
            return "the Java kernel or target/attnlimit.jar is missing (run mvn -B package, which copies the kernel)";
        }
        return null;
    }

    /** @return {exit code or "timeout"/"error", combined output} */
    private static String[] exec(List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("JUPYTER_PATH", NOTEBOOKS.toAbsolutePath().toString()); // the kernel.json lives there
            Process p = pb.start();
            byte[] bytes = p.getInputStream().readAllBytes();
            if (!p.waitFor(900, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new String[] {"timeout", new String(bytes)};
            }
            return new String[] {Integer.toString(p.exitValue()), new String(bytes)};
        } catch (IOException e) {
            return new String[] {"error", e.getMessage() == null ? e.toString() : e.getMessage()};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new String[] {"interrupted", ""};
        }
    }
}
