// `neuromod evolve`: searches neuromodulator genomes (GRN) by training candidates with them; writes a run
// directory and ends naming it and the `replay` command for the winner.
package org.neuromod.evolve.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.neuromod.evolve.BuildInfo;
import org.neuromod.evolve.Evolution;
import org.neuromod.evolve.PopulationEvaluator;
import org.neuromod.evolve.RunDirectory;
import org.neuromod.evolve.Settings;
import org.neuromod.evolve.Strategy;
import org.neuromod.evolve.Variation;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.modulators.Genomes;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.TrainingData;

import com.fasterxml.jackson.databind.ObjectMapper;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "evolve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evolves neuromodulators: candidates are scored by training networks with them "
                + "(fitness: 1 - validation accuracy after a fixed budget, lower is better).")
final class EvolveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions net;

    @Option(names = "--kind", defaultValue = "grn", description = "Modulator kind: grn or cgp (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--strategy", description = "mu-plus-lambda (tournament selection, crossover) or one-plus-lambda "
            + "(neutral drift) (default: mu-plus-lambda for grn, one-plus-lambda for cgp).")
    String strategy;

    @Option(names = "--mu", defaultValue = "4", description = "Parents of mu-plus-lambda (default: ${DEFAULT-VALUE}).")
    int mu;

    @Option(names = "--lambda", defaultValue = "8", description = "Children per generation (default: ${DEFAULT-VALUE}).")
    int lambda;

    @Option(names = "--generations", defaultValue = "80", description = "Generations (default: ${DEFAULT-VALUE}).")
    int generations;

    @Option(names = "--epochs", defaultValue = "1", description = "Per-candidate training budget in epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--steps", description = "Per-candidate budget in steps instead of whole epochs.")
    Long steps;

    @Option(names = "--rule", defaultValue = "momentum", description = "Update rule: sgd, momentum or adam (default: ${DEFAULT-VALUE}).")
    String ruleName;

    @Option(names = "--modulate-every", defaultValue = "1", description = "Modulator state and outputs change every K-th step (default: ${DEFAULT-VALUE}).")
    int modulateEvery;

    @Option(names = "--validation", defaultValue = "10000", description = "Training images held out for fitness (default: ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--max-population", defaultValue = "64", description = "Candidates trained together at most (default: ${DEFAULT-VALUE}).")
    int maxPopulation;

    @Option(names = "--seed", defaultValue = "1", description = "Run seed: genomes, variation, training seeds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Run directory (default: runs/evolve-<kind>-<UTC time>); must not exist.")
    Path out;

    @Option(names = "--json", description = "End with one JSON line: run directory, best fitness, generations done.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        net.check();
        if (!Genomes.KINDS.contains(kind)) {
            throw net.bad("--kind", "expected one of " + String.join(", ", Genomes.KINDS) + ", got '" + kind + "'");
        }
        String strategyName = strategy != null ? strategy : kind.equals("cgp") ? "one-plus-lambda" : "mu-plus-lambda";
        if (!java.util.List.of("mu-plus-lambda", "one-plus-lambda").contains(strategyName)) {
            throw net.bad("--strategy", "expected mu-plus-lambda or one-plus-lambda, got '" + strategyName + "'");
        }
        net.positive("--mu", mu);
        net.positive("--lambda", lambda);
        net.positive("--generations", generations);
        net.positive("--epochs", epochs);
        net.positive("--modulate-every", modulateEvery);
        net.positive("--validation", validation);
        net.positive("--max-population", maxPopulation);
        if (steps != null) {
            net.positive("--steps", steps);
        }
        UpdateRule rule = net.parse(() -> UpdateRules.byName(ruleName), "--rule");
        PrintStream log = System.err;
        TrainingData data = net.load(log, validation);
        long perEpoch = data.train().count() / net.batch;
        int budgetEpochs = steps == null ? epochs : (int) Math.max(1, (steps + perEpoch - 1) / Math.max(1, perEpoch));
        Settings settings = new Settings(net.dataSet.id(), net.widths, net.act.name().toLowerCase(Locale.ROOT),
                net.batch, net.limitOrAll(), validation, rule.name(), modulateEvery, net.backend, net.device,
                net.threadCount, seed, generations, budgetEpochs, steps == null ? 0 : steps, kind, strategyName,
                lambda, mu, maxPopulation);
        Path dir = out != null ? out : Path.of("runs", "evolve-" + kind + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now()));
        ParamLayout layout = ParamLayout.of(net.mlp(data));
        Strategy search = Strategy.of(strategyName, Variation.of(kind), rule, mu, lambda);
        Evolution.Best best;
        int candidates = strategyName.equals("one-plus-lambda") ? 1 + lambda : mu + lambda;
        try (PopulationEvaluator evaluator = new PopulationEvaluator(net::openBackend, layout, rule, data, net.batch,
                budgetEpochs, settings.steps(), modulateEvery, maxPopulation)) {
            try (Backend probe = net.openBackend()) {
                log.printf("evolving %s modulators for %s: %s, %d candidates per generation, %d generations, "
                        + "MLP %s on %d %s images (%d held out); backend %s: %s%n", kind, rule.name(), strategyName,
                        candidates, generations, java.util.Arrays.toString(layout.spec().widths()),
                        data.train().count(), net.dataSet.id(), validation, probe.name(), probe.device());
                Map<String, Object> provenance = provenance(probe);
                try (RunDirectory run = RunDirectory.create(dir, settings, provenance);
                     Progress progress = new Progress(log, generations)) {
                    best = Evolution.run(settings, search, evaluator, run, progress::generation);
                }
            }
        }
        Path bestFile = dir.resolve("best.json");
        System.out.printf("best fitness %.4f (validation accuracy %.4f) in generation %d; results in %s%n",
                best.fitness().loss(), best.fitness().validationAccuracy(), best.generation(), dir);
        System.out.println("retrain the winner: bin/neuromod replay --genome " + bestFile + " --out " + dir.resolve("replay"));
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("runDirectory", dir.toString());
            line.put("bestFitness", best.fitness().loss());
            line.put("generations", generations);
            System.out.println(new ObjectMapper().writeValueAsString(line));
        }
        return 0;
    }

    private static Map<String, Object> provenance(Backend backend) {
        BuildInfo info = BuildInfo.current();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("version", info.version());
        p.put("commit", info.commit());
        p.put("jdk", info.jdk());
        p.put("backend", backend.name());
        p.put("device", backend.device());
        p.put("started", Instant.now().toString());
        return p;
    }

    /** A progress bar with ETA on a terminal; plain lines otherwise. */
    private static final class Progress implements AutoCloseable {
        private final PrintStream log;
        private final ProgressBar bar;

        Progress(PrintStream log, int generations) {
            this.log = log;
            boolean terminal = System.console() != null && System.console().isTerminal();
            this.bar = terminal ? new ProgressBarBuilder().setTaskName("evolve").setInitialMax(generations)
                    .setStyle(ProgressBarStyle.ASCII).build() : null;
        }

        void generation(Evolution.GenerationReport r) {
            String text = String.format("best %.4f median %.4f", r.best(), r.median());
            if (bar != null) {
                bar.setExtraMessage(text);
                bar.step();
            } else {
                log.printf("generation %d/%d  %s  %d diverged  %.1f s (%.0f%% in the backend)%n", r.generation() + 1,
                        r.generations(), text, r.diverged(), r.seconds(), 100 * r.backendSeconds() / r.seconds());
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
