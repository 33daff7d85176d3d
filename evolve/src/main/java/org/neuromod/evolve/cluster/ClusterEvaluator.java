// The coordinator's evaluator: a lite member of the cluster (it never scores) that splits each scoring into chunks,
// sends each to a worker, and assembles the fitness in candidate order. A chunk goes elsewhere when its worker
// leaves, refuses it, fails, or exceeds the chunk timeout; chunks are identified by (generation, index) and the
// first answer counts, so a chunk that ran twice counts once. Every worker trains a candidate exactly as this
// process would (the JVM backend gives a member the same bits alone or in a population), so the run's files are
// the same as on one machine, whatever the chunking.
package org.neuromod.evolve.cluster;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import org.neuromod.evolve.BuildInfo;
import org.neuromod.evolve.Evaluator;
import org.neuromod.evolve.Fitness;
import org.neuromod.evolve.Stopping;
import org.neuromod.kernels.UserException;
import org.neuromod.kernels.modulation.Observations;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Genomes;

public final class ClusterEvaluator implements Evaluator {
    /** Failures of one chunk (errors, not departures or refusals) before the scoring gives up. */
    static final int MAX_FAILURES = 3;
    private static final long POLL_MILLIS = 10;
    private static final long WAITING_NOTICE_NANOS = 10_000_000_000L;

    private final HazelcastInstance hz;
    private final IExecutorService executor;
    private final Chunk.Setup setup;
    private final String dataSha256;
    private final String commit = BuildInfo.current().commit();
    private final int chunkSize;
    private final long chunkTimeoutNanos;
    private final long workerTimeoutNanos;
    private final long samplesPerCandidate;
    private final Stopping stopping;
    private final PrintStream log;
    private final String resume;
    private final Set<UUID> refusing = new HashSet<>();
    private final Map<UUID, Future<String>> abandoned = new HashMap<>();  // timed-out chunks still on a worker
    private final List<String> lastWorkers = new ArrayList<>();
    private long networkSamples;
    private Consumer<String> status = text -> {
    };
    private HazelcastInstance localWorker;  // --local-worker: this process's worker member, left on close
    private double workerSeconds;
    private double roundTripSeconds;
    private long chunksScored;
    private int scorings;

    /**
     * @param chunkSize           candidates per chunk; 0 balances each scoring over the workers present
     * @param samplesPerCandidate network-samples one candidate trains on (for the throughput figure)
     * @param resume              the command that resumes the run, for the message when every worker is gone
     */
    public ClusterEvaluator(Path clusterFile, Chunk.Setup setup, String dataSha256, int chunkSize,
                            double chunkTimeoutSeconds, double workerTimeoutSeconds, long samplesPerCandidate,
                            Stopping stopping, PrintStream log, String resume) {
        this.setup = setup;
        this.dataSha256 = dataSha256;
        this.chunkSize = chunkSize;
        this.chunkTimeoutNanos = (long) (chunkTimeoutSeconds * 1e9);
        this.workerTimeoutNanos = (long) (workerTimeoutSeconds * 1e9);
        this.samplesPerCandidate = samplesPerCandidate;
        this.stopping = stopping;
        this.log = log;
        this.resume = resume;
        this.hz = ClusterFile.join(clusterFile, ClusterFile.load(clusterFile, true, Map.of(ClusterFile.ROLE,
                "coordinator", ClusterFile.COMMIT, commit)));
        this.executor = hz.getExecutorService(ClusterFile.FITNESS_EXECUTOR);
    }

