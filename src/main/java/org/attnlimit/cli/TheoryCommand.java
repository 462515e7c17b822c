package org.attnlimit.cli;

import org.attnlimit.calculus.InvalidInputException;
import java.util.concurrent.Callable;
import org.attnlimit.report.ProofMap;
import org.attnlimit.report.ProofMapDrawing;
import org.attnlimit.report.ProofMapRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code attnlimit theory}: renders the proof map (Section 4, Appendices C–D) with each statement,
 * what its proof uses, and the {@code verify} check that illustrates it.
 */
@Command(name = "theory", mixinStandardHelpOptions = true,
        description = {"Render the proof map: each statement of the paper's proof, what it depends on,",
            "and the 'verify' check that illustrates it (dot, mermaid, latex, markdown, svg, png).",
            "svg and png are drawn in Java (no Graphviz needed); png needs --out.",
            "",
            "Example:  attnlimit theory --format svg --out out/proof-map.svg"})
public final class TheoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.FormatOption format = new SharedOptions.FormatOption(Format.markdown, "${FORMATS}",
            Format.dot, Format.mermaid, Format.latex, Format.svg, Format.png);

    @Mixin
    SharedOptions.OutOption outOption = new SharedOptions.OutOption("FILE", null, "write to this file instead of the standard output");

    @Override
    public Integer call() {
        Format f = format.get();
        java.nio.file.Path out = outOption.path();
        if (f == Format.png && out == null) {
            throw new InvalidInputException("--format png needs --out FILE (a PNG is binary)");
        }
        byte[] bytes;
        if (f == Format.png) {
            bytes = ProofMapDrawing.png(ProofMap.load(), 2);
        } else if (f == Format.svg) {
            bytes = ProofMapDrawing.svg(ProofMap.load()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else {
            bytes = ProofMapRenderer.render(ProofMap.load(), ProofMapRenderer.format(f.name()))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (out == null) {
            spec.commandLine().getOut().print(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
        } else {
            org.attnlimit.report.AtomicFiles.write(out, o -> o.write(bytes));
            spec.commandLine().getOut().println("wrote " + out);
            spec.commandLine().getOut().flush();
        }
        return ExitCode.OK.code();
    }
}
