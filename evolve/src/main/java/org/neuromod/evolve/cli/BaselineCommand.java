// `neuromod baseline --run DIR`: tunes every registered baseline by random search at the compute an evolution
// run used, on its training setup and validation split, and writes baselines.json (every trial, each
// baseline's best setting, the compute of both sides) and a replay trace of each best setting. Resumable.
package org.neuromod.evolve.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.neuromod.evolve.Baseline;
import org.neuromod.evolve.BaselineSearch;
import org.neuromod.evolve.BuildInfo;
import org.neuromod.evolve.Fitness;
import org.neuromod.evolve.PopulationEvaluator;
import org.neuromod.evolve.RunDirectory;
import org.neuromod.evolve.Settings;
import org.neuromod.evolve.Stopping;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.Backends;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UserException;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.Modulator;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.Trainer;
import org.neuromod.nn.TrainingData;
import org.neuromod.nn.data.DataSetName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "baseline", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Tunes the baselines (constant SGD, momentum, per-layer momentum, step and cosine schedules, "
                + "Adam) by random search with the compute, setup and validation split of an evolution run.")
final class BaselineCommand implements Callable<Integer> {
    static final String RESULT = "baselines.json";
    static final String PLAN = "search.json";
    static final String TRACES = "traces";
    static final String LOG = "log.jsonl";

    @Spec
    CommandSpec spec;

    @Option(names = "--run", description = "The evolution run directory whose setup and compute the search matches.")
    Path run;

    @Option(names = "--out", description = "Output directory (default: RUN/baselines); must not exist.")
    Path out;

    @Option(names = "--resume", description = "Continue the interrupted search in this output directory.")
    Path resume;

    @Option(names = "--baselines", split = ",", description = "Only these baselines (default: all of them).")
    List<String> only;

    @Option(names = "--eval-every", description = "Test-accuracy rows in the best settings' traces every N steps "
            + "(default: 20 per run).")
    Long evalEvery;

    @Mixin
    DataDirOption dataDir;

    @Option(names = "--threads", description = "Worker threads of the JVM backend (default: the run's).")
    Integer threads;

    /** The search's own settings, fixed when it starts: what a resume continues. */
    record Plan(String run, List<String> baselines, List<Integer> rounds, long seed, int layers, double evolutionSeconds,
                Settings settings) {
    }

