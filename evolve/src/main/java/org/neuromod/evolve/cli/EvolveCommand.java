// `neuromod evolve`: searches neuromodulator genomes (GRN) by training candidates with them; writes a run
// directory and ends naming it and the `replay` command for the winner.
package org.neuromod.evolve.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.neuromod.evolve.BuildInfo;
import org.neuromod.evolve.Checkpoint;
import org.neuromod.evolve.DataFingerprint;
import org.neuromod.evolve.Evaluator;
import org.neuromod.evolve.Setup;
import org.neuromod.evolve.SetupsEvaluator;
import org.neuromod.evolve.Evolution;
import org.neuromod.evolve.PopulationEvaluator;
import org.neuromod.evolve.RunDirectory;
import org.neuromod.evolve.Settings;
import org.neuromod.evolve.SettingsFile;
import org.neuromod.evolve.Stopping;
import org.neuromod.evolve.Strategy;
import org.neuromod.evolve.cluster.ClusterEvaluator;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.Backends;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;
import org.neuromod.modulators.Genomes;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.TrainingData;
import org.neuromod.nn.data.DataSetName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    @Mixin
    GenomeOptions genome;

    @Option(names = "--strategy", description = "Evolution strategy: ${COMPLETION-CANDIDATES} (default: the kind's, "
            + "see `neuromod modulator kinds`).", completionCandidates = StrategyNames.class)
    String strategy;

    @Option(names = "--mu", defaultValue = "4", description = "Parents of mu-plus-lambda (default: ${DEFAULT-VALUE}).")
    int mu;

    @Option(names = "--lambda", defaultValue = "8", description = "Children per generation (default: ${DEFAULT-VALUE}).")
    int lambda;

    @Option(names = "--generations", defaultValue = "80", description = "Generations (default: ${DEFAULT-VALUE}).")
    int generations;

    @Option(names = "--epochs", defaultValue = Setup.DEFAULT_EPOCHS, description = "Per-candidate training budget in epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--steps", description = "Per-candidate budget in steps instead of whole epochs.")
    Long steps;

    @Option(names = "--modulate-every", defaultValue = "1", description = "Modulator state and outputs change every K-th step (default: ${DEFAULT-VALUE}).")
    int modulateEvery;

    @Option(names = "--validation", defaultValue = Setup.DEFAULT_VALIDATION, description = "Training images held out for fitness (default: ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--max-population", defaultValue = "64", description = "Candidates trained together at most (default: ${DEFAULT-VALUE}).")
    int maxPopulation;

    @Option(names = "--seed", defaultValue = "1", description = "Run seed: genomes, variation, training seeds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--fitness-seeds", defaultValue = "1", description = "Training seed pairs each candidate is "
            + "scored on per generation; its fitness is their mean (default: ${DEFAULT-VALUE}).")
    int fitnessSeeds;

    @Option(names = "--max-minutes", defaultValue = "0", description = "Stop cleanly at a generation boundary "
            + "before this many minutes of this invocation have passed; 0 for no limit (default: ${DEFAULT-VALUE}).")
    double maxMinutes;

    @Option(names = "--setup", description = "Score every candidate on this setup too (repeatable), e.g. "
            + "\"data=fashion hidden=256,128,64 activation=tanh\"; keys: data, dataDir, hidden, activation, epochs, "
            + "steps, batch, limit, validation, each defaulting as evolve's flags. Not with those flags.")
    List<String> setupTexts;

    @Option(names = "--aggregate", description = "With several setups: the mean (default) or the worst of each "
            + "setup's fitness relative to the reference.")
    String aggregate;

    @Option(names = "--setups-per-generation", description = "With several setups: score each generation on this "
            + "many of them, drawn from the run seed (default: all).")
    Integer setupsPerGeneration;

    @Option(names = "--holdout", description = "A setup never used for selection (repeatable): the winner and the "
            + "reference are measured on it after the last generation, on seeds 1-5 (holdout.json).")
    List<String> holdoutTexts;

    @Option(names = "--out", description = "Run directory (default: runs/evolve-<kind>-<UTC time>); must not exist.")
    Path out;

    @Mixin
    ClusterOptions clusterFlags;

    @Option(names = "--config", description = "Settings file (YAML or JSON, the schema of a run directory's "
            + "config.yaml; flags given here override it).")
    Path config;

    @Option(names = "--resume", description = "Continue the interrupted (or finished, with a larger --generations) "
            + "run in this directory from its last checkpoint.")
    Path resume;

    @Option(names = "--force", description = "With --resume: accept changes that change the results (settings, "
            + "code commit, JDK, backend, device, data); they are recorded in provenance.json.")
    boolean force;

    @Option(names = "--json", description = "End with one JSON line: run directory, best fitness, generations done.")
    boolean json;

    /** Provenance that must match on resume (without --force); the device only on TornadoVM. */
    private static final List<String> SAME_ON_RESUME = List.of("commit", "jdk", "backend", "device", "data");

    @Override
    public Integer call() throws Exception {
        Settings flags = flagSettings();
        List<String> forced = new ArrayList<>();
        Checkpoint checkpoint = null;
        Settings settings;
        if (resume != null) {
            Settings saved = RunDirectory.settings(resume);
            checkpoint = RunDirectory.checkpoint(resume);
            OutputPaths.folder(resume, "--resume " + resume);
            RunDirectory.checkUnedited(resume, saved, checkpoint, force, forced);
            settings = resumed(saved, flags, forced);
            int done = checkpoint == null ? 0 : checkpoint.generationsDone();
            if (settings.generations() < done) {
                throw new UserException("--resume " + resume + ": the run has already finished " + done
                        + " generations; --generations " + settings.generations() + " would undo some");
            }
            if (settings.generations() == done) {
                System.err.println("neuromod: the run in " + resume + " has finished its " + done + " generations; "
                        + "nothing to do (give --generations N above " + done + " to extend it)");
                return report(new Evolution.Outcome(Evolution.End.FINISHED, done, checkpoint == null ? null
                        : checkpoint.best()), resume, settings, new Stopping(0));
            }
        } else if (config != null) {
            settings = SettingsFile.fromFile(config, flags, key -> given(option(key)));
        } else {
            settings = flags;
        }
        checkNewRunDirectory();
        return evolve(settings, checkpoint, forced);
    }

    /**
     * The settings the flags give, each flag checked (exit 2 naming it): what only flags can get wrong here,
     * every value's range and name by SettingsFile.check.
     */
    private Settings flagSettings() {
        net.check();
        UpdateRule flagRule = genome.check(spec);
        String kind = genome.kind;
        String strategyName = strategy != null ? strategy : Genomes.kind(kind).defaultStrategy();
        if (steps != null) {
            net.positive("--steps", steps);  // 0 is a settings file's "whole epochs"; as a flag it is a mistake
        }
        if (resume != null && (out != null || config != null)) {
            throw net.bad("--resume", "continues the run in its directory with its own settings: it does not go "
                    + "with " + (out != null ? "--out" : "--config"));
        }
        if (force && resume == null) {
            throw net.bad("--force", "only goes with --resume");
        }
        clusterFlags.check(spec);
        List<Setup> setups = setups(setupTexts, "--setup");
        List<Setup> holdout = setups(holdoutTexts, "--holdout");
        if (!setups.isEmpty()) {
            for (String single : List.of("--data", "--hidden", "--activation", "--epochs", "--steps", "--batch",
                    "--limit", "--validation")) {
                if (given(single)) {
                    throw net.bad("--setup", "describes each setup whole: give " + single + " inside it (e.g. \""
                            + single.substring(2) + "=...\"), not beside it");
                }
            }
        }
        if (setups.size() < 2 && (aggregate != null || setupsPerGeneration != null)) {
            throw net.bad(aggregate != null ? "--aggregate" : "--setups-per-generation", "goes with two or more "
                    + "--setup");
        }
        Setup first = setups.isEmpty() ? null : setups.get(0);
        BackendOptions where = net.backendFlags;
        Settings flags = first == null
                ? new Settings(net.dataSet.id(), net.widths, net.act.name().toLowerCase(Locale.ROOT),
                        net.batch, net.limitOrAll(), validation, flagRule.name(), modulateEvery, where.backend,
                        where.device, where.threadCount, seed, generations, epochs, steps == null ? 0 : steps, kind,
                        strategyName,
                        lambda, mu, maxPopulation, maxMinutes, fitnessSeeds, null, null, null, holdout)
                : new Settings(first.data(), first.hidden(), first.activation(), first.batch(), first.limit(),
                        first.validation(), flagRule.name(), modulateEvery, where.backend, where.device,
                        where.threadCount,
                        seed, generations, first.epochs(), first.steps(), kind, strategyName, lambda, mu,
                        maxPopulation, maxMinutes, fitnessSeeds, setups.size() > 1 ? setups : null, aggregate,
                        setupsPerGeneration, holdout);
        if (first != null && first.dataDir() != null && setups.size() == 1 && net.dataDir.dir == null) {
            net.dataDir.dir = Path.of(first.dataDir());
        }
        // the one validation path of settings (SettingsFile.check), each bad value named as its flag: flags not
        // given hold their defaults, which pass, so with --config or --resume too a bad flag is a flag error
        SettingsFile.check(flags, new SettingsFile.Reporter() {
            @Override
            public RuntimeException bad(String key, String message) {
                return net.bad(option(key), message);
            }

            @Override
            public String label() {
                return "the command line";
            }
        });
        return flags;
    }

    /** --out: a new directory whose folder can be made, checked before anything is loaded. */
    private void checkNewRunDirectory() {
        if (out == null) {
            return;
        }
        if (java.nio.file.Files.exists(out)) {
            throw new UserException("--out " + out + ": that run directory already exists; choose another (or "
                    + "continue it with --resume " + out + ")");
        }
        try {
            OutputPaths.folder(out, "--out " + out);
        } catch (UserException e) {
            throw new UserException("--out " + out + ": cannot create the run directory (" + e.getMessage() + ")");
        }
    }

    /** Loads the data, opens the evaluator and the run directory, runs the generations, then the winner's extras. */
    private int evolve(Settings settings, Checkpoint checkpoint, List<String> forced) throws Exception {
        UpdateRule rule = UpdateRules.byName(settings.rule());
        PrintStream log = System.err;
        // a value from a file is named as the file's key; from the command line, as its flag
        Path source = resume != null ? resume.resolve("config.yaml") : config;
        boolean fromFile = source != null && !given("--limit") && !given("--validation");
        TrainingData data = NetworkOptions.load(DataSetName.parse(settings.data()), dataDir(settings.scoredSetups()
                .get(0)), log, settings.limit(), settings.validation(), fromFile ? source + ": key 'limit'" : "--limit",
                fromFile ? source + ": key 'validation'" : "--validation");
        long perEpoch = data.train().count() / settings.batch();
        if (settings.steps() > 0) {
            int budgetEpochs = (int) Math.max(1, (settings.steps() + perEpoch - 1) / Math.max(1, perEpoch));
            settings = withEpochs(settings, budgetEpochs);
        }
        Settings run = settings;
        Path dir = resume != null ? resume : out != null ? out : Path.of("runs", "evolve-" + settings.kind() + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now()));
        ParamLayout layout = ParamLayout.of(new MlpSpec(data.inputWidth(), run.hidden(),
                Activation.parse(run.activation()), data.classes()));
        Strategy search = Strategy.of(run.strategy(), org.neuromod.modulators.Genomes.kind(run.kind()).variation(), rule, run.mu(), run.lambda());
        int candidates = Strategy.kind(run.strategy()).candidates().of(run.mu(), run.lambda());
        Stopping stopping = new Stopping(run.maxMinutes());
        Supplier<Backend> backends = () -> Backends.open(run.backend(), run.device(), run.threads());
        Evolution.Outcome outcome;
        List<String> fingerprints = new ArrayList<>(List.of(DataFingerprint.of(data)));
        try (Evaluator evaluator = clusterFlags.on() ? clusterFlags.evaluator(run, data, backends,
                net.dataDir.dir, net.backendFlags.stepsPerCall, stopping, dir, log)
                : run.setups() == null
                ? new PopulationEvaluator(backends, layout, rule, data, run.batch(), run.epochs(), run.steps(),
                        run.modulateEvery(), run.maxPopulation(), stopping::checkStep)
                        .stepsPerCall(net.backendFlags.stepsPerCall)
                : setupsEvaluator(run, rule, backends, stopping, candidates, fingerprints, log)) {
            try (Backend probe = backends.get()) {
                Map<String, Object> provenance = provenance(probe, String.join("+", fingerprints), checkpoint, forced);
                if (evaluator instanceof ClusterEvaluator clustered) {
                    provenance.putAll(clustered.provenance());  // the workers' backend and devices, not this one's
                }
                if (resume != null) {
                    checkSameRun(RunDirectory.provenance(resume), provenance, forced);
                }
                log.printf("%s %s modulators for %s: %s, %d candidates per generation, %d generations, %s; backend "
                        + "%s: %s; %s%n", resume != null ? "resuming (after generation " + (checkpoint == null ? 0
                                : checkpoint.generationsDone()) + ")" : "evolving", run.kind(), rule.name(),
                        run.strategy(), candidates, run.generations(), run.setups() == null ? String.format(
                                "MLP %s on %d %s images (%d held out)", java.util.Arrays.toString(
                                        layout.spec().widths()), data.train().count(), run.data(), run.validation())
                                : run.setupsScored() + " of " + run.setups().size() + " setups per generation ("
                                + String.join("; ", run.setups().stream().map(Setup::label).toList()) + "), fitness: "
                                + run.aggregation() + " of each setup's relative to the reference",
                        provenance.get("backend"), provenance.get("device"), !clusterFlags.on()
                                ? probe.modulationWhere() : "on the cluster's workers");
                try (RunDirectory directory = resume != null ? RunDirectory.resume(dir, run, checkpoint, provenance)
                        : RunDirectory.create(dir, run, provenance);
                     Progress progress = new Progress(log, run.generations(), checkpoint);
                     Signals signals = Signals.stopOn(stopping)) {
                    if (evaluator instanceof ClusterEvaluator clustered) {
                        clustered.onStatus(progress::status);
                    }
                    outcome = Evolution.run(run, search, evaluator, directory, progress::generation, checkpoint,
                            stopping);
                }
            }
        }
        if (outcome.end() == Evolution.End.FINISHED && outcome.best() != null) {
            replayWinner(dir, run, data, backends, log);
            if (run.holdout() != null) {
                Holdout.measure(dir, run, rule, backends, this::dataDir, log);
            }
        }
        return report(outcome, dir, run, stopping);
    }

    /**
     * Retrains the winner with the seeds that scored it into DIR/replay (its trace, with test accuracy every 1/20
     * of the run), so that `report DIR` has its dynamics without another command.
     */
    private void replayWinner(Path dir, Settings run, TrainingData data, Supplier<Backend> backends, PrintStream log)
            throws Exception {
        Path best = dir.resolve("best.json");
        long total = run.trainingSteps(data.train().count());
        try (Backend engine = backends.get()) {
            for (ReplayCommand.Replayed r : ReplayCommand.replays(RunDirectory.scoredWith(best), null,
                    dir.resolve("replay"))) {
                long steps = r.scored().steps() > 0 ? r.scored().steps() : total;
                ReplayCommand.replay(best, Genomes.read(best), r.scored(), r.dir(), r.trace(),
                        r.dataDir() != null ? r.dataDir() : net.dataDir.dir, engine, Math.max(1, steps / 20), false, log);
            }
        }
    }

    /** Prints how the run ended; the exit code: 0, or 128 + the signal's number when a signal stopped it. */
    private int report(Evolution.Outcome outcome, Path dir, Settings run, Stopping stopping) throws Exception {
        String again = "bin/neuromod evolve --resume " + dir;
        Evolution.Best best = outcome.best();
        switch (outcome.end()) {
            case SIGNAL -> System.err.printf("neuromod: stopped by %s after %d of %d generations (the generation in "
                    + "progress was abandoned); continue with: %s%n", stopping.signal(), outcome.generationsDone(),
                    run.generations(), again);
            case OUT_OF_TIME -> System.err.printf("neuromod: stopped after %d of %d generations: the next one would "
                    + "overrun --max-minutes %s; continue with: %s%n", outcome.generationsDone(), run.generations(),
                    run.maxMinutes(), again);
            case FINISHED -> {
            }
        }
        if (best != null) {
            Path bestFile = dir.resolve("best.json");
            System.out.printf("best fitness %.4f (validation accuracy %.4f) in generation %d; results in %s%n",
                    best.fitness().loss(), best.fitness().validationAccuracy(), best.generation(), dir);
            System.out.println("the winner's trace: " + dir.resolve("replay").resolve("trace.csv") + "; plots: "
                    + "bin/neuromod report " + dir + "; tuned baselines at the same compute: bin/neuromod baseline "
                    + "--run " + dir);
        }
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("runDirectory", dir.toString());
            line.put("bestFitness", best == null ? null : best.fitness().loss());
            line.put("generations", outcome.generationsDone());
            line.put("finished", outcome.end() == Evolution.End.FINISHED);
            System.out.println(new ObjectMapper().writeValueAsString(line));
        }
        System.out.flush();
        return outcome.end() == Evolution.End.SIGNAL ? stopping.exitCode() : 0;
    }

    /** The saved settings with the flags given on the command line; a change that changes results needs --force. */
    private Settings resumed(Settings saved, Settings flags, List<String> forced) {
        JsonNode savedTree = SettingsFile.tree(saved);
        JsonNode flagTree = SettingsFile.tree(flags);
        ObjectNode changes = (ObjectNode) SettingsFile.tree(saved);
        changes.removeAll();
        for (String key : SettingsFile.keys()) {
            if (!given(option(key)) || java.util.Objects.equals(savedTree.get(key), flagTree.get(key))) {
                continue;
            }
            if (!SettingsFile.FREE_ON_RESUME.contains(key)) {
                if (!force) {
                    throw new UserException("--resume " + resume + ": " + option(key) + " " + text(flagTree.get(key))
                            + " differs from the run's " + text(savedTree.get(key)) + ", which would change its "
                            + "results; add --force to continue with it anyway");
                }
                forced.add(key + ": " + text(savedTree.get(key)) + " -> " + text(flagTree.get(key)));
            }
            changes.set(key, flagTree.get(key));
        }
        Settings merged = SettingsFile.merge(savedTree, changes, key -> false, resume);
        SettingsFile.check(merged, "--resume " + resume);
        return merged;
    }

    /** The environment must be the one the run was started (or last resumed) on, unless --force. */
    private void checkSameRun(List<Map<String, Object>> before, Map<String, Object> now, List<String> forced) {
        if (before.isEmpty()) {
            return;
        }
        Map<String, Object> last = before.get(before.size() - 1);
        for (String key : SAME_ON_RESUME) {
            Object was = last.get(key);
            Object is = now.get(key);
            // the JVM backend gives the same bits on every CPU, vector width and thread count; a device does not
            boolean sameBits = key.equals("device") && "jvm".equals(now.get("backend"))
                    && "jvm".equals(last.get("backend"));
            if (sameBits || java.util.Objects.equals(String.valueOf(was), String.valueOf(is))) {
                continue;
            }
            if (!force) {
                throw new UserException("--resume " + resume + ": the run was last run with " + key + " '" + was
                        + "', this one has '" + is + "'; that can change its results: add --force to continue anyway");
            }
            forced.add(key + ": " + was + " -> " + is);
        }
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "its default" : value.isTextual() ? value.asText() : value.toString();
    }

    /** The command-line option of a settings key: maxPopulation -> --max-population. */
    static String option(String key) {
        if (key.equals("setups")) {
            return "--setup";
        }
        return key.equals("rule") ? "--rule" : "--" + key.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private static Settings withEpochs(Settings s, int epochs) {
        return new Settings(s.data(), s.hidden(), s.activation(), s.batch(), s.limit(), s.validation(), s.rule(),
                s.modulateEvery(), s.backend(), s.device(), s.threads(), s.seed(), s.generations(), epochs, s.steps(),
                s.kind(), s.strategy(), s.lambda(), s.mu(), s.maxPopulation(), s.maxMinutes(), s.fitnessSeeds(),
                s.setups(), s.aggregate(), s.setupsPerGeneration(), s.holdout());
    }

    /** Parsed --setup or --holdout strings; a bad one is a flag error naming the key. */
    private List<Setup> setups(List<String> texts, String option) {
        List<Setup> list = new ArrayList<>();
        for (String text : texts == null ? List.<String>of() : texts) {
            list.add(net.parse(() -> Setup.parse(text), option));
        }
        return list;
    }

    /** A setup's data folder: its own, else --data-dir, else the default (fetched on first use). */
    Path dataDir(Setup setup) {
        return setup.dataDir() != null ? Path.of(setup.dataDir()) : net.dataDir.dir;
    }

    /** One population evaluator per setup (its data loaded, its budget in epochs), combined. */
    private Evaluator setupsEvaluator(Settings run, UpdateRule rule, Supplier<Backend> backends, Stopping stopping,
                                      int candidates, List<String> fingerprints, PrintStream log) {
        List<SetupsEvaluator.Part> parts = new ArrayList<>();
        fingerprints.clear();
        for (Setup s : run.setups()) {
            TrainingData d = NetworkOptions.load(DataSetName.parse(s.data()), dataDir(s), log, s.limit(), s.validation());
            ParamLayout l = ParamLayout.of(new MlpSpec(d.inputWidth(), s.hidden(), Activation.parse(s.activation()),
                    d.classes()));
            // sizes are checked for every setup before the run directory is made
            org.neuromod.kernels.Footprint.check(l.plan(s.batch(), rule), Math.min(candidates, run.maxPopulation()),
                    org.neuromod.kernels.Footprint.availableHeap());
            long perEpoch = Math.max(1, d.train().count() / s.batch());
            int epochs = s.steps() > 0 ? (int) Math.max(1, (s.steps() + perEpoch - 1) / perEpoch) : s.epochs();
            parts.add(new SetupsEvaluator.Part(s, new PopulationEvaluator(backends, l, rule, d, s.batch(), epochs,
                    s.steps(), run.modulateEvery(), run.maxPopulation(), stopping::checkStep)
                    .stepsPerCall(net.backendFlags.stepsPerCall), s.validation(), d.classes()));
            fingerprints.add(DataFingerprint.of(d));
        }
        return new SetupsEvaluator(parts, rule, run.aggregation(), run.setupsScored(), run.seed());
    }

    private static Map<String, Object> provenance(Backend backend, String data, Checkpoint from,
                                                  List<String> forced) {
        BuildInfo info = BuildInfo.current();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("version", info.version());
        p.put("commit", info.commit());
        p.put("jdk", info.jdk());
        p.put("backend", backend.name());
        p.put("device", backend.device());
        p.put("data", data);
        p.put("started", Instant.now().toString());
        p.put("fromGeneration", from == null ? 0 : from.generationsDone());
        if (!forced.isEmpty()) {
            p.put("forced", forced);
        }
        return p;
    }

    /** The registered strategies' names, for the help text. */
    static final class StrategyNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Strategy.names().iterator();
        }
    }

    /** Progress per generation. */
    private static final class Progress implements AutoCloseable {
        private final RunProgress progress;

        Progress(PrintStream log, int generations, Checkpoint from) {
            progress = new RunProgress(log, "evolve", generations, from == null ? 0 : from.generationsDone());
        }

        /** What the generation in progress is doing (a cluster's workers and chunks), on the bar. */
        void status(String text) {
            progress.message(text);
        }

        void generation(Evolution.GenerationReport r) {
            String text = String.format("best %.4f median %.4f", r.best(), r.median());
            if (r.setups() != null) {
                StringBuilder t = new StringBuilder(text).append("  setups");
                for (int j = 0; j < r.setups().size(); j++) {
                    t.append(String.format(" %d: %.1f s", r.setups().get(j), r.setupSeconds()[j]));
                }
                text = t.toString();
            }
            progress.step(text, String.format("generation %d/%d  %s  %d diverged  %.1f s (%.0f%% in the backend)",
                    r.generation() + 1, r.generations(), text, r.diverged(), r.seconds(),
                    100 * r.backendSeconds() / r.seconds()));
        }

        @Override
        public void close() {
            progress.close();
        }
    }
}
