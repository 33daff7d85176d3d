// Evolution settings from a file (YAML or JSON, the schema of a run directory's config.yaml): every key must
// be a Settings field with a value of its type, in range. Each problem is one UserException naming the file,
// the key and what is wrong, found before any data is loaded or any network trained.
package org.neuromod.evolve;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backends;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;
import org.neuromod.modulators.Genomes;
import org.neuromod.nn.data.DataSetName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

public final class SettingsFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> KEYS = Arrays.stream(Settings.class.getRecordComponents())
            .map(RecordComponent::getName).toList();

    private SettingsFile() {
    }

    /** Settings a resume may change: they change when and how fast a run goes, not what it computes. */
    public static final List<String> FREE_ON_RESUME = List.of("generations", "threads", "maxMinutes");

    /** The result-changing settings (all but FREE_ON_RESUME), as a checkpoint records them. */
    public static ObjectNode results(Settings s) {
        ObjectNode tree = (ObjectNode) YAML.valueToTree(s);
        FREE_ON_RESUME.forEach(tree::remove);
        return tree;
    }

    /** The keys whose values differ between two result-settings trees (one of them missing counts). */
    public static List<String> changed(JsonNode recorded, JsonNode now) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        recorded.fieldNames().forEachRemaining(keys::add);
        now.fieldNames().forEachRemaining(keys::add);
        // compared as JSON text: a number read back from a file (int) equals the same number written (long)
        return keys.stream().filter(k -> !String.valueOf(recorded.get(k)).equals(String.valueOf(now.get(k))))
                .toList();
    }

    /** The keys of the schema, in config.yaml's order. */
    public static List<String> keys() {
        return KEYS;
    }

    /** A complete settings file (every key present), as a run directory's config.yaml is. */
    public static Settings read(Path file) {
        ObjectNode node = parse(file);
        for (String key : KEYS) {
            if (!node.has(key) && !Settings.OPTIONAL.contains(key)) {
                throw new UserException(file + ": key '" + key + "' is missing");
            }
        }
        Settings settings = merge(node, node, key -> false, file);
        check(settings, file.toString());
        return settings;
    }

    /**
     * The settings of a --config file over the flags' (a flag given on the command line wins), checked; a file that
     * sets the kind but no strategy gets that kind's default strategy.
     */
    public static Settings fromFile(Path config, Settings flags, Predicate<String> given) {
        ObjectNode file = parse(config);
        if (file.has("kind") && !given.test("kind") && !file.has("strategy") && !given.test("strategy")
                && Genomes.KINDS.contains(file.get("kind").asText())) {
            file.put("strategy", Genomes.kind(file.get("kind").asText()).defaultStrategy());
        }
        Settings settings = merge(tree(flags), file, given, config);
        check(settings, config.toString());
        return settings;
    }

    /** The file's keys and values, each key known and each value of its key's type. */
    public static ObjectNode parse(Path file) {
        JsonNode tree;
        try {
            tree = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage().replaceAll("\\s+", " ")
                    + (j.getLocation() != null ? " at line " + j.getLocation().getLineNr() : "") : e.getMessage();
            throw new UserException(file + ": cannot read the settings (" + why + ")");
        }
        if (tree == null || !tree.isObject()) {
            throw new UserException(file + ": expected a mapping of settings keys to values");
        }
        ObjectNode node = (ObjectNode) tree;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (!KEYS.contains(key)) {
                throw new UserException(file + ": unknown key '" + key + "' (the keys are " + String.join(", ", KEYS)
                        + ")");
            }
            checkType(file, key, field.getValue());
        }
        return node;
    }

    private static void checkType(Path file, String key, JsonNode value) {
        Class<?> type = type(key);
        String problem = null;
        if (type == int.class || type == Integer.class) {
            problem = value.isIntegralNumber() && value.canConvertToInt() ? null : "an integer";
        } else if (type == long.class) {
            problem = value.isIntegralNumber() && value.canConvertToLong() ? null : "an integer";
        } else if (type == double.class) {
            problem = value.isNumber() && Double.isFinite(value.asDouble()) ? null : "a finite number";
        } else if (type == String.class) {
            problem = value.isTextual() || (value.isNull() && key.equals("device")) ? null : "a string";
        } else if (key.equals("setups") || key.equals("holdout")) {
            problem = value.isArray() ? null : "a list of setups (mappings of " + String.join(", ", Setup.KEYS) + ")";
            for (int i = 0; problem == null && i < value.size(); i++) {
                JsonNode setup = value.get(i);
                if (!setup.isObject()) {
                    problem = "a list of setups, each a mapping of " + String.join(", ", Setup.KEYS);
                    break;
                }
                for (Iterator<String> names = setup.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!Setup.KEYS.contains(name)) {
                        throw new UserException(file + ": key '" + key + "', setup " + (i + 1) + ": unknown key '" + name
                                + "' (keys: " + String.join(", ", Setup.KEYS) + ")");
                    }
                }
            }
        } else if (type == List.class) {
            boolean ok = value.isArray();
            for (JsonNode width : value) {
                ok &= width.isIntegralNumber() && width.canConvertToInt();
            }
            problem = ok ? null : "a list of integers";
        }
        if (problem != null) {
            throw new UserException(file + ": key '" + key + "' must be " + problem + ", got " + value);
        }
    }

    private static Class<?> type(String key) {
        for (RecordComponent c : Settings.class.getRecordComponents()) {
            if (c.getName().equals(key)) {
                return c.getType();
            }
        }
        throw new IllegalArgumentException(key);
    }

    /**
     * base with every key of {@code file} replaced by the file's value, except the keys {@code keep} says stay
     * as they are (those given on the command line).
     */
    public static Settings merge(JsonNode base, ObjectNode file, Predicate<String> keep, Path source) {
        ObjectNode merged = ((ObjectNode) base).deepCopy();
        file.fields().forEachRemaining(f -> {
            if (!keep.test(f.getKey())) {
                merged.set(f.getKey(), f.getValue());
            }
        });
        // a setup mapping's missing keys take evolve's defaults
        for (String key : List.of("setups", "holdout")) {
            if (merged.get(key) instanceof com.fasterxml.jackson.databind.node.ArrayNode list) {
                for (JsonNode setup : list) {
                    if (setup instanceof ObjectNode o) {
                        ObjectNode complete = (ObjectNode) YAML.valueToTree(Setup.defaults());
                        complete.setAll(o);
                        o.setAll(complete);
                    }
                }
            }
        }
        try {
            return YAML.treeToValue(merged, Settings.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserException(source + ": " + org.neuromod.modulators.Genomes.oneLine(e));
        } catch (IOException e) {
            throw new UserException(source + ": " + e.getMessage());
        }
    }

    public static JsonNode tree(Settings settings) {
        return YAML.valueToTree(settings);
    }

    /** Checks every value's range and name; the first problem is a UserException naming source and key. */
    public static void check(Settings s, String source) {
        check(s, Reporter.file(source));
    }

    /**
     * How a bad value is reported: as a file's key (a UserException, exit 1) or as a command-line flag (the
     * command's flag error, exit 2).
     */
    public interface Reporter {
        RuntimeException bad(String key, String message);

        /** The source, to prefix messages of nested values (a setup of the list). */
        String label();

        static Reporter file(String source) {
            return new Reporter() {
                @Override
                public RuntimeException bad(String key, String message) {
                    return new UserException(source + ": key '" + key + "': " + message);
                }

                @Override
                public String label() {
                    return source;
                }
            };
        }
    }

    /** The one validation path of settings, whatever their source: ranges, names, sizes that fit, cross-field rules. */
    public static void check(Settings s, Reporter source) {
        name(source, "data", () -> DataSetName.parse(s.data()));
        name(source, "activation", () -> Activation.parse(s.activation()));
        name(source, "rule", () -> UpdateRules.byName(s.rule()));
        if (s.hidden().stream().anyMatch(w -> w < 1)) {
            throw source.bad("hidden", "widths must be positive integers, got " + s.hidden());
        }
        one(source, "kind", s.kind(), Genomes.KINDS);
        one(source, "strategy", s.strategy(), Strategy.names());
        one(source, "backend", s.backend(), Backends.CHOICES);
        if (s.device() != null && s.backend().equals("jvm")) {
            throw source.bad("device", "names a TornadoVM device; it does not go with backend jvm");
        }
        positive(source, "batch", s.batch());
        positive(source, "validation", s.validation());
        positive(source, "modulateEvery", s.modulateEvery());
        positive(source, "generations", s.generations());
        positive(source, "epochs", s.epochs());
        positive(source, "lambda", s.lambda());
        positive(source, "mu", s.mu());
        positive(source, "maxPopulation", s.maxPopulation());
        positive(source, "threads", s.threads());
        positive(source, "fitnessSeeds", s.scoringSeeds());
        checkSetups(s, source);
        int cores = Runtime.getRuntime().availableProcessors();
        if (s.threads() > cores) {
            throw source.bad("threads", "this machine has " + cores + " cores, got " + s.threads());
        }
        if (s.limit() < 0) {
            throw source.bad("limit", "must be 0 (all images) or positive, got " + s.limit());
        }
        if (s.steps() < 0) {
            throw source.bad("steps", "must be 0 (whole epochs) or positive, got " + s.steps());
        }
        for (String key : List.of("mu", "lambda")) {
            long value = key.equals("mu") ? s.mu() : s.lambda();
            if (value > MAX_PARENTS_OR_CHILDREN) {
                throw source.bad(key, "at most " + MAX_PARENTS_OR_CHILDREN + ", got " + value);
            }
        }
        // sizes before anything is loaded: one network's parameters fit an array, a population's buffers the JVM
        int population = Math.min(s.maxPopulation(), Strategy.kind(s.strategy()).candidates().of(s.mu(), s.lambda()));
        for (Setup setup : s.scoredSetups()) {
            org.neuromod.nn.ParamLayout layout;
            try {
                layout = org.neuromod.nn.ParamLayout.of(new org.neuromod.nn.MlpSpec(28 * 28, setup.hidden(),
                        Activation.parse(setup.activation()), 10));
            } catch (UserException e) {
                throw source.bad(s.setups() == null ? "hidden" : "setups", e.getMessage());
            }
            try {
                org.neuromod.kernels.Footprint.check(layout.plan(setup.batch(), UpdateRules.byName(s.rule())),
                        population, org.neuromod.kernels.Footprint.availableHeap());
            } catch (UserException e) {
                throw source.bad("maxPopulation", e.getMessage());
            }
        }
        if (!(s.maxMinutes() >= 0) || Double.isInfinite(s.maxMinutes())) {
            throw source.bad("maxMinutes", "must be 0 (no limit) or a positive number of minutes, got "
                    + s.maxMinutes());
        }
    }

    private static void checkSetups(Settings s, Reporter source) {
        List<Setup> setups = s.setups() == null ? List.of() : s.setups();
        for (int i = 0; i < setups.size(); i++) {
            setups.get(i).check(source.label() + ": setup " + (i + 1));
        }
        List<Setup> holdout = s.holdout() == null ? List.of() : s.holdout();
        for (int i = 0; i < holdout.size(); i++) {
            holdout.get(i).check(source.label() + ": holdout setup " + (i + 1));
        }
        one(source, "aggregate", s.aggregation(), SetupsEvaluator.AGGREGATES);
        if (s.setups() != null && s.setups().size() == 1) {
            throw source.bad("setups", "list two or more setups (one setup is what the single-setup keys describe)");
        }
        if (s.setupsPerGeneration() != null) {
            int n = s.scoredSetups().size();
            if (s.setups() == null || s.setupsPerGeneration() < 1 || s.setupsPerGeneration() > n) {
                throw source.bad("setupsPerGeneration", "must be between 1 and the number of setups (" + n
                        + "), got " + s.setupsPerGeneration());
            }
        }
        if (s.setups() != null && s.scoringSeeds() > 1) {
            throw source.bad("fitnessSeeds", "scoring on several seed pairs does not go with several setups");
        }
    }

    private static void name(Reporter source, String key, Runnable parse) {
        try {
            parse.run();
        } catch (UserException e) {
            throw source.bad(key, e.getMessage());
        }
    }

    private static void one(Reporter source, String key, String value, List<String> choices) {
        if (!choices.contains(value)) {
            throw source.bad(key, "expected one of " + String.join(", ", choices) + ", got '" + value + "'");
        }
    }

    private static void positive(Reporter source, String key, long value) {
        if (value < 1) {
            throw source.bad(key, "must be a positive integer, got " + value);
        }
    }

    /** Parents (mu) and children (lambda) per generation at most. */
    public static final int MAX_PARENTS_OR_CHILDREN = 100_000;
}
