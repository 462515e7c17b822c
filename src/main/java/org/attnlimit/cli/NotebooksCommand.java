package org.attnlimit.cli;

import org.attnlimit.random.Cancellation;
import org.attnlimit.report.AtomicFiles;
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
        description = {"Execute the notebooks in notebooks/ (Java kernel) and write each, with its outputs, as .ipynb and",
            "as .html (plots inline, formulas typeset by MathJax from a CDN when the page is opened) into",
            "out/notebooks/. --update also rewrites the committed notebooks/*.ipynb with the new outputs.",
            "Run from the repository root after 'mvn -B package' (it builds target/attnlimit.jar and copies the",
            "kernel jar). Needs Jupyter's nbconvert, found on PATH (or set ATTNLIMIT_JUPYTER): e.g.",
            "apt-get install jupyter-nbconvert python3-nbclient jupyter-client, or pip install nbconvert nbclient.",
            "Ctrl-C or SIGTERM ends the running nbconvert and its Jupyter kernel with it (exit 130 or 143)."})
public final class NotebooksCommand implements Callable<Integer> {
    static final Path NOTEBOOKS = Path.of("notebooks");
    static final Path KERNEL_JAR = NOTEBOOKS.resolve("kernels/java/rapaio-jupyter-kernel-3.0.1.jar");
    /**
     * MathJax 2.7.7 (the version nbconvert's HTML template is written for) from a public CDN: the reader's browser
     * loads it. Debian's nbconvert points at a local file:///usr/share/javascript path that readers do not have.
     */
    static final String MATHJAX_URL = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe";
    /** RequireJS from the same CDN, for the same reason. */
    static final String REQUIRE_JS_URL = "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js";
    /** Cells with this tag keep no outputs (the kernel's list of the jars it loaded). */
    static final String REMOVE_OUTPUT_TAG = "remove-output";
    private static final int MAX_STARTS = 8;

    /** @return whether nbconvert's output says the kernel never started (as opposed to a failing cell) */
    static boolean failedToStart(String output) {
        return output.contains("Kernel didn't respond") || output.contains("Kernel died before replying to kernel_info");
    }

    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.OutOption outOption = new SharedOptions.OutOption("DIR", Path.of("out", "notebooks"), "output directory");

    @Option(names = "--update", description = "also write the executed notebooks over notebooks/*.ipynb (to commit their outputs)")
    boolean update;

    @Override
    public Integer call() {
        // Ctrl-C/SIGTERM: the running nbconvert and its kernel are ended before the JVM exits (130 or 143).
        try (Interrupts interrupts = Interrupts.install()) {
            Result r = run(NOTEBOOKS, outOption.path(), spec.commandLine().getErr(), interrupts.token(), update);
            return r.written() > 0 && r.failed() == 0 ? ExitCode.OK.code() : ExitCode.INTERNAL.code();
        }
    }

    /** How many notebooks were written and failed; {@code skipped} names why nothing ran (or is null). */
    record Result(int written, int failed, String skipped) {
    }

    /**
     * Executes every {@code notebooks/*.ipynb} into {@code out} as HTML, logging one line per notebook (or one
     * line saying why none ran). Never throws for a missing tool or a failing notebook.
     */
    static Result run(Path notebooksDir, Path out, PrintWriter log) {
        return run(notebooksDir, out, log, Cancellation.create(), false);
    }

    /** As {@link #run(Path, Path, PrintWriter)}, stopping before the next notebook once {@code cancel} is cancelled. */
    static Result run(Path notebooksDir, Path out, PrintWriter log, Cancellation cancel) {
        return run(notebooksDir, out, log, cancel, false);
    }

