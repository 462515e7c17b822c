package org.attnlimit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code attnlimit reproduce}: regenerates the paper's numerical section (Section 5, Appendix B). */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Regenerate the paper's numerical section (Figures 1-5) into out/.")
public final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(
                "reproduce: the figures of Section 5 and Appendix B are not generated yet;"
                + " this command will write them to out/.");
        return ExitCode.OK.code();
    }
}