    @Override
    public Integer call() throws Exception {
        if ((run == null) == (resume == null)) {
            throw bad(run == null ? "--run" : "--resume", run == null ? "give the evolution run directory "
                    + "(--run DIR), or --resume an interrupted search" : "continues a search with its own settings: "
                    + "it does not go with --run");
        }
        if (resume != null && (out != null || only != null)) {
            throw bad("--resume", "continues a search with its own settings: it does not go with "
                    + (out != null ? "--out" : "--baselines"));
        }
        if (evalEvery != null) {
            NetworkOptions.positive(spec, "--eval-every", evalEvery);
        }
        Plan plan;
        Path dir;
        if (resume != null) {
            dir = resume;
            plan = readPlan(dir);
            OutputPaths.folder(dir, "--resume " + dir);
        } else {
            List<Baseline> chosen = new ArrayList<>();
            for (String name : only == null ? Baseline.names() : only) {
                try {
                    chosen.add(Baseline.byName(name));
                } catch (UserException e) {
                    throw bad("--baselines", e.getMessage());
                }
            }
            RunDirectory.History history = RunDirectory.history(run);
            Settings settings = RunDirectory.settings(run);
            if (settings.setups() != null) {
                throw new UserException("--run " + run + ": the run scored its candidates on " + settings.setups().size()
                        + " setups; baselines are tuned on one setup (tune them on each with a single-setup run)");
            }
            dir = out != null ? out : run.resolve("baselines");
            plan = new Plan(run.toAbsolutePath().normalize().toString(), chosen.stream().map(Baseline::name).toList(),
                    history.candidates(), settings.seed(), settings.hidden().size() + 1, history.seconds(), settings);
            if (Files.exists(dir)) {
                throw new UserException((out != null ? "--out " : "") + dir + ": already exists; choose another "
                        + "--out (or continue it with --resume " + dir + ")");
            }
            OutputPaths.folder(dir, "--out " + dir);
        }
        Settings s = plan.settings();
        int threadCount = threads != null ? NetworkOptions.threadCount(threads, spec) : s.threads();
        PrintStream log = System.err;
        TrainingData data = NetworkOptions.load(DataSetName.parse(s.data()), dataDir.dir, log, s.limit(), s.validation());
        ParamLayout layout = ParamLayout.of(new MlpSpec(data.inputWidth(), s.hidden(), Activation.parse(s.activation()),
                data.classes()));
        if (resume == null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UserException((out != null ? "--out " : "") + dir + ": cannot create it (" + e.getMessage() + ")");
            }
            writeAtomically(dir.resolve(PLAN), Json.PRETTY.writeValueAsString(plan) + "\n");
        }
        List<Baseline> baselines = plan.baselines().stream().map(Baseline::byName).toList();
        BaselineSearch.Plan search = new BaselineSearch.Plan(baselines, plan.rounds(), plan.seed(), plan.layers());
        Supplier<Backend> backends = () -> Backends.open(s.backend(), s.device(), threadCount);
        Stopping stopping = new Stopping(0);
        Map<String, PopulationEvaluator> evaluators = new HashMap<>();
        long start = System.nanoTime();
        List<BaselineSearch.Result> results;
        log.printf("%s %d baselines by random search, %d network-trainings each (%d rounds, as the run's "
                + "generations), MLP %s on %d %s images (%d held out)%n", resume != null ? "resuming: tuning" : "tuning",
                baselines.size(), search.trainings(), plan.rounds().size(),
                java.util.Arrays.toString(layout.spec().widths()), data.train().count(), s.data(), s.validation());
        try (RunProgress progress = new RunProgress(log, "baseline", (long) baselines.size() * plan.rounds().size(),
                BaselineSearch.roundsDone(dir));
             Signals signals = Signals.stopOn(stopping);
             var roundLog = Files.newOutputStream(dir.resolve(LOG), java.nio.file.StandardOpenOption.CREATE,
                     java.nio.file.StandardOpenOption.APPEND)) {
            results = BaselineSearch.run(search, rule -> evaluators.computeIfAbsent(rule.name(),
                    name -> new PopulationEvaluator(backends, layout, rule, data, s.batch(), s.epochs(), s.steps(),
                            s.modulateEvery(), s.maxPopulation(), stopping::checkStep)), dir, r -> {
                                double best = r.fitness().stream().sorted(Fitness.ORDER).findFirst().get().loss();
                                progress.step(String.format("%s best %.4f", r.baseline().name(), best),
                                        r.round() + 1 == r.rounds() || (r.round() + 1) % 20 == 0
                                                ? String.format("%s round %d/%d  best %.4f  %.1f s", r.baseline().name(),
                                                r.round() + 1, r.rounds(), best, r.seconds()) : null);
                                logRound(roundLog, r, best);
                            });
        } catch (Stopping.Abandoned e) {
            log.printf("neuromod: stopped by %s; continue with: bin/neuromod baseline --resume %s%n",
                    stopping.signal(), dir);
            return stopping.exitCode();
        } finally {
            evaluators.values().forEach(PopulationEvaluator::close);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Path traces = dir.resolve(TRACES);
        Files.createDirectories(traces);
        try (Backend engine = backends.get()) {
            for (BaselineSearch.Result r : results) {
                retrain(r, plan, layout, data, engine, traces, log);
            }
        }
        ObjectNode result = result(plan, results, layout, data);
        writeAtomically(dir.resolve(RESULT), Json.PRETTY.writeValueAsString(result) + "\n");
        printSummary(results, plan, result.get("best").asText(), seconds, dir);
        return 0;
    }

