package org.attnlimit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.attnlimit.experiment.ReproduceConfig;
import org.attnlimit.report.ReproduceReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code attnlimit reproduce}: regenerates the paper's numerical section (Section 5, Appendix B). */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Regenerate the paper's numerical section (Figures 1-5) and a figure beyond it (fig6: sigmoid",
            "attention from its program) into out/: per figure a vector PDF, a 300 dpi PNG, a pgfplots .tex",
            "reading the CSV behind it, and report.md with KS and W1 beside the paper's KDE-KL, their noise",
            "floors, and the convergence rate at widths up to 16384. Ctrl-C writes what is finished."})
public final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.OutOption outOption = new SharedOptions.OutOption("DIR", Path.of("out"), "output directory");
    @Option(names = "--quick", description = "fewer trials, samples and widths: every file in well under a minute")
    boolean quick;
    @Mixin
    SharedOptions.ThreadsOption threads = new SharedOptions.ThreadsOption();
    @Option(names = "--notebooks", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also execute the notebooks into OUT/notebooks/*.html (needs Jupyter; skipped with a "
                    + "one-line note without it; default: ${DEFAULT-VALUE})")
    boolean notebooks;

    @Override
    @SuppressWarnings("try") // the resource is the Ctrl-C hook: installed for the body's duration, never read
    public Integer call() {
        threads.validate();
        Path out = outOption.path();
        int t = threads.count();
        ReproduceConfig cfg = quick ? ReproduceConfig.quick(t) : ReproduceConfig.paper(t);
        PrintWriter err = spec.commandLine().getErr();
        try (Interrupts interrupts = Interrupts.install()) {
            ReproduceReport.Outcome o;
            try {
                o = ReproduceReport.run(cfg.withCancellation(interrupts.token()), out, err);
            } catch (RuntimeException e) {
                // Report before the shutdown hook is released, or the JVM may halt first.
                return Main.report(spec.commandLine(), e);
            }
            if (!o.complete()) {
                err.println("reproduce: interrupted; wrote what was finished to " + o.report());
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "reproduce: wrote %s (%s run, %.1f s)%n", o.report(),
                    quick ? "quick" : "full", o.seconds());
            spec.commandLine().getOut().flush();
            if (notebooks && o.complete()) {
                NotebooksCommand.run(NotebooksCommand.NOTEBOOKS, out.resolve("notebooks"), err, interrupts.token());
            }
        }
        return ExitCode.OK.code();
    }
}
