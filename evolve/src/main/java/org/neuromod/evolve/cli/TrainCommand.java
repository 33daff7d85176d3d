// `neuromod train`: trains a population of MLPs with constant learning parameters (SGD, momentum or Adam) and
// reports per-member test accuracy and throughput. Scripts rely on the flag names and the --json line.
package org.neuromod.evolve.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.neuromod.evolve.BuildInfo;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.Backends;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;
import org.neuromod.modulators.ConstantModulator;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.Trainer;
import org.neuromod.nn.TrainingData;
import org.neuromod.nn.data.DataSetName;
import org.neuromod.nn.data.DataSets;
import org.neuromod.nn.data.DataSplits;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a population of MLPs with constant learning parameters (SGD, momentum or Adam).")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "mnist", description = "Data set: mnist or fashion (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--data-dir", description = "Folder with the data set's four IDX files (default: "
            + "<user cache dir>/neuromod/<data>, fetched on first use).")
    Path dataDir;

    @Option(names = "--hidden", defaultValue = "128", description = "Hidden layer widths, e.g. 128 or 256,128 (default: ${DEFAULT-VALUE}).")
    String hidden;

    @Option(names = "--activation", defaultValue = "relu", description = "Hidden activation: relu, tanh, sigmoid, identity (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--epochs", defaultValue = "1", description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--population", defaultValue = "1", description = "Networks trained together, P (default: ${DEFAULT-VALUE}).")
    int population;

    @Option(names = "--rule", defaultValue = "momentum", description = "Update rule: sgd, momentum or adam (default: ${DEFAULT-VALUE}).")
    String ruleName;

    @Option(names = "--lr", description = "Learning rate alpha (default: 0.05 for sgd and momentum, 0.001 for adam).")
    Double lr;

    @Option(names = "--momentum", description = "Momentum beta in [0, 0.999], only with --rule momentum (default: 0.9).")
    Double momentum;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--limit", description = "Train on the first N training images only.")
    Integer limit;

    @Option(names = "--validation", defaultValue = "0", description = "Hold out the last V training images for validation (default: ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--threads", description = "Worker threads of the JVM backend (default: available cores).")
    Integer threads;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, jvm or tornado (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--json", description = "End with one JSON line: accuracies, throughput, provenance.")
    boolean json;

    /** The --json line. Accuracies are fractions in [0, 1], one per member. */
    record Report(String data, List<Integer> hidden, String activation, int epochs, int batch, int population,
                  String rule, double lr, Double momentum, long seed, int limit, int validation, float[] testAccuracy,
                  float[] validationAccuracy, boolean[] diverged, long steps, double trainSeconds,
                  double samplesPerSecond, String backend, String device, int threads, String version,
                  String commit, String jdk) {
    }

    @Override
    public Integer call() throws Exception {
        DataSetName dataSet = parse(() -> DataSetName.parse(data), "--data");
        List<Integer> widths = parse(() -> MlpSpec.parseHidden(hidden), "--hidden");
        Activation act = parse(() -> Activation.parse(activation), "--activation");
        if (!Backends.CHOICES.contains(backend)) {
            throw bad("--backend", "must be one of " + String.join(", ", Backends.CHOICES) + ", got '" + backend + "'");
        }
        positive("--epochs", epochs);
        positive("--batch", batch);
        positive("--population", population);
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        positive("--threads", threadCount);
        if (limit != null) {
            positive("--limit", limit);
        }
        if (validation < 0) {
            throw bad("--validation", "must be >= 0, got " + validation);
        }
        UpdateRule rule = parse(() -> UpdateRules.byName(ruleName), "--rule");
        double alpha = lr != null ? lr : rule.id() == UpdateRules.ADAM_ID ? 0.001 : 0.05;
        inBounds("--lr", alpha, rule.params().get(rule.indexOf("learningRate")), true);
        Double beta = null;
        if (rule.has("momentum")) {
            beta = momentum != null ? momentum : 0.9;
            inBounds("--momentum", beta, rule.params().get(rule.indexOf("momentum")), false);
        } else if (momentum != null) {
            throw bad("--momentum", "the update rule '" + rule.name() + "' has no momentum parameter");
        }
        float[] constants = beta == null ? new float[] {(float) alpha} : new float[] {(float) alpha, beta.floatValue()};

        PrintStream log = System.err;
        try (Backend engine = Backends.open(backend, threadCount)) {
            Path dir = dataDir;
            if (dir == null) {
                dir = DataSets.defaultDir(dataSet);
                DataSets.ensurePresent(dataSet, dir, log);
            }
            log.println("loading " + dataSet.id() + " from " + dir);
            DataSplits splits = DataSets.load(dataSet, dir);
            TrainingData trainingData = TrainingData.of(splits, limit == null ? 0 : limit, validation);
            MlpSpec mlp = new MlpSpec(trainingData.inputWidth(), widths, act, trainingData.classes());
            ParamLayout layout = ParamLayout.of(mlp);
            ConstantModulator constant = new ConstantModulator(rule, constants);
            log.printf("training %d x MLP %s (%d parameters each) on %d %s images, batch %d, %d epoch%s; backend %s: %s%n",
                    population, Arrays.toString(mlp.widths()), layout.paramsPerNet(), trainingData.train().count(),
                    dataSet.id(), batch, epochs, epochs == 1 ? "" : "s", engine.name(), engine.device());
            Trainer trainer = new Trainer(engine, layout, rule, trainingData, batch, population);
            Trainer.Result result = trainer.train(Trainer.Run.standard(epochs, population, seed), constant,
                    r -> printEpoch(log, r));
            for (int p = 0; p < population; p++) {
                if (result.diverged()[p]) {
                    log.println("warning: network " + p + " diverged (its loss became NaN or infinite; its "
                            + "training stopped there); try a smaller --lr");
                }
            }
            BuildInfo info = BuildInfo.current();
            Report report = new Report(dataSet.id(), widths, act.name().toLowerCase(java.util.Locale.ROOT), epochs,
                    batch, population, rule.name(), alpha, beta, seed, limit == null ? 0 : limit, validation,
                    result.testAccuracy(), result.validationAccuracy(), result.diverged(), result.steps(),
                    result.trainSeconds(), result.samplesPerSecond(), engine.name(), engine.device(),
                    engine.threads(), info.version(), info.commit(), info.jdk());
            printSummary(report);
        }
        return 0;
    }

    private void printSummary(Report report) throws Exception {
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

    private static void printEpoch(PrintStream log, Trainer.EpochReport r) {
        String validation = r.validationAccuracy() == null ? ""
                : "  validation accuracy " + Summary.describe(r.validationAccuracy());
        log.printf("epoch %d/%d  loss %s  %.2f s%s%n", r.epoch(), r.epochs(), Summary.describe(r.meanLoss()),
                r.seconds(), validation);
    }

    private interface Parse<T> {
        T get();
    }

    private <T> T parse(Parse<T> parse, String option) {
        try {
            return parse.get();
        } catch (UserException e) {
            throw bad(option, e.getMessage());
        }
    }

    private void positive(String option, int value) {
        if (value < 1) {
            throw bad(option, "must be a positive integer, got " + value);
        }
    }

    private void inBounds(String option, double value, UpdateRule.HyperParam bounds, boolean strictlyPositive) {
        if (!Double.isFinite(value) || !bounds.contains(value) || (strictlyPositive && value <= 0)) {
            throw bad(option, "must be a finite number in " + (strictlyPositive ? "(" : "[") + bounds.min() + ", "
                    + bounds.max() + "], got " + value);
        }
    }

    private ParameterException bad(String option, String message) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + message);
    }
}
