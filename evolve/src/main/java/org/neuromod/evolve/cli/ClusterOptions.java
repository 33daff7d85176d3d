// `evolve`'s cluster flags (--cluster, --chunk, --chunk-timeout, --worker-timeout, --local-worker), their checks,
// and the evaluator they describe: this process as the coordinator of a Hazelcast cluster (and, with
// --local-worker, one of its workers).
package org.neuromod.evolve.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.neuromod.evolve.DataFingerprint;
import org.neuromod.evolve.Evaluator;
import org.neuromod.evolve.Settings;
import org.neuromod.evolve.Stopping;
import org.neuromod.evolve.cluster.Chunk;
import org.neuromod.evolve.cluster.ClusterEvaluator;
import org.neuromod.evolve.cluster.Worker;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.UserException;
import org.neuromod.nn.TrainingData;

import com.hazelcast.core.HazelcastInstance;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

final class ClusterOptions {
    @Option(names = "--cluster", description = "Score the candidates on the workers of this Hazelcast cluster file "
            + "(see `neuromod worker`); this process coordinates and scores nothing itself unless --local-worker.")
    Path cluster;

    @Option(names = "--chunk", description = "With --cluster: candidates per chunk sent to a worker (default: each "
            + "scoring balanced over the workers present).")
    Integer chunk;

    @Option(names = "--chunk-timeout", defaultValue = "3600", description = "With --cluster: seconds a chunk may "
            + "run on a worker before it is sent to another (default: ${DEFAULT-VALUE}).")
    double chunkTimeout;

    @Option(names = "--worker-timeout", defaultValue = "600", description = "With --cluster: seconds to wait for a "
            + "worker when none is left before stopping at the last checkpoint, exit 1 (default: ${DEFAULT-VALUE}).")
    double workerTimeout;

    @Option(names = "--local-worker", description = "With --cluster: this process is a worker too.")
    boolean localWorker;

    /** Checks the flags; a bad one is a flag error (exit 2) of spec's command, naming it. */
    void check(CommandSpec spec) {
        for (String option : List.of("--chunk", "--chunk-timeout", "--worker-timeout", "--local-worker")) {
            if (cluster == null && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw NetworkOptions.bad(spec, option, "only goes with --cluster");
            }
        }
        if (chunk != null && chunk < 1) {
            throw NetworkOptions.bad(spec, "--chunk", "must be at least 1, got " + chunk);
        }
        if (!(chunkTimeout > 0) || !(workerTimeout > 0)) {
            throw NetworkOptions.bad(spec, chunkTimeout > 0 ? "--worker-timeout" : "--chunk-timeout", "must be a "
                    + "positive number of seconds");
        }
    }

    /** Whether the run is scored on a cluster. */
    boolean on() {
        return cluster != null;
    }

    /**
     * The evaluator of a run on the cluster: this process joins as the coordinator (and, with --local-worker, as a
     * worker reading dataDir too); chunks carry the run's single setup and the data's fingerprint.
     */
    Evaluator evaluator(Settings run, TrainingData data, Supplier<Backend> backends, Path dataDir, int stepsPerCall,
                        Stopping stopping, Path dir, PrintStream log) {
        if (run.setups() != null) {
            throw new UserException("--cluster scores one setup per run for now; this run has " + run.setups().size()
                    + " (--setup)");
        }
        HazelcastInstance worker = localWorker ? Worker.start(cluster, backends, dataDir, log) : null;
        Chunk.Setup setup = new Chunk.Setup(run.data(), run.limit(), run.validation(), run.hidden(), run.activation(),
                run.batch(), run.rule(), run.modulateEvery(), run.epochs(), run.steps(), run.maxPopulation(),
                stepsPerCall);
        ClusterEvaluator evaluator;
        try {
            evaluator = new ClusterEvaluator(cluster, setup, DataFingerprint.of(data), chunk == null ? 0 : chunk,
                    chunkTimeout, workerTimeout, run.trainingSteps(data.train().count()) * run.batch(), stopping, log,
                    "bin/neuromod evolve --resume " + dir + " --cluster " + cluster);
        } catch (RuntimeException e) {
            if (worker != null) {
                worker.shutdown();  // its threads would keep the JVM alive past the error
            }
            throw e;
        }
        if (worker != null) {
            evaluator.withLocalWorker(worker);
        }
        return evaluator;
    }
}
