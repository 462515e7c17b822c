package org.attnlimit.cli;

import java.util.concurrent.Callable;
import org.attnlimit.report.ProofMap;
import org.attnlimit.report.ProofMapRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code attnlimit theory}: renders the proof map (Section 4, Appendices C–D) with each statement,
 * what its proof uses, and the {@code verify} check that illustrates it.
 */
@Command(name = "theory", mixinStandardHelpOptions = true,
        description = {"Render the proof map: each statement of the paper's proof, what it depends on,",
            "and the 'verify' check that illustrates it (dot, mermaid, latex, markdown)."})
public final class TheoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "markdown", paramLabel = "FORMAT",
            description = "dot, mermaid, latex or markdown (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() {
        ProofMapRenderer.Format f = ProofMapRenderer.format(format);
        spec.commandLine().getOut().print(ProofMapRenderer.render(ProofMap.load(), f));
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }
}
