// Genome files: JSON written and read with Jackson, one format family for every kind (kind, format version,
// rule, observation-list version, then the kind's own fields). Every released version stays readable; only
// newer versions, unknown kinds and malformed content are refused, with one message naming the file.
package org.neuromod.modulators;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;
import org.neuromod.kernels.modulation.Observations;
import org.neuromod.nn.Modulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

public final class Genomes {

    /** A population of modulators of one kind, member i driven by genomes[i]. */
    @FunctionalInterface
    public interface PopulationFactory {
        Modulator create(UpdateRule rule, Genome[] genomes, int modulateEvery);
    }

    /** A kind's own operators and modulator, on its genome class G (Kind.of checks the genomes handed in). */
    @FunctionalInterface
    interface Mutation<G> {
        G mutate(G parent, UpdateRule rule, SplittableRandom rng);
    }

    @FunctionalInterface
    interface Crossover<G> {
        G crossover(G a, G b, UpdateRule rule, SplittableRandom rng);
    }

    @FunctionalInterface
    interface Population<G> {
        Modulator create(UpdateRule rule, G[] genomes, int modulateEvery);
    }

    /**
     * A modulator kind, everything about it in one entry: its name and one-line description, its newest genome
     * format (every older one stays readable), the genome class (a record Jackson reads and writes), its variation
     * operators (random genomes, mutation, crossover), its population modulator, and the evolution strategy it
     * gets by default.
     */
    public record Kind(String name, String description, int format, Class<? extends Genome> type,
                       Variation variation, PopulationFactory population, String defaultStrategy) {
        /** A random genome of this kind for the rule. */
        public Genome random(UpdateRule rule, SplittableRandom rng) {
            return variation.random(rule, rng);
        }

        /** A kind from its genome class's typed operators and modulator: genomes of another class are refused. */
        static <G extends Genome> Kind of(String name, String description, int format, Class<G> type,
                                          BiFunction<UpdateRule, SplittableRandom, G> random, Mutation<G> mutation,
                                          Crossover<G> crossover, Population<G> population, String defaultStrategy) {
            Variation variation = new Variation() {
                @Override
                public Genome random(UpdateRule rule, SplittableRandom rng) {
                    return random.apply(rule, rng);
                }

                @Override
                public Genome mutate(Genome parent, UpdateRule rule, SplittableRandom rng) {
                    return mutation.mutate(type.cast(parent), rule, rng);
                }

                @Override
                public Genome crossover(Genome a, Genome b, UpdateRule rule, SplittableRandom rng) {
                    return crossover.crossover(type.cast(a), type.cast(b), rule, rng);
                }
            };
            PopulationFactory factory = (rule, genomes, every) -> {
                @SuppressWarnings("unchecked")
                G[] typed = (G[]) Array.newInstance(type, genomes.length);
                for (int i = 0; i < genomes.length; i++) {
                    typed[i] = type.cast(genomes[i]);
                }
                return population.create(rule, typed, every);
            };
            return new Kind(name, description, format, type, variation, factory, defaultStrategy);
        }
    }

    /** The registry: adding a kind is one entry here (plus its genome, modulator and variation classes). */
    public static final List<Kind> REGISTRY = List.of(
            Kind.of(GrnGenome.KIND, "gene regulatory network (Banzhaf / Cussat-Blanc style), one per layer",
                    GrnGenome.FORMAT, GrnGenome.class, GrnGenome::random, GrnVariation::mutate,
                    GrnVariation::crossover, GrnModulator::new, "mu-plus-lambda"),
            Kind.of(CgpGenome.KIND, "Cartesian genetic program reading the observations and its previous outputs",
                    CgpGenome.FORMAT, CgpGenome.class, CgpGenome::random, CgpVariation::mutate,
                    CgpVariation::crossover, CgpModulator::new, "one-plus-lambda"),
            Kind.of(MlpGenome.KIND, "small neural network (one tanh hidden layer) reading the observations and its "
                    + "previous outputs", MlpGenome.FORMAT, MlpGenome.class, MlpGenome::random, MlpVariation::mutate,
                    MlpVariation::crossover, MlpModulator::new, "mu-plus-lambda"));

