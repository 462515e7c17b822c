package org.attnlimit.cli;

import java.util.concurrent.Callable;
import org.attnlimit.report.ProofMap;
import org.attnlimit.report.ProofMapDrawing;
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
            "and the 'verify' check that illustrates it (dot, mermaid, latex, markdown, svg, png).",
            "svg and png are drawn in Java (no Graphviz needed); png needs --out.",
            "",
            "Example:  attnlimit theory --format svg --out out/proof-map.svg"})
public final class TheoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "markdown", paramLabel = "FORMAT",
            description = "dot, mermaid, latex, markdown, svg or png (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write to this file instead of the standard output")
    java.nio.file.Path out;

    @Override
    public Integer call() {
        String f = format.trim().toLowerCase(java.util.Locale.ROOT);
        if (!java.util.List.of("dot", "mermaid", "latex", "markdown", "svg", "png").contains(f)) {
            throw new IllegalArgumentException("unknown format '" + format + "'; known: dot, mermaid, latex, markdown, svg, png");
        }
        byte[] bytes;
        if (f.equals("png")) {
            if (out == null) {
                throw new IllegalArgumentException("--format png needs --out FILE (a PNG is binary)");
            }
            bytes = ProofMapDrawing.png(ProofMap.load(), 2);
        } else if (f.equals("svg")) {
            bytes = ProofMapDrawing.svg(ProofMap.load()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else {
            bytes = ProofMapRenderer.render(ProofMap.load(), ProofMapRenderer.format(format))
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
