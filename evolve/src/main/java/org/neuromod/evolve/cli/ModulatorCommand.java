// `neuromod modulator new|show`: writes a random genome of a modulator kind for an update rule, and prints a
// genome file readably.
package org.neuromod.evolve.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UserException;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Genomes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "modulator", mixinStandardHelpOptions = true,
        description = "Creates and shows modulator genome files, and lists the kinds.",
        subcommands = {ModulatorCommand.New.class, ModulatorCommand.Show.class, ModulatorCommand.Kinds.class})
final class ModulatorCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: new, show or kinds");
    }

    @Command(name = "new", mixinStandardHelpOptions = true, description = "Writes a random genome.")
    static final class New implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GenomeOptions genomeFlags;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the random genome (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", required = true, description = "Genome file to write (JSON).")
        Path out;

        @Option(names = "--format", description = "Genome format version (default: the kind's newest; older ones "
                + "reproduce older dynamics, e.g. grn format 1).")
        Integer format;

        @Override
        public Integer call() throws Exception {
            UpdateRule r = genomeFlags.check(spec);
            String kind = genomeFlags.kind;
            Genome genome = Genomes.random(kind, r, seed);
            if (format != null) {
                try {
                    genome = genome.inFormat(format);
                } catch (UserException e) {
                    throw new ParameterException(spec.commandLine(), "Invalid value for option '--format': "
                            + e.getMessage());
                }
            }
            OutputPaths.file(out, "--out");
            try {
                Genomes.write(genome, out);
            } catch (java.io.IOException e) {
                throw OutputPaths.writeFailed(out, e);
            }
            System.out.println("wrote a random " + kind + " genome (format " + genome.format() + ") for rule " + r.name() + " to " + out);
            return 0;
        }
    }

    /** The registered kinds' names, for help texts. */
    static final class KindNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Genomes.KINDS.iterator();
        }
    }

    @Command(name = "kinds", mixinStandardHelpOptions = true, description = "Lists the modulator kinds: formats, "
            + "default strategy, description.")
    static final class Kinds implements Callable<Integer> {
        @Override
        public Integer call() {
            for (Genomes.Kind k : Genomes.REGISTRY) {
                System.out.printf("%s: %s%n  genome formats %s (new genomes: %d); default strategy %s%n",
                        k.name(), k.description(), k.format() == 1 ? "1" : "1 to " + k.format(), k.format(),
                        k.defaultStrategy());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints a genome file readably.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Genome file.")
        Path file;

        @Override
        public Integer call() {
            Genome genome = Genomes.read(file);
            System.out.print(genome.describe());
            return 0;
        }
    }
}
