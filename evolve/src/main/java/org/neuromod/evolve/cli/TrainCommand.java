// `neuromod train`: trains a population of MLPs with an update rule (any of the registry's) whose learning
// parameters come from a modulator (constant, a schedule, or a genome file), and reports per-member test
// accuracy and throughput. Scripts rely on the flag names and the --json line.
package org.neuromod.evolve.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.neuromod.evolve.BuildInfo;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;
import org.neuromod.modulators.ConstantModulator;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Genomes;
import org.neuromod.modulators.ScheduleModulator;
import org.neuromod.nn.Modulator;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.Trainer;
import org.neuromod.nn.TrainingData;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a population of MLPs; a modulator (constant, a schedule or a genome file) sets the "
                + "learning parameters of every layer at every step.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions net;

    @Option(names = "--epochs", defaultValue = "1", description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--population", defaultValue = "1", description = "Networks trained together, P (default: ${DEFAULT-VALUE}).")
    int population;

    @Option(names = "--rule", description = "Update rule: ${COMPLETION-CANDIDATES}; see `neuromod rules` (default: "
            + "momentum, or the genome's).", completionCandidates = RuleNames.class)
    String ruleName;

    @Option(names = "--modulator", defaultValue = "constant", description = "constant, step, cosine, or a genome "
            + "FILE (default: ${DEFAULT-VALUE}). Schedules scale the rule's rate (the learning rate) from its value.")
    String modulator;

    @Option(names = "--step-at", defaultValue = "0.5,0.75", description = "step schedule: fractions of the run at "
            + "which the learning rate is multiplied by --step-gamma (default: ${DEFAULT-VALUE}).")
    String stepAt;

    @Option(names = "--step-gamma", defaultValue = "0.1", description = "step schedule: decay factor (default: ${DEFAULT-VALUE}).")
    double stepGamma;

    @Option(names = "--warmup", defaultValue = "0", description = "cosine schedule: fraction of the run spent "
            + "warming up linearly (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--lr-floor", defaultValue = "0", description = "cosine schedule: final learning rate as a "
            + "fraction of --lr (default: ${DEFAULT-VALUE}).")
    double lrFloor;

    @Option(names = "--modulate-every", defaultValue = "1", description = "A genome modulator's state and outputs "
            + "change every K-th step (default: ${DEFAULT-VALUE}).")
    int modulateEvery;

    @Option(names = "--trace", description = "Write a CSV trace: per traced step, member and layer, every "
            + "observation and learning parameter (as produced and as applied).")
    Path trace;

    @Option(names = "--trace-every", description = "Trace every N-th step (default: about 200 traced steps).")
    Long traceEvery;

    @Mixin
    TraceOptions traceFlags;


    @Option(names = "--seed", defaultValue = "1", description = "Seed of initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation", defaultValue = "0", description = "Hold out the last V training images for validation (default: ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--json", description = "End with one JSON line: accuracies, throughput, provenance.")
    boolean json;

    /** The --json line. Accuracies are fractions in [0, 1], one per member. */
    /** Schedule flags only go with their schedule, and their values are checked before anything is loaded. */
    private void scheduleFlagsBelongToTheirModulator() {
        var result = spec.commandLine().getParseResult();
        for (String flag : List.of("--step-at", "--step-gamma")) {
            if (result.hasMatchedOption(flag) && !modulator.equals("step")) {
                throw bad(flag, "sets the step schedule: it goes with --modulator step");
            }
        }
        for (String flag : List.of("--warmup", "--lr-floor")) {
            if (result.hasMatchedOption(flag) && !modulator.equals("cosine")) {
                throw bad(flag, "sets the cosine schedule: it goes with --modulator cosine");
            }
        }
        double[] at = net.parse(() -> fractions(stepAt), "--step-at");
        try {
            ScheduleModulator.check(at, stepGamma, warmup, lrFloor);
        } catch (UserException e) {
            String flag = e.getMessage().startsWith("--") ? e.getMessage().substring(0, e.getMessage().indexOf(' '))
                    : "--step-at";
            throw bad(flag, e.getMessage());
        }
    }

    /** The registered rules' names, for help texts. */
    static final class RuleNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return UpdateRules.names().iterator();
        }
    }

    /**
     * One option per learning parameter any registered rule declares: its name in kebab case and its aliases
     * (--learning-rate and --lr, --momentum, ...), with the help text, defaults and bounds from the registry.
     */
    static void addParameterOptions(CommandSpec spec) {
        for (Map.Entry<String, List<UpdateRule>> e : parameterRules().entrySet()) {
            UpdateRule.HyperParam first = e.getValue().get(0).params().get(e.getValue().get(0).indexOf(e.getKey()));
            List<String> names = new java.util.ArrayList<>();
            first.aliases().forEach(a -> names.add("--" + a));
            names.add(optionName(e.getKey()));
            StringBuilder help = new StringBuilder(Character.toUpperCase(first.description().charAt(0))
                    + first.description().substring(1) + "; for a constant or schedule modulator (default:");
            for (UpdateRule r : e.getValue()) {
                UpdateRule.HyperParam p = r.params().get(r.indexOf(e.getKey()));
                help.append(" ").append(Float.toString(p.standard())).append(" for ").append(r.name()).append(",");
            }
            help.setLength(help.length() - 1);
            help.append(")");
            spec.addOption(picocli.CommandLine.Model.OptionSpec.builder(names.toArray(String[]::new))
                    .type(Double.class).paramLabel("VALUE").description(help.toString()).build());
        }
    }

    /** Every parameter name the registry declares, with the rules that have it, in registry order. */
    static Map<String, List<UpdateRule>> parameterRules() {
        Map<String, List<UpdateRule>> map = new java.util.LinkedHashMap<>();
        for (UpdateRule r : UpdateRules.all()) {
            for (UpdateRule.HyperParam p : r.params()) {
                map.computeIfAbsent(p.name(), k -> new java.util.ArrayList<>()).add(r);
            }
        }
        return map;
    }

    /** learningRate -> --learning-rate. */
    static String optionName(String parameter) {
        return "--" + parameter.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }

    /** The values given on the command line for learning parameters, by parameter name. */
    private Map<String, Double> givenParameters() {
        Map<String, Double> given = new java.util.LinkedHashMap<>();
        for (String name : parameterRules().keySet()) {
            Object value = spec.findOption(optionName(name)).getValue();
            if (value != null) {
                given.put(name, (Double) value);
            }
        }
        return given;
    }

    private String flags(String parameter) {
        return String.join("/", spec.findOption(optionName(parameter)).names());
    }

    /** What set the learning parameters: a kind, or a genome file with its format and SHA-256. */
    record ModulatorInfo(String kind, Integer format, String path, String sha256) {
    }

    record Report(String data, List<Integer> hidden, String activation, int epochs, int batch, int population,
                  String rule, Map<String, Double> parameters, ModulatorInfo modulator, long seed, int limit, int validation, float[] testAccuracy,
                  float[] validationAccuracy, double[] validationLoss, boolean[] diverged, long steps, double trainSeconds,
                  Double secondsFromStart, double samplesPerSecond, String backend, String device, int threads,
                  String version, String commit, String jdk) {
    }

    @Override
    public Integer call() throws Exception {
        net.check();
        net.positive("--epochs", epochs);
        net.positive("--population", population);
        if (validation < 0) {
            throw bad("--validation", "must be >= 0, got " + validation);
        }
        net.positive("--modulate-every", modulateEvery);
        if (traceEvery != null) {
            net.positive("--trace-every", traceEvery);
        }
        traceFlags.check(spec);
        String traceFlag = traceFlags.traceState ? "--trace-state" : traceEvery != null ? "--trace-every"
                : traceFlags.evalEvery != null ? "--eval-every" : null;
        if (trace == null && traceFlag != null) {
            throw bad(traceFlag, "goes with a trace: give --trace FILE too");
        }
        if (trace != null) {
            OutputPaths.file(trace, "--trace");
            OutputPaths.file(Trace.sidecar(trace), "--trace (its sidecar)");
        }
        scheduleFlagsBelongToTheirModulator();
        boolean isKind = List.of("constant", "step", "cosine").contains(modulator);
        Map<String, Double> given = givenParameters();
        Genome genome = null;
        UpdateRule rule;
        if (isKind) {
            rule = net.parse(() -> UpdateRules.byName(ruleName == null ? "momentum" : ruleName), "--rule");
        } else {
            genome = Genomes.read(Path.of(modulator));
            rule = Genomes.rule(genome);
            if (ruleName != null && !ruleName.equals(rule.name())) {
                throw bad("--rule", "the genome " + modulator + " drives rule '" + rule.name() + "', not '" + ruleName + "'");
            }
            if (!given.isEmpty()) {
                throw bad(flags(given.keySet().iterator().next()), "a genome sets the learning parameters itself; drop it");
            }
        }
        Map<String, Double> parameters = null;
        float[] constants = null;
        if (isKind) {
            for (String name : given.keySet()) {
                if (rule.params().stream().noneMatch(p -> p.name().equals(name))) {
                    throw bad(flags(name), "the update rule '" + rule.name() + "' has no parameter '" + name
                            + "' (its parameters: " + String.join(", ", rule.params().stream()
                            .map(UpdateRule.HyperParam::name).toList()) + ")");
                }
            }
            parameters = new java.util.LinkedHashMap<>();
            constants = new float[rule.modulated()];
            for (int k = 0; k < rule.modulated(); k++) {
                UpdateRule.HyperParam p = rule.params().get(k);
                double value = given.containsKey(p.name()) ? given.get(p.name())
                        : Double.parseDouble(Float.toString(p.standard()));
                inBounds(flags(p.name()), value, p, p.scale() == UpdateRule.Scale.LOG);
                parameters.put(p.name(), value);
                constants[k] = (float) value;
            }
        }
        double[] stepFractions = net.parse(() -> fractions(stepAt), "--step-at");

        // memory before anything is loaded: the buffers of the population must fit the JVM
        org.neuromod.kernels.Footprint.check(ParamLayout.of(new MlpSpec(28 * 28, net.widths, net.act, 10))
                .plan(net.batch, rule), population, org.neuromod.kernels.Footprint.availableHeap());
        PrintStream log = System.err;
        int batch = net.batch;
        try (Backend engine = net.openBackend()) {
            TrainingData trainingData = net.load(log, validation);
            MlpSpec mlp = net.mlp(trainingData);
            ParamLayout layout = ParamLayout.of(mlp);
            Modulator chosen = switch (modulator) {
                case "constant" -> new ConstantModulator(rule, constants);
                case "step" -> new ScheduleModulator(rule, ScheduleModulator.Shape.STEP, constants, stepFractions,
                        stepGamma, 0, 0);
                case "cosine" -> new ScheduleModulator(rule, ScheduleModulator.Shape.COSINE, constants, stepFractions,
                        1, warmup, lrFloor);
                default -> {
                    Genome[] genomes = new Genome[population];
                    java.util.Arrays.fill(genomes, genome);
                    yield Genomes.population(rule, genomes, modulateEvery);
                }
            };
            ModulatorInfo info = isKind ? new ModulatorInfo(modulator, null, null, null)
                    : new ModulatorInfo(genome.kind(), genome.format(), Path.of(modulator).toAbsolutePath().toString(),
                            sha256(Path.of(modulator)));
            log.printf("training %d x MLP %s (%d parameters each) on %d %s images, batch %d, %d epoch%s; backend %s: %s%n",
                    population, Arrays.toString(mlp.widths()), layout.paramsPerNet(), trainingData.train().count(),
                    net.dataSet.id(), batch, epochs, epochs == 1 ? "" : "s", engine.name(), engine.device());
            Trainer trainer = new Trainer(engine, layout, rule, trainingData, batch, population)
                    .stepsPerCall(net.backendFlags.stepsPerCall);
            long totalSteps = trainer.steps(epochs);
            Trainer.Result result;
            if (trace == null) {
                result = trainer.train(Trainer.Run.standard(epochs, population, seed), chosen, r -> printEpoch(log, r));
            } else {
                long every = traceEvery != null ? traceEvery : Math.max(1, totalSteps / 200);
                Object settings = switch (modulator) {
                    case "constant" -> new ConstantSettings(parameters);
                    case "step" -> new StepSettings(parameters, stepFractions, stepGamma);
                    case "cosine" -> new CosineSettings(parameters, warmup, lrFloor);
                    default -> null;
                };
                Trace.Info traceInfo = new Trace.Info(null, new Trace.Source(info.kind(), info.format(), info.sha256(),
                        info.path(), settings), rule.name(), modulateEvery, every, traceFlags.evalPeriod(),
                        traceFlags.traceState, new Trace.Setup(net.dataSet.id(), net.widths,
                        net.act.name().toLowerCase(java.util.Locale.ROOT), batch, epochs, totalSteps, net.limitOrAll(),
                        validation, population, seed, null, null), engine.name(), engine.device(), BuildInfo.current());
                try (Trace writer = new Trace(trace, traceInfo, rule, chosen, population, layout.spec().layerCount())) {
                    result = trainer.train(Trainer.Run.standard(epochs, population, seed), chosen,
                            r -> printEpoch(log, r), writer);
                    writer.finish();
                }
                log.println("trace written to " + trace);
            }
            Double fromStart = secondsFromStart();
            log.println(trainer.modulationWhere());
            for (int p = 0; p < population; p++) {
                if (result.diverged()[p]) {
                    log.println("warning: network " + p + " diverged (its loss became NaN or infinite; its "
                            + "training stopped there); try a smaller --lr");
                }
            }
            BuildInfo build = BuildInfo.current();
            Report report = new Report(net.dataSet.id(), net.widths, net.act.name().toLowerCase(java.util.Locale.ROOT),
                    epochs, batch, population, rule.name(), parameters, info, seed, net.limitOrAll(), validation,
                    result.testAccuracy(), result.validationAccuracy(),
                    result.validation() == null ? new double[0] : result.validation().meanLoss(), result.diverged(), result.steps(),
                    result.trainSeconds(), fromStart, result.samplesPerSecond(), engine.name(),
                    engine.device(), engine.threads(), build.version(), build.commit(), build.jdk());
            printSummary(report, json);
        }
        return 0;
    }

    /**
     * Seconds since this process started, or null where the system does not say. bin/neuromod replaces itself with
     * the JVM (off a terminal), so this counts the launcher's own start-up too: JDK check, JVM start, data loading,
     * preparation. On Linux it is the system's uptime less the process's start tick (field 22 of /proc/self/stat,
     * in USER_HZ = 100 ticks per second), both counted from boot, so it is good to 10 ms; elsewhere the process
     * start time Java reports.
     */
    static Double secondsFromStart() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // from field 3, the state
            long startTicks = Long.parseLong(fields[22 - 3]);
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            return uptime - startTicks / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return ProcessHandle.current().info().startInstant()
                    .map(start -> (System.currentTimeMillis() - start.toEpochMilli()) / 1e3).orElse(null);
        }
    }

    /** The settings of the constant and schedule modulators, as traces record them. */
    record ConstantSettings(Map<String, Double> parameters) {
    }

    record StepSettings(Map<String, Double> parameters, double[] stepAt, double stepGamma) {
    }

    record CosineSettings(Map<String, Double> parameters, double warmup, double lrFloor) {
    }

    static void printSummary(Report report, boolean json) throws Exception {
        PrintStream out = System.out;
        out.printf("test accuracy: %s%n", Summary.describe(report.testAccuracy()));
        if (report.validationAccuracy().length > 0) {
            out.printf("validation accuracy: %s%n", Summary.describe(report.validationAccuracy()));
        }
        out.printf("trained %d steps in %.2f s: %.0f network-samples/s (%s, %s)%n", report.steps(),
                report.trainSeconds(), report.samplesPerSecond(), report.backend(), report.device());
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(report));
        }
        out.flush();
    }

    static void printEpoch(PrintStream log, Trainer.EpochReport r) {
        String validation = r.validationAccuracy() == null ? ""
                : "  validation accuracy " + Summary.describe(r.validationAccuracy());
        log.printf("epoch %d/%d  loss %s  %.2f s%s%n", r.epoch(), r.epochs(), Summary.describe(r.meanLoss()),
                r.seconds(), validation);
    }

    /** "0.5,0.75" -> {0.5, 0.75}. */
    private static double[] fractions(String text) {
        if (text.isBlank()) {
            return new double[0];
        }
        String[] parts = text.split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserException("'" + parts[i].trim() + "' is not a number");
            }
        }
        return values;
    }

    static String sha256(Path file) throws java.io.IOException, java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(java.nio.file.Files.readAllBytes(file)));
    }

    private void inBounds(String option, double value, UpdateRule.HyperParam bounds, boolean strictlyPositive) {
        if (!Double.isFinite(value) || !bounds.contains(value) || (strictlyPositive && value <= 0)) {
            throw bad(option, "must be a finite number in " + (strictlyPositive ? "(" : "[") + bounds.min() + ", "
                    + bounds.max() + "], got " + value);
        }
    }

    private ParameterException bad(String option, String message) {
        return NetworkOptions.bad(spec, option, message);
    }
}
