package org.attnlimit.cli;

import java.io.PrintWriter;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.calculus.Numbers;
import org.attnlimit.report.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Root of the {@code attnlimit} command line. Each subcommand validates its input (bad input raises
 * {@link InvalidInputException} or picocli's {@link CommandLine.ParameterException}: exit 2 with
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
        exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.LINE_OK, ExitCode.LINE_FAILURE, ExitCode.LINE_BAD_INPUT, ExitCode.LINE_REFUTED},
        subcommands = {
            ExpectCommand.class,
            CheckCommand.class,
            ProgramCommand.class,
            LimitCommand.class,
            SimulateCommand.class,
            StudyCommand.class,
            ReproduceCommand.class,
            VerifyCommand.class,
            TheoryCommand.class,
            TablesCommand.class,
            NotebooksCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    /** Commands whose answer can be "no" (exit 3): an inconsistent check, a refuted claim. */
    private static final java.util.Set<String> REFUTING = java.util.Set.of("verify", "check");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Entry point: runs the command line and exits the JVM (Symja may leave non-daemon threads). */
    public static void main(String[] args) {
        // UTF-8 whatever the locale (LANG=C would print '?' for Φ and φ), straight to the file descriptors so
        // that a write error (a full disk, a closed pipe) reaches checkError instead of being swallowed.
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), java.nio.charset.StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(
                new java.io.FileOutputStream(java.io.FileDescriptor.err), java.nio.charset.StandardCharsets.UTF_8), true);
        int code = run(args, out, err);
        if (code != ExitCode.INTERNAL.code() && System.out.checkError()) {
            // a library wrote to System.out and failed
            err.println(name(args, null) + ": cannot write the output: standard output is closed or full");
            err.flush();
            code = ExitCode.INTERNAL.code();
        }
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
        int code;
        try {
            code = cmd.execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // picocli passes Errors through; the inputs that cause them are refused up front (nesting
            // depth, samples x memory), so reaching this is a failure of ours, reported in one line.
            err.println(name(args, cmd) + ": internal error: " + (e instanceof StackOverflowError
                    ? "the computation ran out of stack" : "out of memory (ask for less, or raise -Xmx in ATTNLIMIT_JAVA_OPTS)"));
            code = ExitCode.INTERNAL.code();
        } finally {
            err.flush();
        }
        // PrintWriter swallows write errors: an answer that never reached its reader is a failure, not a success.
        if (out.checkError() && code != ExitCode.INTERNAL.code()) {
            err.println(name(args, cmd) + ": cannot write the output: standard output is closed or full");
            err.flush();
            code = ExitCode.INTERNAL.code();
        }
        return code;
    }

    private static String name(String[] args, CommandLine cmd) {
        boolean known = args.length > 0 && (cmd == null ? !args[0].startsWith("-") : cmd.getSubcommands().containsKey(args[0]));
        return known ? "attnlimit " + args[0] : "attnlimit";
    }

    /** Builds the configured command line (error handlers and exit codes included). */
    public static CommandLine newCommandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        // plain decimal and scientific numbers only: Java's parsers also take 2d, 0x1p-1 and non-ASCII digits
        CommandLine.ITypeConverter<Double> real = text -> {
            try {
                return Numbers.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
        CommandLine.ITypeConverter<Integer> integer = text -> {
            try {
                return Numbers.parseInt(text);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
        CommandLine.ITypeConverter<Long> wide = text -> {
            try {
                return Numbers.parseLong(text);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
        cmd.registerConverter(Double.class, real).registerConverter(double.class, real)
                .registerConverter(Integer.class, integer).registerConverter(int.class, integer)
                .registerConverter(Long.class, wide).registerConverter(long.class, wide);
        cmd.setParameterExceptionHandler(Main::onParameterError);
        cmd.setExecutionExceptionHandler(Main::onExecutionError);
        cmd.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Main::commandList);
        // One exit-code list for every command's --help (3 only where the mathematics can say no).
        for (CommandLine sub : cmd.getSubcommands().values()) {
            java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
            for (String line : REFUTING.contains(sub.getCommandName())
                    ? new String[] {ExitCode.LINE_OK, ExitCode.LINE_FAILURE, ExitCode.LINE_BAD_INPUT, ExitCode.LINE_REFUTED}
                    : new String[] {ExitCode.LINE_OK, ExitCode.LINE_FAILURE, ExitCode.LINE_BAD_INPUT}) {
                int colon = line.indexOf(':');
                codes.put(line.substring(0, colon), line.substring(colon + 1));
            }
            if (!sub.getCommandName().equals("help")) {
                // the descriptions are written for 100 columns, as the root's
                sub.getCommandSpec().usageMessage().width(100).exitCodeListHeading(ExitCode.HEADING).exitCodeList(codes);
            }
            // the shared options (--seed, --threads, --out, --format) with this command's description and default
            for (CommandLine.Model.CommandSpec mixin : sub.getCommandSpec().mixins().values()) {
                if (mixin.userObject() instanceof SharedOptions.Tailored t) {
                    t.tailor(sub.getCommandSpec());
                }
            }
        }
        return cmd;
    }

    /**
     * One-line summaries for the top-level command list (picocli would print the first line of each
     * description, cut mid-sentence); a command without one gets the first sentence of its description.
     */
    private static final java.util.Map<String, String> SUMMARIES = java.util.Map.ofEntries(
            java.util.Map.entry("expect", "Gaussian expectations of an activation, in closed form where one exists"),
            java.util.Map.entry("check", "Check a hand-derived formula against attnlimit's own values (3: it disagrees)"),
            java.util.Map.entry("program", "Limit of a Netsor program: covariances (Definition 3.1) or an output's law"),
            java.util.Map.entry("limit", "The limit law of one output coordinate of multi-head attention (Example 3.1)"),
            java.util.Map.entry("simulate", "Simulate the finite-width attention layer and compare it with its limit"),
            java.util.Map.entry("study", "Convergence study over widths, on Apache Spark or in-process"),
            java.util.Map.entry("reproduce", "Regenerate the paper's figures, their CSVs and a report into out/"),
            java.util.Map.entry("verify", "Numerical checks of the proof's statements (3: one is refuted)"),
            java.util.Map.entry("theory", "Render the proof map of Theorem 3.1 (dot, mermaid, latex, markdown, svg, png)"),
            java.util.Map.entry("tables", "Write LaTeX tables for a paper: moments, covariances, verification"),
            java.util.Map.entry("notebooks", "Execute the teaching notebooks and write them as .ipynb and .html"),
            java.util.Map.entry("help", "Display help information about the specified command."));

    /** The root's command list: each command with its one-line summary ({@link #SUMMARIES}). */
    private static String commandList(CommandLine.Help help) {
        java.util.Map<String, CommandLine.Help> subs = help.subcommands();
        if (subs.isEmpty()) {
            return "";
        }
        int width = subs.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        CommandLine.Help.TextTable table = CommandLine.Help.TextTable.forColumns(help.colorScheme(),
                new CommandLine.Help.Column(width + 2, 2, CommandLine.Help.Column.Overflow.SPAN),
                new CommandLine.Help.Column(help.commandSpec().usageMessage().width() - width - 2, 2,
                        CommandLine.Help.Column.Overflow.WRAP));
        for (java.util.Map.Entry<String, CommandLine.Help> e : subs.entrySet()) {
            String summary = SUMMARIES.get(e.getKey());
            if (summary == null) {
                String text = String.join(" ", e.getValue().commandSpec().usageMessage().description()).strip();
                int end = text.indexOf(". ");
                summary = end < 0 ? text : text.substring(0, end + 1);
            }
            table.addRowValues(e.getKey(), summary);
        }
        return table.toString();
    }

    private static int onParameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println(commandName(cmd) + ": " + oneLine(e.getMessage()) + suggestion(e)
                + " (see '" + commandName(cmd) + " --help')");
        return ExitCode.BAD_INPUT.code();
    }

    /** @return picocli's "did you mean" for a mistyped option or command ({@code --token}, {@code expec}), or "" */
    static String suggestion(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException u) || u.getSuggestions().isEmpty()) {
            return "";
        }
        java.util.List<String> s = u.getSuggestions();
        return "; did you mean " + String.join(" or ", s.subList(0, Math.min(3, s.size()))) + "?";
    }

    private static int onExecutionError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        return report(cmd, e);
    }

    /**
     * Prints the one-line message for a failed command and returns its exit code: bad input
     * ({@link InvalidInputException}, a refusal by an engine or by the command's own validation) 2; an input or output file that could not be read or written
     * ({@link java.io.UncheckedIOException}, {@link java.io.IOException}) 1, naming the path and the cause;
     * anything else 1, as an internal error — an {@link IllegalArgumentException} of any other type too (a
     * library refusing what attnlimit passed it is attnlimit's failure, not the user's).
     */
    static int report(CommandLine cmd, Exception e) {
        PrintWriter err = cmd.getErr();
        int code;
        if (e instanceof InvalidInputException) {
            err.println(commandName(cmd) + ": " + oneLine(e.getMessage()));
            code = ExitCode.BAD_INPUT.code();
        } else if (e instanceof java.io.UncheckedIOException || e instanceof java.io.IOException) {
            Throwable cause = e.getCause();
            String detail = e instanceof AtomicFiles.OutputFailure || !(cause instanceof java.io.IOException io)
                    ? e.getMessage() : e.getMessage() + ": " + AtomicFiles.reason(io);
            err.println(commandName(cmd) + ": " + oneLine(detail));
            code = ExitCode.INTERNAL.code();
        } else {
            err.println(commandName(cmd) + ": internal error: " + oneLine(String.valueOf(e))
                    + (System.getenv("ATTNLIMIT_DEBUG") == null ? " (set ATTNLIMIT_DEBUG=1 for a stack trace)" : ""));
            if (System.getenv("ATTNLIMIT_DEBUG") != null) {
                e.printStackTrace(err);
            }
            code = ExitCode.INTERNAL.code();
        }
        err.flush();
        return code;
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

    /**
     * "attnlimit VERSION (commit ABBREV, DATE)": the version from the jar manifest ("development" when run from
     * classes) and the commit from {@code git.properties}, written at build time ("commit unknown" when the
     * build had no git repository).
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"attnlimit " + (v == null ? "development" : v) + " (" + commit() + ")"};
        }

        static String commit() {
            java.util.Properties git = new java.util.Properties();
            try (java.io.InputStream in = Main.class.getResourceAsStream("git.properties")) {
                if (in != null) {
                    git.load(in);
                }
            } catch (java.io.IOException e) {
                // unreadable: the same as absent
            }
            String id = git.getProperty("git.commit.id.abbrev", "");
            if (id.isBlank() || id.startsWith("${")) {
                return "commit unknown";
            }
            String time = git.getProperty("git.commit.time", "");
            return "commit " + id + (time.isBlank() ? "" : ", " + time);
        }
    }
}
