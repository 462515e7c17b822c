package org.attnlimit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code attnlimit program}: Infinite-width covariances of a Netsor program (Definition 3.1). */
@Command(name = "program", mixinStandardHelpOptions = true, description = "Infinite-width covariances of a Netsor program (Definition 3.1).")
public final class ProgramCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalArgumentException("'program' is not implemented yet");
    }
}