    /**
     * As {@link #run(Path, Path, PrintWriter, Cancellation)}; with {@code update} each executed notebook also
     * replaces its source in {@code notebooksDir}.
     */
    static Result run(Path notebooksDir, Path out, PrintWriter log, Cancellation cancel, boolean update) {
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
            String jupyter = jupyter();
            Path executed = out.toAbsolutePath().resolve(".executing");
            List<String> command = List.of(jupyter, "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.kernel_name=java", "--ExecutePreprocessor.timeout=600",
                    "--ExecutePreprocessor.startup_timeout=15", "--ExecutePreprocessor.record_timing=False",
                    "--output-dir", executed.toString(), nb.toAbsolutePath().toString());
            // The rapaio kernel (3.0.1) sometimes never answers its first kernel_info request (about one start in
            // four on a loaded machine); a good start answers in seconds, so a hung one is retried. A failure
            // inside a cell is never retried. Seldom the kernel process dies during start-up instead ("Kernel died
            // before replying to kernel_info"): a start-up failure too, retried the same way.
            String[] r = exec(command, cancel);
            for (int attempt = 2; attempt <= MAX_STARTS && !r[0].equals("0") && failedToStart(r[1])
                    && !cancel.isCancelled(); attempt++) {
                r = exec(command, cancel);
            }
            if (cancel.isCancelled()) {
                deleteQuietly(executed.resolve(name + ".ipynb"));
                deleteQuietly(executed);
                log.printf(Locale.ROOT, "notebooks: interrupted while executing %s; it was not written%n", name);
                log.flush();
                break;
            }
            if (r[0].equals("0")) {
                // Second pass, without a kernel: drop the outputs of cells tagged remove-output (nbconvert writes the
                // notebook in its own format, so a committed notebook diffs cleanly), then the HTML with a MathJax
                // URL that works in a reader's browser.
                r = exec(List.of(jupyter, "nbconvert", "--to", "notebook", "--TagRemovePreprocessor.enabled=True",
                        "--TagRemovePreprocessor.remove_all_outputs_tags=" + REMOVE_OUTPUT_TAG,
                        "--output-dir", out.toAbsolutePath().toString(), executed.resolve(name + ".ipynb").toString()), cancel);
            }
            if (r[0].equals("0")) {
                r = exec(List.of(jupyter, "nbconvert", "--to", "html", "--HTMLExporter.mathjax_url=" + MATHJAX_URL,
                        "--HTMLExporter.require_js_url=" + REQUIRE_JS_URL,
                        "--output-dir", out.toAbsolutePath().toString(), out.toAbsolutePath().resolve(name + ".ipynb").toString()), cancel);
            }
            deleteQuietly(executed.resolve(name + ".ipynb"));
            deleteQuietly(executed);
            if (r[0].equals("0") && update) {
                try {
                    AtomicFiles.writeString(nb, Files.readString(out.resolve(name + ".ipynb")));
                } catch (IOException | java.io.UncheckedIOException e) {
                    r = new String[] {"error", "could not update " + nb + ": " + e.getMessage()};
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (r[0].equals("0") && Files.exists(out.resolve(name + ".html"))) {
                written++;
                log.printf(Locale.ROOT, "notebooks: wrote %s (%.1f s)%s%n", out.resolve(name + ".html"), seconds,
                        update ? "; updated " + nb : "");
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
        if (!exec(List.of(jupyter(), "nbconvert", "--version"))[0].equals("0")) {
            return "Jupyter's nbconvert was not found on PATH (apt-get install jupyter-nbconvert python3-nbclient"
                    + " jupyter-client, or pip install nbconvert nbclient; or set ATTNLIMIT_JUPYTER to the jupyter program)";
        }
        if (!Files.exists(notebooksDir.resolve(KERNEL_JAR.subpath(1, KERNEL_JAR.getNameCount())))
                || !Files.exists(Path.of("target", "attnlimit.jar"))) {
            return "the Java kernel or target/attnlimit.jar is missing (run mvn -B package, which copies the kernel)";
        }
        return null;
    }

    private static volatile String jupyter;

    /**
     * @return the {@code jupyter} program whose {@code nbconvert} works: {@code $ATTNLIMIT_JUPYTER} if set, else the
     *     first such {@code jupyter} on {@code PATH} (a pip, conda or venv install, or Debian's /usr/bin/jupyter),
     *     else /usr/bin/jupyter, else "jupyter" (which then fails, reported as missing); looked up once
     */
    static String jupyter() {
        String found = jupyter;
        if (found == null) {
            String explicit = System.getenv("ATTNLIMIT_JUPYTER");
            java.util.LinkedHashSet<String> candidates = new java.util.LinkedHashSet<>();
            if (explicit != null && !explicit.isBlank()) {
                candidates.add(explicit);
            } else {
                String path = System.getenv("PATH");
                for (String dir : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
                    Path candidate = dir.isEmpty() ? null : Path.of(dir, "jupyter");
                    if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        candidates.add(candidate.toString());
                    }
                }
                candidates.add("/usr/bin/jupyter");
            }
            found = candidates.stream().filter(j -> exec(List.of(j, "nbconvert", "--version"))[0].equals("0"))
                    .findFirst().orElse(candidates.iterator().next());
            jupyter = found;
        }
        return found;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover in the output directory is harmless
        }
    }

    /** @return {exit code or "timeout"/"error", combined output} */
    private static String[] exec(List<String> command) {
        return exec(command, Cancellation.create());
    }

    /** Longest one nbconvert call may take (a notebook's cells have 600 s together). */
    private static final long TIMEOUT_SECONDS = 900;

    /**
     * Runs {@code command}, reading its output on a separate thread while this one watches {@code cancel} (the
     * Ctrl-C/SIGTERM token) and the timeout: on either, the whole process tree is ended, so that nbconvert's Jupyter
     * kernel (a grandchild, which a signal to this JVM does not reach) does not outlive the run.
     *
     * @return {exit code or "timeout"/"interrupted"/"error", combined output}
     */
    static String[] exec(List<String> command, Cancellation cancel) {
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("JUPYTER_PATH", NOTEBOOKS.toAbsolutePath().toString()); // the kernel.json lives there
            p = pb.start();
        } catch (IOException e) {
            return new String[] {"error", e.getMessage() == null ? e.toString() : e.getMessage()};
        }
        java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (var in = p.getInputStream()) {
                in.transferTo(output);
            } catch (IOException e) {
                // the process was ended: what was read is kept
            }
        }, "attnlimit-notebooks-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        String status = null;
        try {
            while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (cancel.isCancelled()) {
                    status = "interrupted";
                } else if (System.nanoTime() > deadline) {
                    status = "timeout";
                }
                if (status != null) {
                    endTree(p.toHandle());
                    break;
                }
            }
            reader.join(status == null ? 10_000 : 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            endTree(p.toHandle());
            status = "interrupted";
        }
        String text = output.toString(java.nio.charset.StandardCharsets.UTF_8);   // synchronized with the reader
        return new String[] {status != null ? status : Integer.toString(p.exitValue()), text};
    }

    /**
     * Ends a process and all its descendants ({@link ProcessHandle#descendants()}, taken before the parent goes,
     * since an orphan is re-parented and no longer listed): SIGTERM first, so that Jupyter shuts its kernel down,
     * then, after up to 3 s, SIGKILL for whatever is left.
     */
    static void endTree(ProcessHandle root) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // still alive after the grace period: forced below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
