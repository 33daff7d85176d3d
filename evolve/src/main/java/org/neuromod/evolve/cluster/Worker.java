// A worker: a data member of the cluster that scores fitness chunks on its own backend, one at a time (its
// fitness executor has one thread). It loads each setup's data from its own cache, once, and refuses a chunk whose
// code commit, formats or data differ from its own: such scores would not be the coordinator's.
package org.neuromod.evolve.cluster;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import org.neuromod.evolve.BuildInfo;
import org.neuromod.evolve.DataFingerprint;
import org.neuromod.evolve.Fitness;
import org.neuromod.evolve.PopulationEvaluator;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.modulation.Observations;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Genomes;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.TrainingData;
import org.neuromod.nn.data.DataSetName;
import org.neuromod.nn.data.DataSets;

public final class Worker {
    private static volatile Worker current;

    private final Supplier<Backend> backends;
    private final Path dataDir;
    private final String device;
    // the build's commit; a test stands in another with -Dneuromod.test.commit to see the worker refused
    private final String commit = System.getProperty("neuromod.test.commit", BuildInfo.current().commit());
    private final PrintStream log;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final Map<String, TrainingData> data = new LinkedHashMap<>();
    private final Map<String, String> fingerprints = new LinkedHashMap<>();  // of each data set loaded, once
    private final Map<String, PopulationEvaluator> evaluators = new LinkedHashMap<>();
    private String address = "?";
    private volatile long chunks;  // read by status() on the status executor

    private Worker(Supplier<Backend> backends, String device, Path dataDir, PrintStream log) {
        this.backends = backends;
        this.device = device;
        this.dataDir = dataDir;
        this.log = log;
    }

    /**
     * Joins the cluster of {@code clusterFile} as a worker that trains on {@code backends}, loading data from
     * {@code dataDir} (null: the default cache). Its backend and device are published as member attributes.
     */
    public static HazelcastInstance start(Path clusterFile, Supplier<Backend> backends, Path dataDir,
                                          PrintStream log) {
        String backend;
        String device;
        try (Backend probe = backends.get()) {
            backend = probe.name();
            device = probe.name() + ": " + probe.device();
        }
        Worker worker = new Worker(backends, device, dataDir, log);
        Config config = ClusterFile.load(clusterFile, false, Map.of(ClusterFile.ROLE, ClusterFile.WORKER, ClusterFile.COMMIT,
                worker.commit, ClusterFile.BACKEND, backend, ClusterFile.DEVICE, device));
        current = worker;
        HazelcastInstance instance = ClusterFile.join(clusterFile, config);
        worker.address = instance.getCluster().getLocalMember().getAddress().toString();
        return instance;
    }

    /** Scores a chunk (ChunkTask on this member); the answer as JSON. */
    static String score(String json) {
        Worker worker = current;
        Chunk chunk = null;
        try {
            chunk = Chunk.parse(json);
            if (worker == null) {
                return Chunk.write(Chunk.Answer.refused(chunk, "?", "?", "this member is not a worker"));
            }
            return Chunk.write(worker.scoreChunk(chunk));
        } catch (RuntimeException | OutOfMemoryError e) {
            String where = worker == null ? "?" : worker.address;
            String device = worker == null ? "?" : worker.device;
            return Chunk.write(Chunk.Answer.failed(chunk, where, device, e.getClass().getSimpleName() + ": "
                    + e.getMessage()));
        }
    }

    private synchronized Chunk.Answer scoreChunk(Chunk chunk) {
        String refusal = refusal(chunk);
        if (refusal != null) {
            log.println("neuromod worker: refused generation " + chunk.generation() + " chunk " + chunk.index() + ": "
                    + refusal);
            return Chunk.Answer.refused(chunk, address, device, refusal);
        }
        busy.set(true);
        try {
            long start = System.nanoTime();
            Chunk.Setup s = chunk.setup();
            List<Genome> genomes = chunk.genomes().stream().map(Genomes::parse).toList();
            List<Fitness> scores = evaluator(s).evaluate(genomes, chunk.initSeed(), chunk.orderSeed());
            chunks++;
            log.printf("neuromod worker: generation %d chunk %d (candidates %d-%d) scored%n", chunk.generation(),
                    chunk.index(), chunk.from(), chunk.from() + genomes.size() - 1);
            return Chunk.Answer.scored(chunk, address, device, (System.nanoTime() - start) / 1e9, scores);
        } finally {
            busy.set(false);
        }
    }

    /** Why this worker's scores would not be the coordinator's, or null. */
    private String refusal(Chunk chunk) {
        if (chunk.format() != Chunk.FORMAT) {
            return "chunk format " + chunk.format() + ", this worker reads format " + Chunk.FORMAT;
        }
        if (chunk.observations() != Observations.VERSION) {
            return "observations version " + chunk.observations() + ", this worker's is " + Observations.VERSION;
        }
        if (!chunk.commit().equals(commit)) {
            return "the coordinator runs commit " + chunk.commit() + ", this worker " + commit;
        }
        String sha = fingerprints.computeIfAbsent(chunk.setup().dataKey(),
                key -> DataFingerprint.of(data(chunk.setup())));
        if (!sha.equals(chunk.dataSha256())) {
            return "its data (" + chunk.setup().dataKey() + ") has SHA-256 " + sha + ", the coordinator's "
                    + chunk.dataSha256();
        }
        return null;
    }

    private TrainingData data(Chunk.Setup s) {
        return data.computeIfAbsent(s.dataKey(), key -> {
            DataSetName name = DataSetName.parse(s.data());
            Path dir = dataDir;
            if (dir == null) {
                dir = DataSets.defaultDir(name);
                DataSets.ensurePresent(name, dir, log);
            }
            log.println("neuromod worker: loading " + key + " from " + dir);
            return TrainingData.of(DataSets.load(name, dir), s.limit(), s.validation());
        });
    }

    private PopulationEvaluator evaluator(Chunk.Setup s) {
        return evaluators.computeIfAbsent(Chunk.write(s), key -> {
            TrainingData d = data(s);
            ParamLayout layout = ParamLayout.of(new MlpSpec(d.inputWidth(), s.hidden(),
                    Activation.parse(s.activation()), d.classes()));
            return new PopulationEvaluator(backends, layout, UpdateRules.byName(s.rule()), d, s.batch(), s.epochs(),
                    s.steps(), s.modulateEvery(), s.maxPopulation()).stepsPerCall(s.stepsPerCall());
        });
    }

    /** This worker's status (StatusTask), as JSON. */
    static String status() {
        Worker worker = current;
        Map<String, Object> status = new LinkedHashMap<>();
        if (worker == null) {
            status.put("worker", false);
        } else {
            status.put("worker", true);
            status.put("address", worker.address);
            status.put("commit", worker.commit);
            status.put("device", worker.device);
            status.put("busy", worker.busy.get());
            status.put("chunks", worker.chunks);
        }
        return Chunk.write(status);
    }
}
