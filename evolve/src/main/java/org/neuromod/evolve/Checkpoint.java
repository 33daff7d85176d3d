// What an evolution run needs to continue after its last finished generation, and nothing else: the number of
// generations done, the strategy's state (the candidates it keeps, their fitness, the next candidate id) and the
// best candidate so far with the seeds it was scored with. No timestamps, paths or timings, so an interrupted
// and resumed run ends with the same bytes as one that ran straight through; no random-generator state, since
// every stream derives from (seed, generation, candidate).
//
// On disk (checkpoint.json): the JSON body, then one last line "end sha256 <hex>" holding the SHA-256 of every
// byte before it. A file without that line, or whose body does not match it, is refused: a torn or edited
// checkpoint is never read as valid.
package org.neuromod.evolve;

import java.util.ArrayList;
import java.util.List;

import org.neuromod.kernels.UserException;
import org.neuromod.modulators.Genomes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * @param settings the run's result-changing settings when the checkpoint was written (SettingsFile.results), so a
 *                 resume can tell when config.yaml was edited since; null in checkpoints older than format 3
 */
public record Checkpoint(int generationsDone, Strategy.State strategy, Evolution.Best best, JsonNode settings) {
    /**
     * The newest checkpoint format: 2 added the best candidate's per-setup scores of a run over several setups;
     * 3 records the run's result-changing settings. Every older format stays readable.
     */
    public static final int FORMAT = 3;
    static final String FILE = "checkpoint.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Checkpoint(int generationsDone, Strategy.State strategy, Evolution.Best best) {
        this(generationsDone, strategy, best, null);
    }

    public Checkpoint {
        if (generationsDone < 1 || best == null) {
            throw new IllegalArgumentException("a checkpoint follows a finished generation and has a best candidate");
        }
    }

    /** The file's bytes: the JSON body and the end line with its checksum. */
    public byte[] encode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", settings != null ? 3 : best.perSetup() == null ? 1 : 2);
        root.put("generationsDone", generationsDone);
        ObjectNode s = root.putObject("strategy");
        s.put("nextId", strategy.nextId());
        ArrayNode kept = s.putArray("kept");
        for (int i = 0; i < strategy.kept().size(); i++) {
            ObjectNode k = candidate(strategy.kept().get(i));
            k.set("fitness", fitness(strategy.fitness().get(i)));
            kept.add(k);
        }
        ObjectNode b = root.putObject("best");
        b.set("candidate", candidate(best.candidate()));
        b.set("fitness", fitness(best.fitness()));
        b.put("generation", best.generation());
        b.put("initSeed", best.initSeed());
        b.put("orderSeed", best.orderSeed());
        if (best.perSetup() != null) {
            Evolution.PerSetup p = best.perSetup();
            ObjectNode per = b.putObject("perSetup");
            ArrayNode setups = per.putArray("setups");
            p.setups().forEach(setups::add);
            per.set("fitness", doubles(p.fitness()));
            per.set("loss", doubles(p.loss()));
            per.set("referenceFitness", doubles(p.referenceFitness()));
            per.set("referenceLoss", doubles(p.referenceLoss()));
        }
        if (settings != null) {
            root.set("settings", settings);
        }
        String body;
        try {
            body = JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Sealed.seal(body);
    }

    /** Reads a checkpoint's bytes; a torn, edited or unknown-format file is a UserException naming what is wrong. */
    public static Checkpoint decode(byte[] bytes, String name) {
        String body = Sealed.open(bytes, name);
        try {
            JsonNode root = JSON.readTree(body);
            int format = root.path("format").asInt(-1);
            if (format < 1 || format > FORMAT) {
                throw new UserException(name + ": checkpoint format " + root.path("format") + " is not one this "
                        + "version reads (1 to " + FORMAT + ")");
            }
            JsonNode s = root.get("strategy");
            List<Candidate> kept = new ArrayList<>();
            List<Fitness> fitness = new ArrayList<>();
            for (JsonNode k : s.get("kept")) {
                kept.add(candidate(k));
                fitness.add(fitness(k.get("fitness")));
            }
            JsonNode b = root.get("best");
            Evolution.PerSetup per = null;
            if (b.has("perSetup")) {
                JsonNode p = b.get("perSetup");
                List<Integer> setups = new ArrayList<>();
                p.get("setups").forEach(x -> setups.add(x.asInt()));
                per = new Evolution.PerSetup(setups, doubles(p.get("fitness")), doubles(p.get("loss")),
                        doubles(p.get("referenceFitness")), doubles(p.get("referenceLoss")));
            }
            Evolution.Best best = new Evolution.Best(candidate(b.get("candidate")), fitness(b.get("fitness")),
                    b.get("generation").asInt(), b.get("initSeed").asLong(), b.get("orderSeed").asLong(), per);
            return new Checkpoint(root.get("generationsDone").asInt(),
                    new Strategy.State(s.get("nextId").asLong(), kept, fitness), best, root.get("settings"));
        } catch (JsonProcessingException | RuntimeException e) {
            if (e instanceof UserException u) {
                throw u;
            }
            throw new UserException(name + ": the checkpoint's checksum matches but its contents cannot be read ("
                    + (e instanceof JsonProcessingException j ? Genomes.oneLine(j) : e.getMessage()) + ")");
        }
    }

    private static ObjectNode candidate(Candidate c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", c.id());
        ArrayNode parents = n.putArray("parents");
        c.parents().forEach(parents::add);
        try {
            n.set("genome", JSON.readTree(Genomes.toJson(c.genome())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return n;
    }

    private static Candidate candidate(JsonNode n) {
        List<Long> parents = new ArrayList<>();
        n.get("parents").forEach(p -> parents.add(p.asLong()));
        return new Candidate(n.get("id").asLong(), parents, Genomes.parse(n.get("genome").toString()));
    }

    /** Doubles as Java's shortest round-tripping text, NaN and infinities by name: read back to the same bits. */
    static ObjectNode fitness(Fitness f) {
        ObjectNode n = JSON.createObjectNode();
        n.put("loss", Double.toString(f.loss()));
        n.put("tieBreak", Double.toString(f.tieBreak()));
        n.put("diverged", f.diverged());
        n.put("validationAccuracy", Double.toString(f.validationAccuracy()));
        return n;
    }

    /** Doubles as exact text, like fitness values. */
    private static ArrayNode doubles(double[] values) {
        ArrayNode a = JSON.createArrayNode();
        for (double v : values) {
            a.add(Double.toString(v));
        }
        return a;
    }

    private static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(a.get(i).asText());
        }
        return v;
    }

    static Fitness fitness(JsonNode n) {
        return new Fitness(Double.parseDouble(n.get("loss").asText()), Double.parseDouble(n.get("tieBreak").asText()),
                n.get("diverged").asBoolean(), Double.parseDouble(n.get("validationAccuracy").asText()));
    }
}
