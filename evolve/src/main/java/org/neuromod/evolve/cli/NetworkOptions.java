// The flags `train`, `evolve` and `transfer` share: data, network shape, minibatch, and (BackendOptions) backend.
// One definition, so the commands agree on names, defaults and messages.
package org.neuromod.evolve.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.neuromod.evolve.Setup;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.UserException;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.TrainingData;
import org.neuromod.nn.data.DataSetName;
import org.neuromod.nn.data.DataSets;
import org.neuromod.nn.data.DataSplits;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

final class NetworkOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--data", defaultValue = Setup.DEFAULT_DATA, description = "Data set: mnist or fashion (default: ${DEFAULT-VALUE}).")
    String data;

    @Mixin
    DataDirOption dataDir;

    @Option(names = "--hidden", defaultValue = Setup.DEFAULT_HIDDEN, description = "Hidden layer widths, e.g. 128 or 256,128 (default: ${DEFAULT-VALUE}).")
    String hidden;

    @Option(names = "--activation", defaultValue = Setup.DEFAULT_ACTIVATION, description = "Hidden activation: relu, tanh, sigmoid, identity (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--batch", defaultValue = Setup.DEFAULT_BATCH, description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--limit", description = "Train on the first N training images only.")
    Integer limit;

    @Mixin
    BackendOptions backendFlags;

    /** Resolved and checked values. */
    DataSetName dataSet;
    List<Integer> widths;
    Activation act;

    /** Checks every flag; a bad one is a flag error (exit 2) naming it. */
    void check() {
        dataSet = parse(() -> DataSetName.parse(data), "--data");
        widths = parse(() -> MlpSpec.parseHidden(hidden), "--hidden");
        act = parse(() -> Activation.parse(activation), "--activation");
        backendFlags.check(spec);
        positive("--batch", batch);
        if (limit != null) {
            positive("--limit", limit);
        }
        // sizes before anything is loaded: a network whose parameters overflow an array is a flag error
        try {
            org.neuromod.nn.ParamLayout.of(new MlpSpec(28 * 28, widths, act, 10));
        } catch (UserException e) {
            throw bad("--hidden", e.getMessage());
        }
    }

    int limitOrAll() {
        return limit == null ? 0 : limit;
    }

    Backend openBackend() {
        return backendFlags.open();
    }

    /** Loads (fetching the default folder on first use) and splits the data set. */
    TrainingData load(PrintStream log, int validation) {
        return load(dataSet, dataDir.dir, log, limitOrAll(), validation);
    }

    /** The data set from dir (null: the default folder, fetched on first use), limited and split. */
    static TrainingData load(DataSetName dataSet, Path dataDir, PrintStream log, int limit, int validation) {
        return load(dataSet, dataDir, log, limit, validation, "--limit", "--validation");
    }

    /** The same, naming limit and validation as their source does. */
    static TrainingData load(DataSetName dataSet, Path dataDir, PrintStream log, int limit, int validation,
                             String limitName, String validationName) {
        Path dir = dataDir;
        if (dir == null) {
            dir = DataSets.defaultDir(dataSet);
            DataSets.ensurePresent(dataSet, dir, log);
        }
        log.println("loading " + dataSet.id() + " from " + dir);
        DataSplits splits = DataSets.load(dataSet, dir);
        return TrainingData.of(splits, limit, validation, limitName, validationName);
    }

    MlpSpec mlp(TrainingData data) {
        return new MlpSpec(data.inputWidth(), widths, act, data.classes());
    }

    interface Parse<T> {
        T get();
    }

    <T> T parse(Parse<T> parse, String option) {
        try {
            return parse.get();
        } catch (UserException e) {
            throw bad(option, e.getMessage());
        }
    }

    /** The JVM backend's worker threads: --threads, or every core; zero, negative or more than the cores is a flag error. */
    static int threadCount(Integer threads, CommandSpec spec) {
        int cores = Runtime.getRuntime().availableProcessors();
        int count = threads == null ? cores : threads;
        positive(spec, "--threads", count);
        if (count > cores) {
            throw bad(spec, "--threads", "this machine has " + cores + " cores; more worker threads than cores only "
                    + "slow the step down, got " + count);
        }
        return count;
    }

    void positive(String option, long value) {
        positive(spec, option, value);
    }

    static void positive(CommandSpec spec, String option, long value) {
        if (value < 1) {
            throw bad(spec, option, "must be a positive integer, got " + value);
        }
    }

    ParameterException bad(String option, String message) {
        return bad(spec, option, message);
    }

    /** A flag error (exit 2) of {@code spec}'s command: "Invalid value for option 'OPTION': MESSAGE". */
    static ParameterException bad(CommandSpec spec, String option, String message) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + message);
    }
}
