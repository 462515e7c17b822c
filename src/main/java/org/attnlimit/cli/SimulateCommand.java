package org.attnlimit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code attnlimit simulate}: Simulate the finite-width attention layer and compare it with the limit. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Simulate the finite-width attention layer and compare it with the limit.")
public final class SimulateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalArgumentException("'simulate' is not implemented yet");
    }
}
