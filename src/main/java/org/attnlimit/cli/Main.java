package org.attnlimit.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Root of the {@code attnlimit} command line. Each subcommand validates its input (bad input raises
 * {@link IllegalArgumentException} or picocli's {@link CommandLine.ParameterException}: exit 2 with
 * one line on stderr), then executes; anything else is an internal failure (exit 1, one line).
 */
@Command(name = "attnlimit",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Symbolic-numeric companion to 'Infinite-Width Limit of a Single Attention Layer:",
            "Analysis via Tensor Programs' (Sakai, Karakida, Imaizumi).",
            "",
            "A multi-head attention layer with 1/sqrt(n) score scaling tends, as the width n grows,",
            "to a hierarchical Gaussian: Gaussian scores, and an output Gaussian given the scores.",
            "attnlimit computes that limit exactly, samples it, simulates the finite-width layer,",
            "and checks the proof's lemmas numerically."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:internal failure (a bug or an I/O error)",
            "2:bad input (the message names the option or value)",
            "3:the mathematics said no (a refuted claim, an inconsistent check)"
        },
        subcommands = {
            ExpectCommand.class,
            CheckCommand.class,
            ProgramCommand.class,
            LimitCommand.class,
            SimulateCommand.class,
            ReproduceCommand.class,
            VerifyCommand.class,
            TheoryCommand.class,
            TablesCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Entry point: runs the command line and exits the JVM (Symja may leave non-daemon threads). */
    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /**
     * Runs the command line with the given writers, without exiting: the form tests use.
     *
     * @return the exit code ({@link ExitCode})
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = newCommandLine();
        cmd.setOut(out);
        cmd.setErr(err);
        try {
            return cmd.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Builds the configured command line (error handlers and exit codes included). */
    public static CommandLine newCommandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler(Main::onParameterError);
        cmd.setExecutionExceptionHandler(Main::onExecutionError);
        return cmd;
    }

    private static int onParameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println(commandName(cmd) + ": " + oneLine(e.getMessage())
                + " (see '" + commandName(cmd) + " --help')");
        return ExitCode.BAD_INPUT.code();
    }

    private static int onExecutionError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof IllegalArgumentException) {
            cmd.getErr().println(commandName(cmd) + ": " + oneLine(e.getMessage()));
            return ExitCode.BAD_INPUT.code();
        }
        cmd.getErr().println(commandName(cmd) + ": internal error: " + oneLine(String.valueOf(e))
                + (System.getenv("ATTNLIMIT_DEBUG") == null ? " (set ATTNLIMIT_DEBUG=1 for a stack trace)" : ""));
        if (System.getenv("ATTNLIMIT_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        return ExitCode.INTERNAL.code();
    }

    private static String commandName(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName();
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "invalid input";
        }
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** Version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"attnlimit " + (v == null ? "development" : v)};
        }
    }
}
