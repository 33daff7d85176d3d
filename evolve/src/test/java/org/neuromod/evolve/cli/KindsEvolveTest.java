// Every registered modulator kind, with no test of its own, end to end: a member trains alone to the same bits
// as inside a population of 8 varied genomes, and an evolution of the kind run for one generation, then resumed
// to two, ends with the files of one run straight to two.
package org.neuromod.evolve.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.jvm.JvmBackend;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Genomes;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.Trainer;
import org.neuromod.nn.TrainingData;
import org.neuromod.nn.data.DataSetName;
import org.neuromod.nn.data.DataSets;
import org.neuromod.nn.data.LearnableData;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class KindsEvolveTest {
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final LearnableData DATA = new LearnableData(400, 100, 9);

    static Stream<Genomes.Kind> kinds() {
        return Genomes.REGISTRY.stream();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aMemberTrainsAloneAsInAPopulationOfEightVariedGenomes(Genomes.Kind kind) throws Exception {
        UpdateRule rule = UpdateRules.MOMENTUM;
        TrainingData d = TrainingData.of(DataSets.load(DataSetName.MNIST, DATA.dir()), 0, 100);
        ParamLayout layout = ParamLayout.of(new MlpSpec(d.inputWidth(), List.of(12), Activation.RELU, d.classes()));
        Genome[] genomes = new Genome[8];
        for (int p = 0; p < genomes.length; p++) {
            Genome g = kind.random(rule, new SplittableRandom(70 + p));
            for (int m = 0; m < p; m++) {
                g = kind.variation().mutate(g, rule, new SplittableRandom(p * 31 + m));
            }
            genomes[p] = g;
        }
        long init = 5;
        long[] inits = new long[genomes.length];
        Arrays.fill(inits, init);
        Trainer.Result together;
        try (JvmBackend backend = new JvmBackend(2)) {
            together = new Trainer(backend, layout, rule, d, 20, genomes.length).train(new Trainer.Run(1, inits, 3,
                    false, false), Genomes.population(rule, genomes, 1), Trainer.Progress.NONE);
        }
        int n = layout.paramsPerNet();
        for (int p = 0; p < genomes.length; p++) {
            Trainer.Result alone;
            try (JvmBackend backend = new JvmBackend(1)) {
                alone = new Trainer(backend, layout, rule, d, 20, 1).train(new Trainer.Run(1, new long[] {init}, 3,
                        false, false), Genomes.population(rule, new Genome[] {genomes[p]}, 1), Trainer.Progress.NONE);
            }
            assertArrayEquals(Arrays.copyOfRange(together.params(), p * n, (p + 1) * n), alone.params(),
                    kind.name() + " member " + p);
            assertEquals(together.validation().meanLoss()[p], alone.validation().meanLoss()[0]);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void anEvolutionOfTheKindResumesExactly(Genomes.Kind kind) throws Exception {
        Path straight = tmp.resolve(kind.name() + "-straight");
        Path resumed = tmp.resolve(kind.name() + "-resumed");
        String[] common = {"--kind", kind.name(), "--data-dir", DATA.toString(), "--hidden", "12", "--mu", "2",
            "--lambda", "3", "--validation", "100", "--batch", "20", "--threads", "1", "--backend", "jvm", "--seed", "2"};
        Cli.Outcome a = Cli.run(concat(new String[] {"evolve", "--generations", "2", "--out", straight.toString()},
                common));
        assertEquals(0, a.code(), a.err());
        Cli.Outcome one = Cli.run(concat(new String[] {"evolve", "--generations", "1", "--out", resumed.toString()},
                common));
        assertEquals(0, one.code(), one.err());
        Cli.Outcome two = Cli.run("evolve", "--resume", resumed.toString(), "--generations", "2", "--data-dir",
                DATA.toString());
        assertEquals(0, two.code(), two.err());
        for (String file : List.of("best.json", "checkpoint.json")) {
            assertEquals(Files.readString(straight.resolve(file)), Files.readString(resumed.resolve(file)),
                    kind.name() + " " + file);
        }
        assertEquals(Cli.untimed(straight.resolve("log.jsonl")), Cli.untimed(resumed.resolve("log.jsonl")));
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }
}
