package org.attnlimit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code attnlimit tables}: Write standalone LaTeX tables of the paper's quantities. */
@Command(name = "tables", mixinStandardHelpOptions = true, description = "Write standalone LaTeX tables of the paper's quantities.")
public final class TablesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalArgumentException("'tables' is not implemented yet");
    }
}
