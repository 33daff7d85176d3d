// Held-out setups of an evolution: never used for selection, measured once the last generation is done. The
// winner and the reference (a constant modulator at the rule's standard values) train on each held-out setup on
// seeds 1-5, paired as in `transfer` (seed s: the same initial weights and batch order for both), and their test
// accuracy and its paired difference go to holdout.json (written atomically) and to stderr.
package org.neuromod.evolve.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.neuromod.evolve.Paired;
import org.neuromod.evolve.RunDirectory;
import org.neuromod.evolve.Settings;
import org.neuromod.evolve.Setup;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.modulators.ConstantModulator;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Genomes;
import org.neuromod.modulators.MixedModulator;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.Seeds;
import org.neuromod.nn.Trainer;
import org.neuromod.nn.TrainingData;
import org.neuromod.nn.data.DataSetName;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

final class Holdout {
    static final String FILE = "holdout.json";
    static final int SEEDS = 5;

    private Holdout() {
    }

    static void measure(Path dir, Settings run, UpdateRule rule, Supplier<Backend> backends,
                        Function<Setup, Path> dataDir, PrintStream log) throws Exception {
        Path best = dir.resolve("best.json");
        Genome genome = Genomes.read(best);
        List<Map<String, Object>> results = new ArrayList<>();
        for (Setup s : run.holdout()) {
            TrainingData data = NetworkOptions.load(DataSetName.parse(s.data()), dataDir.apply(s), log, s.limit(),
                    s.validation());
            ParamLayout layout = ParamLayout.of(new MlpSpec(data.inputWidth(), s.hidden(),
                    Activation.parse(s.activation()), data.classes()));
            double[] winner = new double[SEEDS];
            double[] reference = new double[SEEDS];
            try (Backend engine = backends.get()) {
                Trainer trainer = new Trainer(engine, layout, rule, data, s.batch(), 2);
                for (int i = 0; i < SEEDS; i++) {
                    long seed = i + 1;
                    long init = Seeds.key(seed, Seeds.Purpose.INIT, 0);
                    Trainer.Result r = trainer.train(new Trainer.Run(s.epochs(), new long[] {init, init}, seed, true,
                            false, s.steps()), MixedModulator.ofMembers(List.of(Genomes.population(rule,
                            new Genome[] {genome}, run.modulateEvery()), new ConstantModulator(rule, rule.standards()))),
                            Trainer.Progress.NONE);
                    winner[i] = r.test().accuracy()[0];
                    reference[i] = r.test().accuracy()[1];
                }
            }
            Paired.Interval d = Paired.difference(winner, reference);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("setup", s);
            m.put("winner", winner);
            m.put("reference", reference);
            m.put("difference", d.mean());
            m.put("differenceLow", d.low());
            m.put("differenceHigh", d.high());
            results.add(m);
            log.printf("held-out setup %s: winner %.4f, reference %.4f, difference %+.4f [%+.4f, %+.4f] (paired, "
                    + "%d seeds)%n", s.label(), Paired.of(winner).mean(), Paired.of(reference).mean(), d.mean(),
                    d.low(), d.high(), SEEDS);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seeds", SEEDS);
        root.put("reference", "constant " + rule.name() + " at its standard values");
        root.put("setups", results);
        RunDirectory.writeFile(dir, FILE, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(root) + "\n");
    }
}