    /** Kinds this build reads and writes. */
    public static final List<String> KINDS = REGISTRY.stream().map(Kind::name).toList();

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A genome file may carry this block beside the genome (evolution's best.json: how its fitness was measured);
     * it is not part of the genome.
     */
    public static final String SCORED_WITH = "scoredWith";

    private Genomes() {
    }

    public static Kind kind(String name) {
        for (Kind kind : REGISTRY) {
            if (kind.name().equals(name)) {
                return kind;
            }
        }
        throw new UserException("unknown modulator kind '" + name + "' (known: " + String.join(", ", KINDS) + ")");
    }

    /** The kind whose genome class genome is. */
    public static Kind kindOf(Genome genome) {
        for (Kind kind : REGISTRY) {
            if (kind.type().isInstance(genome)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no registered kind has genome class " + genome.getClass().getName());
    }

    /** A random genome of the kind for the rule. */
    public static Genome random(String kind, UpdateRule rule, long seed) {
        return kind(kind).random(rule, new SplittableRandom(seed));
    }

    /** A modulator for a population whose member i is driven by genomes[i] (all of one kind and rule). */
    public static Modulator population(UpdateRule rule, Genome[] genomes, int modulateEvery) {
        return kind(genomes[0].kind()).population().create(rule, genomes, modulateEvery);
    }

    public static String toJson(Genome genome) {
        try {
            return JSON.writeValueAsString(JSON.valueToTree(genome)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the genome atomically (a temporary file renamed into place). */
    public static void write(Genome genome, Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file"); // never rename over a device or a pipe
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        Files.writeString(tmp, toJson(genome));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads and validates a genome file; every problem is one UserException naming the file. */
    public static Genome read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UserException(file + ": cannot read the genome file (" + e.getMessage() + ")");
        }
        try {
            return parse(text);
        } catch (UserException e) {
            throw new UserException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates genome JSON. */
    public static Genome parse(String text) {
        if (text.isBlank()) {
            throw new UserException("the genome file is empty");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UserException("not valid genome JSON (" + oneLine(e) + ")");
        }
        if (tree == null || !tree.isObject()) {
            throw new UserException("not a genome: expected a JSON object");
        }
        Kind kind = kind(tree.path("kind").asText(""));
        int format = tree.path("format").asInt(-1);
        int observations = tree.path("observations").asInt(-1);
        int newest = kind.format();
        if (format > newest) {
            throw new UserException("written in " + kind.name() + " genome format " + format + ", newer than this build "
                    + "reads (up to " + newest + "); use a newer neuromod");
        }
        if (format < 1) {
            throw new UserException("missing or invalid 'format' (expected 1.." + newest + ")");
        }
        if (observations > Observations.VERSION) {
            throw new UserException("reads observation list version " + observations + ", newer than this build's ("
                    + Observations.VERSION + "); use a newer neuromod");
        }
        if (observations < 1) {
            throw new UserException("missing or invalid 'observations' (expected 1.." + Observations.VERSION + ")");
        }
        UpdateRule rule = UpdateRules.byName(tree.path("rule").asText(""));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove("kind");
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove(SCORED_WITH);
        Genome genome;
        try {
            genome = JSON.treeToValue(tree, kind.type());
        } catch (JsonProcessingException e) {
            throw new UserException("malformed " + kind.name() + " genome (" + oneLine(e) + ")");
        }
        genome.validate(rule);
        return genome;
    }

    /** A Jackson error as one line: what was wrong and where (line and column), without Jackson's source dump. */
    public static String oneLine(JsonProcessingException e) {
        String what = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("").trim();
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            String key = m.getPath().getLast().getFieldName();
            if (key != null) {
                what += " at key '" + key + "'";
            }
        }
        var at = e.getLocation();
        return at == null || at.getLineNr() < 0 ? what : what + " at line " + at.getLineNr() + ", column "
                + at.getColumnNr();
    }

    /** The rule a genome drives. */
    public static UpdateRule rule(Genome genome) {
        return UpdateRules.byName(genome.rule());
    }
}
