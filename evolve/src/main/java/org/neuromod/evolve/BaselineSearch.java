// Random search over each baseline's settings at the compute an evolution run used: round r trains as many
// trials as the run's generation r had candidates, as one population, from generation r's initial weights and
// batch order, and scores them on the run's validation split with the run's fitness. Trial settings are a pure
// function of (run seed, baseline, trial), so a search interrupted anywhere resumes from its checkpoint (every
// finished round's scores, sealed by a SHA-256 line) to exactly the result of an uninterrupted one.
package org.neuromod.evolve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UserException;
import org.neuromod.modulators.MixedModulator;
import org.neuromod.nn.Modulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

public final class BaselineSearch {
    public static final String CHECKPOINT = "checkpoint.json";
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One trial: its setting and its score. */
    public record Trial(Map<String, Double> setting, Fitness fitness, int round) {
    }

    /** A baseline's search: every trial in order, the best one's index, the network-samples it trained. */
    public record Result(Baseline baseline, List<Trial> trials, int best, long networkSamples) {
        public Trial bestTrial() {
            return trials.get(best);
        }
    }

    /** What happened after a round, for progress. */
    public record RoundReport(Baseline baseline, int round, int rounds, int done, int total, List<Fitness> fitness,
                              double seconds) {
    }

    /**
     * @param rounds  trials per round (the run's candidates per generation), one entry per round
     * @param seed    the run seed: trial settings and each round's training seeds derive from it
     * @param layers  layers of the network (per-layer baselines draw one value per layer)
     */
    public record Plan(List<Baseline> baselines, List<Integer> rounds, long seed, int layers) {
        public Plan {
            baselines = List.copyOf(baselines);
            rounds = List.copyOf(rounds);
        }

        public int trainings() {
            return rounds.stream().mapToInt(Integer::intValue).sum();
        }
    }

    private BaselineSearch() {
    }

    /**
     * Runs the plan in dir, continuing from dir's checkpoint when there is one; evaluators gives the population
     * evaluator of a rule. A stop request (Stopping.Abandoned) ends it at its last checkpoint.
     */
    public static List<Result> run(Plan plan, Function<UpdateRule, PopulationEvaluator> evaluators, Path dir,
                                   java.util.function.Consumer<RoundReport> listener) throws IOException {
        Map<String, List<List<Fitness>>> done = read(dir);
        Map<String, Long> samples = readSamples(dir);
        int total = plan.baselines().size() * plan.rounds().size();
        int finished = done.values().stream().mapToInt(List::size).sum();
        List<Result> results = new ArrayList<>();
        for (Baseline b : plan.baselines()) {
            List<List<Fitness>> scores = done.computeIfAbsent(b.name(), k -> new ArrayList<>());
            List<Trial> trials = new ArrayList<>();
            long trial = 0;
            for (int r = 0; r < plan.rounds().size(); r++) {
                int count = plan.rounds().get(r);
                List<Map<String, Double>> settings = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    settings.add(b.random(plan.seed(), trial + i, plan.layers()));
                }
                if (r >= scores.size()) {
                    CrashPoints.generation(finished);
                    long start = System.nanoTime();
                    PopulationEvaluator evaluator = evaluators.apply(b.rule());
                    long before = evaluator.networkSamples();
                    List<Fitness> fitness = evaluator.score(count, (from, to) -> MixedModulator.ofMembers(
                            settings.subList(from, to).stream().map(b::modulator).toList()),
                            Evolution.initSeed(plan.seed(), r), Evolution.orderSeed(plan.seed(), r));
                    scores.add(fitness);
                    samples.merge(b.name(), evaluator.networkSamples() - before, Long::sum);
                    RunDirectory.writeAtomically(dir, CHECKPOINT, encode(done, samples));
                    finished++;
                    listener.accept(new RoundReport(b, r, plan.rounds().size(), finished, total, fitness,
                            (System.nanoTime() - start) / 1e9));
                }
                for (int i = 0; i < count; i++) {
                    trials.add(new Trial(settings.get(i), scores.get(r).get(i), r));
                }
                trial += count;
            }
            int best = 0;
            for (int i = 1; i < trials.size(); i++) {
                if (Fitness.ORDER.compare(trials.get(i).fitness(), trials.get(best).fitness()) < 0) {
                    best = i;
                }
            }
            results.add(new Result(b, trials, best, samples.getOrDefault(b.name(), 0L)));
        }
        return results;
    }

    /** Rounds the checkpoint in dir holds, over all baselines (0 without one). */
    public static int roundsDone(Path dir) {
        return read(dir).values().stream().mapToInt(List::size).sum();
    }

    private static byte[] encode(Map<String, List<List<Fitness>>> done, Map<String, Long> samples) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode baselines = root.putObject("baselines");
        done.forEach((name, rounds) -> {
            ObjectNode b = baselines.putObject(name);
            b.put("networkSamples", samples.getOrDefault(name, 0L));
            ArrayNode list = b.putArray("rounds");
            for (List<Fitness> round : rounds) {
                ArrayNode r = list.addArray();
                round.forEach(f -> r.add(Checkpoint.fitness(f)));
            }
        });
        try {
            return Sealed.seal(JSON.writeValueAsString(root) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode checkpoint(Path dir) {
        Path file = dir.resolve(CHECKPOINT);
        byte[] bytes = Sealed.read(file);
        if (bytes == null) {
            return null;
        }
        String body = Sealed.open(bytes, file.toString());
        try {
            JsonNode root = JSON.readTree(body);
            if (root.path("format").asInt(-1) != FORMAT) {
                throw new UserException(file + ": baseline checkpoint format " + root.path("format")
                        + " is not one this version reads (" + FORMAT + ")");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new UserException(file + ": the checkpoint's checksum matches but its contents cannot be read ("
                    + e.getOriginalMessage() + ")");
        }
    }

    private static Map<String, List<List<Fitness>>> read(Path dir) {
        Map<String, List<List<Fitness>>> done = new LinkedHashMap<>();
        JsonNode root = checkpoint(dir);
        if (root != null) {
            root.get("baselines").fields().forEachRemaining(e -> {
                List<List<Fitness>> rounds = new ArrayList<>();
                for (JsonNode r : e.getValue().get("rounds")) {
                    List<Fitness> round = new ArrayList<>();
                    r.forEach(f -> round.add(Checkpoint.fitness(f)));
                    rounds.add(round);
                }
                done.put(e.getKey(), rounds);
            });
        }
        return done;
    }

    private static Map<String, Long> readSamples(Path dir) {
        Map<String, Long> samples = new LinkedHashMap<>();
        JsonNode root = checkpoint(dir);
        if (root != null) {
            root.get("baselines").fields().forEachRemaining(e -> samples.put(e.getKey(),
                    e.getValue().get("networkSamples").asLong()));
        }
        return samples;
    }

    /** A modulator for one member per setting (for retraining and transfer). */
    public static Modulator members(Baseline b, List<Map<String, Double>> settings) {
        return MixedModulator.ofMembers(settings.stream().map(b::modulator).toList());
    }
}
