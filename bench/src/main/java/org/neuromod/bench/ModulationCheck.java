// Does the modulation on the device train as it does on the host, on the same device? Trains each genome file on
// MNIST (or Fashion-MNIST) from the same seeds twice on one backend: with the backend's own modulation (TornadoVM:
// in the step's task graph, --steps-per-call K at a time) and with the modulator called on the host between the
// backend's steps. Prints each run's test accuracy and the difference in points, and exits 1 when a difference
// exceeds --tolerance points.
//
//   java [TornadoVM's flags] -cp bench/target/benchmarks.jar org.neuromod.bench.ModulationCheck \
//       [--backend tornado] [--device ID] [--data mnist] [--limit 12000] [--epochs 1] [--hidden 128] \
//       [--batch 64] [--seed 1] [--steps-per-call 1] [--tolerance 0.5] GENOME.json ...
package org.neuromod.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.Backends;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Genomes;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.Modulator;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.Trainer;
import org.neuromod.nn.TrainingData;
import org.neuromod.nn.data.DataSetName;
import org.neuromod.nn.data.DataSets;

public final class ModulationCheck {
    private ModulationCheck() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>(Map.of("backend", "tornado", "data", "mnist", "limit",
                "12000", "epochs", "1", "hidden", "128", "batch", "64", "seed", "1", "steps-per-call", "1",
                "tolerance", "0.5"));
        List<Path> genomes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                flags.put(args[i].substring(2), args[++i]);
            } else {
                genomes.add(Path.of(args[i]));
            }
        }
        if (genomes.isEmpty()) {
            System.err.println("ModulationCheck: name one or more genome files");
            System.exit(2);
        }
        DataSetName name = DataSetName.parse(flags.get("data"));
        TrainingData data = TrainingData.of(DataSets.load(name, DataSets.defaultDir(name)),
                Integer.parseInt(flags.get("limit")), 0);
        int epochs = Integer.parseInt(flags.get("epochs"));
        int batch = Integer.parseInt(flags.get("batch"));
        long seed = Long.parseLong(flags.get("seed"));
        double tolerance = Double.parseDouble(flags.get("tolerance"));
        boolean within = true;
        try (Backend backend = Backends.open(flags.get("backend"), flags.get("device"),
                Runtime.getRuntime().availableProcessors())) {
            System.out.println("ModulationCheck on " + backend.device() + ": " + name.id() + ", "
                    + data.train().count() + " training images, MLP 784-" + flags.get("hidden") + "-10, batch "
                    + batch + ", " + epochs + " epoch(s), seed " + seed + ", " + flags.get("steps-per-call")
                    + " step(s) per call");
            System.out.println("| genome | kind | the backend's modulation: test accuracy | on the host | difference "
                    + "(points) |");
            System.out.println("|---|---|---:|---:|---:|");
            for (Path file : genomes) {
                Genome genome = Genomes.read(file);
                UpdateRule rule = Genomes.rule(genome);
                ParamLayout layout = ParamLayout.of(new MlpSpec(data.inputWidth(),
                        BenchSetup.hidden(flags.get("hidden")), Activation.RELU, data.classes()));
                Trainer trainer = new Trainer(backend, layout, rule, data, batch, 1)
                        .stepsPerCall(Integer.parseInt(flags.get("steps-per-call")));
                Modulator modulator = Genomes.population(rule, new Genome[] {genome}, 1);
                Trainer.Run run = Trainer.Run.standard(epochs, 1, seed);
                float device = trainer.train(run, modulator, Trainer.Progress.NONE).test().accuracy()[0];
                String where = trainer.modulationWhere();
                float host = trainer.train(run, Modulator.onTheHost(modulator), Trainer.Progress.NONE).test()
                        .accuracy()[0];
                double points = 100.0 * (device - host);
                within &= Math.abs(points) <= tolerance;
                System.out.printf(Locale.ROOT, "| %s | %s | %.2f%% | %.2f%% | %+.2f |%n", file.getFileName(),
                        genome.kind(), 100.0 * device, 100.0 * host, points);
                System.err.println(file.getFileName() + ": " + where);
            }
        }
        System.out.println(within ? "every difference within " + tolerance + " points"
                : "a difference exceeds " + tolerance + " points");
        System.exit(within ? 0 : 1);
    }
}