    private static void logRound(java.io.OutputStream out, BaselineSearch.RoundReport r, double best) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("baseline", r.baseline().name());
        line.put("round", r.round());
        line.put("best", Double.isFinite(best) ? best : null);
        line.put("seconds", r.seconds());
        try {
            out.write((Json.PLAIN.writeValueAsString(line) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Retrains a baseline's best setting with the seeds it was scored with, writing its trace. */
    private void retrain(BaselineSearch.Result r, Plan plan, ParamLayout layout, TrainingData data, Backend engine,
                         Path traces, PrintStream log) throws Exception {
        Settings s = plan.settings();
        BaselineSearch.Trial best = r.bestTrial();
        UpdateRule rule = r.baseline().rule();
        long initSeed = org.neuromod.evolve.Evolution.initSeed(plan.seed(), best.round());
        long orderSeed = org.neuromod.evolve.Evolution.orderSeed(plan.seed(), best.round());
        Trainer trainer = new Trainer(engine, layout, rule, data, s.batch(), 1);
        long total = s.steps() > 0 ? Math.min(s.steps(), trainer.steps(s.epochs())) : trainer.steps(s.epochs());
        Modulator modulator = r.baseline().modulator(best.setting());
        long every = evalEvery != null ? evalEvery : Math.max(1, total / 20);
        Trace.Info info = new Trace.Info(null, new Trace.Source(r.baseline().name(), null, null, null,
                best.setting()), rule.name(), 1, Math.max(1, total / 200), every, false, new Trace.Setup(s.data(),
                s.hidden(), s.activation(), s.batch(), s.epochs(), total, s.limit(), s.validation(), 1, null, initSeed,
                orderSeed), engine.name(), engine.device(), BuildInfo.current());
        Trainer.Result result;
        Path file = traces.resolve(r.baseline().name() + ".csv");
        try (Trace trace = new Trace(file, info, rule, modulator, 1, layout.spec().layerCount())) {
            result = trainer.train(new Trainer.Run(s.epochs(), new long[] {initSeed}, orderSeed, false, false, s.steps()),
                    modulator, Trainer.Progress.NONE, trace);
            trace.finish();
        }
        double fitness = 1 - (double) result.validationAccuracy()[0];
        if (Double.compare(fitness, best.fitness().loss()) != 0 && !result.diverged()[0]) {
            log.printf("warning: %s retrained to validation fitness %s, searched %s (another backend or device?)%n",
                    r.baseline().name(), fitness, best.fitness().loss());
        }
    }

    private static ObjectNode result(Plan plan, List<BaselineSearch.Result> results, ParamLayout layout,
                                     TrainingData data) {
        Settings s = plan.settings();
        long perTraining = s.batch() * s.trainingSteps(data.train().count());
        ObjectNode root = Json.PLAIN.createObjectNode();
        root.put("format", 1);
        root.put("run", plan.run());
        ObjectNode setup = root.putObject("setup");
        setup.put("data", s.data());
        setup.set("hidden", Json.PLAIN.valueToTree(s.hidden()));
        setup.put("activation", s.activation());
        setup.put("batch", s.batch());
        setup.put("epochs", s.epochs());
        setup.put("steps", s.steps());
        setup.put("limit", s.limit());
        setup.put("validation", s.validation());
        setup.put("seed", s.seed());
        setup.put("layers", layout.spec().layerCount());
        ObjectNode evolution = root.putObject("evolution");
        evolution.put("kind", s.kind());
        evolution.put("strategy", s.strategy());
        evolution.put("generations", plan.rounds().size());
        int trainings = plan.rounds().stream().mapToInt(Integer::intValue).sum();
        evolution.put("networkTrainings", trainings);
        evolution.put("networkSamples", trainings * perTraining);
        ArrayNode list = root.putArray("baselines");
        BaselineSearch.Result best = null;
        for (BaselineSearch.Result r : results) {
            ObjectNode b = list.addObject();
            b.put("name", r.baseline().name());
            b.put("rule", r.baseline().rule().name());
            b.put("description", r.baseline().description());
            b.set("ranges", Json.PLAIN.valueToTree(r.baseline().ranges(plan.layers())));
            BaselineSearch.Trial t = r.bestTrial();
            ObjectNode bt = b.putObject("best");
            bt.set("setting", Json.PLAIN.valueToTree(t.setting()));
            bt.set("fitness", number(t.fitness().loss()));
            bt.set("validationAccuracy", number(t.fitness().validationAccuracy()));
            bt.set("validationLoss", number(t.fitness().tieBreak()));
            bt.put("trial", r.best());
            bt.put("round", t.round());
            bt.put("initSeed", org.neuromod.evolve.Evolution.initSeed(plan.seed(), t.round()));
            bt.put("orderSeed", org.neuromod.evolve.Evolution.orderSeed(plan.seed(), t.round()));
            ObjectNode compute = b.putObject("compute");
            compute.put("networkTrainings", r.trials().size());
            compute.put("networkSamples", r.networkSamples());
            ArrayNode trials = b.putArray("trials");
            for (BaselineSearch.Trial trial : r.trials()) {
                ObjectNode n = trials.addObject();
                n.set("setting", Json.PLAIN.valueToTree(trial.setting()));
                n.set("fitness", number(trial.fitness().loss()));
                n.set("validationLoss", number(trial.fitness().tieBreak()));
                n.put("diverged", trial.fitness().bad());
            }
            if (best == null || Fitness.ORDER.compare(t.fitness(), best.bestTrial().fitness()) < 0) {
                best = r;
            }
        }
        root.put("best", best.baseline().name());
        return root;
    }

    private static JsonNode number(double v) {
        return Double.isFinite(v) ? Json.PLAIN.getNodeFactory().numberNode(v) : Json.PLAIN.getNodeFactory().nullNode();
    }

    private static void printSummary(List<BaselineSearch.Result> results, Plan plan, String best, double seconds,
                                     Path dir) {
        PrintStream out = System.out;
        out.printf("%-18s %12s %12s  %s%n", "baseline", "validation", "trainings", "best setting");
        for (BaselineSearch.Result r : results) {
            BaselineSearch.Trial t = r.bestTrial();
            out.printf(Locale.ROOT, "%-18s %12.4f %12d  %s%n", r.baseline().name(), t.fitness().loss(),
                    r.trials().size(), Baseline.describe(t.setting()));
        }
        int trainings = plan.rounds().stream().mapToInt(Integer::intValue).sum();
        out.printf(Locale.ROOT, "best baseline (by validation fitness): %s; the search took %.0f s here for %d "
                + "network-trainings per baseline (the evolution: %.0f s for %d); results in %s%n", best, seconds,
                trainings, plan.evolutionSeconds(), trainings, dir.resolve(RESULT));
        out.flush();
    }

    private static Plan readPlan(Path dir) {
        Path file = dir.resolve(PLAN);
        if (!Files.isRegularFile(file)) {
            throw new UserException("--resume " + dir + ": not a baseline search directory (no " + file + ")");
        }
        try {
            return Json.PLAIN.readValue(file.toFile(), Plan.class);
        } catch (IOException e) {
            throw new UserException(file + ": unreadable (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Trace.writeAtomically(file, text);
    }

    private ParameterException bad(String option, String message) {
        return NetworkOptions.bad(spec, option, message);
    }
}
