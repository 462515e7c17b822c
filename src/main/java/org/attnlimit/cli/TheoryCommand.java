package org.attnlimit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code attnlimit theory}: Render the proof map (dot, mermaid, latex, markdown). */
@Command(name = "theory", mixinStandardHelpOptions = true, description = "Render the proof map (dot, mermaid, latex, markdown).")
public final class TheoryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalArgumentException("'theory' is not implemented yet");
    }
}
