package org.attnlimit.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.calculus.Require;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The options several commands share ({@code --seed}, {@code --threads}, {@code --out}, {@code --format}),
 * declared once as picocli mixins. A command creates each with its own default and description, e.g.
 * {@code @Mixin SeedOption seed = new SeedOption(20250601, "seed of the checks")}; {@link Main} applies
 * them to the command's help ({@link #tailor}).
 */
final class SharedOptions {
    private SharedOptions() {
    }

    /** A mixin whose description (and default) each command sets. */
    abstract static class Tailored {
        private final String name;
        private final String description;

        Tailored(String name, String description) {
            this.name = name;
            this.description = description;
        }

        /** @return the default value as picocli shows it, or null for none */
        String defaultText() {
            return null;
        }

        /** @return the label of the option's value in the help, or null for the declared one */
        String paramLabel() {
            return null;
        }

        /** @return the values the help lists, or null for picocli's own */
        List<String> candidates() {
            return null;
        }

        /** Replaces the shared option of {@code command} by one carrying this command's description and default. */
        final void tailor(CommandSpec command) {
            OptionSpec old = command.findOption(name);
            if (old == null) {
                return;
            }
            OptionSpec.Builder b = old.toBuilder().description(description);
            if (defaultText() != null) {
                b.defaultValue(defaultText());
            }
            if (paramLabel() != null) {
                b.paramLabel(paramLabel());
            }
            if (candidates() != null) {
                b.completionCandidates(candidates());
            }
            command.remove(old);
            command.addOption(b.build());
        }
    }

    /** {@code --seed S}: the same seed gives the same output, whatever the thread count. */
    static final class SeedOption extends Tailored {
        @Option(names = "--seed", paramLabel = "S", description = "seed")
        private long seed;

        SeedOption(long defaultSeed, String description) {
            super("--seed", description + " (default: ${DEFAULT-VALUE})");
            this.seed = defaultSeed;
        }

        /** @return the seed given, or the command's default */
        long seed() {
            return seed;
        }
    }

    /** {@code --threads N}: worker threads; results do not depend on them. */
    static final class ThreadsOption extends Tailored {
        @Option(names = "--threads", paramLabel = "N", description = "worker threads")
        private Integer threads;

        ThreadsOption() {
            this("worker threads");
        }

        ThreadsOption(String what) {
            super("--threads", what + " (default: all cores; results do not depend on it)");
        }

        /** Refuses fewer than one thread. */
        void validate() {
            if (threads != null) {
                Require.atLeast("--threads", threads, 1);
            }
        }

        /** @return whether the user gave {@code --threads} */
        boolean given() {
            return threads != null;
        }

        /** @return the threads given, or the number of cores */
        int count() {
            return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        }

        /** @return the threads given, or {@code fallback} */
        int countOr(int fallback) {
            return threads == null ? fallback : threads;
        }
    }

    /** {@code --out PATH}: a file or directory written (files atomically where they are regular files). */
    static final class OutOption extends Tailored {
        @Option(names = "--out", paramLabel = "PATH", description = "output")
        private Path out;
        private final String label;

        /** @param label {@code FILE} or {@code DIR}; {@code defaultPath} null for none */
        OutOption(String label, Path defaultPath, String description) {
            super("--out", description + (defaultPath == null ? "" : " (default: ${DEFAULT-VALUE})"));
            this.label = label;
            this.out = defaultPath;
        }

        /** @return the path given, or the default (null if none) */
        Path path() {
            return out;
        }

        /** @return whether a path is set (given or by default) */
        boolean present() {
            return out != null;
        }

        @Override
        String paramLabel() {
            return label;
        }
    }

    /** {@code --format FORMAT}: one of the formats the command writes ({@link Format}). */
    static final class FormatOption extends Tailored {
        @Option(names = "--format", paramLabel = "FORMAT", description = "output format")
        private String format;
        private final Set<Format> allowed;
        private final Format fallback;

        FormatOption(Format fallback, String description, Format... allowed) {
            super("--format", description.replace("${FORMATS}", names(EnumSet.of(fallback, allowed))) + " (default: " + fallback + ")");
            this.fallback = fallback;
            this.allowed = EnumSet.of(fallback, allowed);
        }

        @Override
        List<String> candidates() {
            return allowed.stream().map(Format::name).toList();
        }

        /** @return the format asked for; bad input if this command does not write it */
        Format get() {
            if (format == null) {
                return fallback;
            }
            Format f = Format.named(format);
            if (f == null || !allowed.contains(f)) {
                throw new InvalidInputException("--format: unknown format '" + format + "'; known: "
                        + names(allowed));
            }
            return f;
        }

        /** @return whether the user gave {@code --format} */
        boolean given() {
            return format != null;
        }

        private static String names(java.util.Collection<Format> fs) {
            return fs.stream().map(Format::name).collect(Collectors.joining(", "));
        }
    }
}