    /**
     * The workers in the cluster now (data members that said they are workers), less those that refused a chunk and
     * those that run another commit (refused as they join: their scores would not be this code's).
     */
    List<Member> workers() {
        List<Member> workers = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            if (!ClusterFile.isWorker(m) || refusing.contains(m.getUuid())) {
                continue;
            }
            String theirs = m.getAttribute(ClusterFile.COMMIT);
            if (!commit.equals(theirs)) {
                log.printf("neuromod: worker %s runs commit %s, this coordinator %s: it gets no chunks%n",
                        m.getAddress(), theirs, commit);
                refusing.add(m.getUuid());
                continue;
            }
            workers.add(m);
        }
        return workers;
    }

    /**
     * What the run's provenance records of the workers present (waiting for one if none is): backend "jvm" when
     * every worker runs the JVM backend (the same bits on any CPU, so a resume may use other workers), else
     * "cluster" with the sorted set of the workers' devices, which a resume must find again (or --force).
     */
    public Map<String, String> provenance() {
        List<Map<String, String>> workers = new ArrayList<>();
        for (Member m : awaitWorkers(false)) {
            workers.add(Map.of("backend", String.valueOf(m.getAttribute(ClusterFile.BACKEND)), "device",
                    String.valueOf(m.getAttribute(ClusterFile.DEVICE))));
        }
        return provenance(workers);
    }

    /** {@link #provenance()} of workers given by their backend and device attributes. */
    static Map<String, String> provenance(List<Map<String, String>> workers) {
        TreeSet<String> devices = new TreeSet<>();
        boolean allJvm = true;
        for (Map<String, String> w : workers) {
            boolean jvm = "jvm".equals(w.get("backend"));
            allJvm &= jvm;
            devices.add(jvm ? "jvm" : w.get("device"));
        }
        return allJvm ? Map.of("backend", "jvm", "device", "cluster of JVM workers")
                : Map.of("backend", "cluster", "device", String.join(" + ", devices));
    }

    @Override
    public List<Fitness> evaluate(List<Genome> genomes, long initSeed, long orderSeed) {
        return evaluate(genomes, initSeed, orderSeed, -1);
    }

    @Override
    public List<Fitness> evaluate(List<Genome> genomes, long initSeed, long orderSeed, int generation) {
        int scoring = scorings++;
        int n = genomes.size();
        int workers = Math.max(1, awaitWorkers(true).size());
        int size = chunkSize > 0 ? chunkSize : (n + workers - 1) / workers;
        size = Math.max(1, Math.min(size, setup.maxPopulation()));
        List<String> chunks = new ArrayList<>();
        for (int from = 0, index = 0; from < n; from += size, index++) {
            List<String> texts = genomes.subList(from, Math.min(n, from + size)).stream().map(Genomes::toJson)
                    .toList();
            chunks.add(new Chunk(Chunk.FORMAT, Observations.VERSION, commit, dataSha256, generation, index, from,
                    setup, initSeed, orderSeed, texts).toJson());
        }
        Map<Integer, List<Fitness>> scored = new HashMap<>();
        Map<Integer, String> scoredBy = new HashMap<>();
        Map<Integer, Integer> failures = new HashMap<>();
        Deque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < chunks.size(); i++) {
            queue.add(i);
        }
        Map<Integer, Flight> flying = new LinkedHashMap<>();
        Waiting waiting = null;
        String told = null;
        while (scored.size() < chunks.size()) {
            checkStop(flying);
            abandoned.values().removeIf(Future::isDone);
            List<Member> present = workers();
            List<Member> idle = new ArrayList<>(present);
            idle.removeIf(m -> abandoned.containsKey(m.getUuid())
                    || flying.values().stream().anyMatch(f -> f.member.getUuid().equals(m.getUuid())));
            while (!queue.isEmpty() && !idle.isEmpty()) {
                int index = queue.poll();
                if (scored.containsKey(index)) {
                    continue;
                }
                Member member = idle.removeFirst();
                flying.put(index, new Flight(member, executor.submitToMember(new ChunkTask(chunks.get(index)),
                        member), System.nanoTime()));
            }
            if (flying.isEmpty() && !queue.isEmpty()) {
                waiting = waiting != null ? waiting : new Waiting("every worker has left the cluster", true);
                waiting.check();
            } else {
                waiting = null;
            }
            for (var it = flying.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                int index = entry.getKey();
                Flight flight = entry.getValue();
                if (!flight.future.isDone()) {
                    if (System.nanoTime() - flight.started > chunkTimeoutNanos) {
                        log.printf("neuromod: chunk %d of scoring %d ran past --chunk-timeout on %s; sent "
                                + "elsewhere%n", index, scoring, flight.member.getAddress());
                        abandoned.put(flight.member.getUuid(), flight.future);
                        queue.addFirst(index);
                        it.remove();
                    }
                    continue;
                }
                it.remove();
                Chunk.Answer answer = answer(flight, index, scoring);
                if (answer == null) {
                    queue.addFirst(index);
                } else if (answer.refused() != null) {
                    log.printf("neuromod: worker %s refused chunk %d: %s%n", flight.member.getAddress(), index,
                            answer.refused());
                    refusing.add(flight.member.getUuid());
                    queue.addFirst(index);
                } else if (answer.error() != null) {
                    int failed = failures.merge(index, 1, Integer::sum);
                    log.printf("neuromod: chunk %d failed on worker %s: %s%n", index, flight.member.getAddress(),
                            answer.error());
                    if (failed >= MAX_FAILURES) {
                        throw new IllegalStateException("chunk " + index + " failed " + failed + " times; the last: "
                                + answer.error());
                    }
                    queue.addFirst(index);
                } else if (!scored.containsKey(index)) {
                    scored.put(index, answer.scores());
                    scoredBy.put(index, answer.worker() + " " + answer.device());
                    workerSeconds += answer.seconds();
                    roundTripSeconds += (System.nanoTime() - flight.started) / 1e9;
                    chunksScored++;
                }
            }
            String now = String.format("workers %d/%d busy, chunks %d/%d done", flying.size(), present.size(),
                    scored.size(), chunks.size());
            if (!now.equals(told)) {
                status.accept(now);
                told = now;
            }
            if (scored.size() < chunks.size()) {
                sleep();
            }
        }
        List<Fitness> fitness = new ArrayList<>();
        lastWorkers.clear();
        for (int i = 0; i < chunks.size(); i++) {
            fitness.addAll(scored.get(i));
            for (int k = 0; k < scored.get(i).size(); k++) {
                lastWorkers.add(scoredBy.get(i));
            }
        }
        networkSamples += samplesPerCandidate * n;
        return fitness;
    }

    /** Makes this process a worker too (--local-worker); it leaves the cluster when this evaluator closes. */
    public void withLocalWorker(HazelcastInstance worker) {
        this.localWorker = worker;
    }

    /** Where each scoring stands ("workers 2/3 busy, chunks 4/6 done"), told whenever it changes. */
    public void onStatus(Consumer<String> status) {
        this.status = status;
    }

    @Override
    public List<String> lastWorkers() {
        return List.copyOf(lastWorkers);
    }

    /** The answer of a finished flight; null when the worker left (or the chunk was cancelled): send it again. */
    private Chunk.Answer answer(Flight flight, int index, int scoring) {
        try {
            return Chunk.read(flight.future.get(), Chunk.Answer.class);
        } catch (ExecutionException e) {
            log.printf("neuromod: worker %s left or failed while scoring chunk %d of scoring %d (%s); sent "
                    + "elsewhere%n", flight.member.getAddress(), index, scoring, e.getCause());
            return null;
        } catch (CancellationException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for chunk " + index, e);
        }
    }

    /** A stop request cancels the chunks in flight and abandons the scoring. */
    private void checkStop(Map<Integer, Flight> flying) {
        if (stopping.signal() != null) {
            flying.values().forEach(f -> f.future.cancel(true));
            stopping.checkStep();
        }
    }

    /**
     * Waits (up to the worker timeout) until at least one worker is present; returns the workers. {@code started}:
     * whether the run has a directory to resume (else it has written nothing yet).
     */
    private List<Member> awaitWorkers(boolean started) {
        Waiting waiting = new Waiting("no worker is in the cluster", started);
        while (true) {
            List<Member> workers = workers();
            if (!workers.isEmpty()) {
                return workers;
            }
            checkStop(Map.of());
            waiting.check();
            sleep();
        }
    }

    /** A wait for a worker: a notice every 10 s, and past --worker-timeout the end of the run, resumable. */
    private final class Waiting {
        private final String why;
        private final boolean started;
        private final long since = System.nanoTime();
        private long noticed = -1;

        Waiting(String why, boolean started) {
            this.why = why;
            this.started = started;
        }

        void check() {
            long now = System.nanoTime();
            if (noticed < 0 || now - noticed > WAITING_NOTICE_NANOS) {
                log.printf("neuromod: %s; waiting up to %.0f s for one%n", why,
                        (workerTimeoutNanos - (now - since)) / 1e9);
                noticed = now;
            }
            if (now - since > workerTimeoutNanos) {
                throw new UserException(why + " and none came within --worker-timeout; " + (started
                        ? "the run stops at its last checkpoint; continue with: " + resume
                        : "nothing was written; start the run again once a worker is up (neuromod worker)"));
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the workers", e);
        }
    }

    /** Seconds the workers spent scoring the chunks that counted, summed over workers. */
    @Override
    public double backendSeconds() {
        return workerSeconds;
    }

    @Override
    public long networkSamples() {
        return networkSamples;
    }

    @Override
    public void close() {
        if (chunksScored > 0) {
            log.printf("neuromod: cluster: %d chunks scored, %.3f s each from sending to the answer, of which "
                    + "%.3f s training on the worker: %.1f ms of overhead per chunk (serialisation, dispatch, "
                    + "result)%n",
                    chunksScored, roundTripSeconds / chunksScored, workerSeconds / chunksScored,
                    1e3 * (roundTripSeconds - workerSeconds) / chunksScored);
        }
        hz.shutdown();
        if (localWorker != null) {
            localWorker.shutdown();
        }
    }

    private record Flight(Member member, Future<String> future, long started) {
    }
}
