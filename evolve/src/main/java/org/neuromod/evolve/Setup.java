// A setup: what `evolve` trains each candidate on (data set and its folder, network shape, budget, validation
// split). A run scored on several setups keeps a list of them; a candidate that works on all of them is what
// survives, so a winner cannot specialise to one network or data set.
package org.neuromod.evolve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.neuromod.kernels.Activation;
import org.neuromod.kernels.UserException;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.data.DataSetName;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * @param dataDir the folder of the data set's IDX files; null for the default (or the command's --data-dir)
 * @param steps   budget in steps (0: whole epochs)
 * @param limit   train on the first N training images (0: all)
 */
public record Setup(String data, @JsonInclude(JsonInclude.Include.NON_NULL) String dataDir, List<Integer> hidden,
                    String activation, int epochs, long steps, int batch, int limit, int validation) {
    /** The keys of a setup string or mapping, with evolve's defaults. */
    public static final List<String> KEYS = List.of("data", "dataDir", "hidden", "activation", "epochs", "steps",
            "batch", "limit", "validation");

    public Setup {
        hidden = List.copyOf(hidden);
    }

    /**
     * evolve's defaults, as its flags write them: the flags' defaultValue (NetworkOptions for the network, which
     * every training command shares, and EvolveCommand for the budget) and a setup's missing keys read these.
     */
    public static final String DEFAULT_DATA = "mnist";
    public static final String DEFAULT_HIDDEN = "128";
    public static final String DEFAULT_ACTIVATION = "relu";
    public static final String DEFAULT_EPOCHS = "1";
    public static final String DEFAULT_BATCH = "64";
    public static final String DEFAULT_VALIDATION = "10000";

    /** evolve's defaults for every key (no data folder, whole epochs, every training image). */
    public static Setup defaults() {
        return new Setup(DEFAULT_DATA, null, MlpSpec.parseHidden(DEFAULT_HIDDEN), DEFAULT_ACTIVATION,
                Integer.parseInt(DEFAULT_EPOCHS), 0, Integer.parseInt(DEFAULT_BATCH), 0,
                Integer.parseInt(DEFAULT_VALIDATION));
    }

    /**
     * Parses "data=fashion hidden=256,128,64 activation=tanh": keys and values separated by whitespace, each key
     * at most once; a key left out takes evolve's default. A bad key or value is a UserException naming it.
     */
    public static Setup parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : text.trim().split("\\s+")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new UserException("'" + part + "' is not key=value (keys: " + String.join(", ", KEYS) + ")");
            }
            String key = part.substring(0, eq);
            if (!KEYS.contains(key)) {
                throw new UserException("unknown setup key '" + key + "' (keys: " + String.join(", ", KEYS) + ")");
            }
            if (values.put(key, part.substring(eq + 1)) != null) {
                throw new UserException("setup key '" + key + "' given twice");
            }
        }
        if (values.isEmpty()) {
            throw new UserException("an empty setup (give key=value pairs, keys: " + String.join(", ", KEYS) + ")");
        }
        Setup d = defaults();
        Setup s = new Setup(values.getOrDefault("data", d.data()), values.get("dataDir"),
                values.containsKey("hidden") ? parseKey("hidden", () -> MlpSpec.parseHidden(values.get("hidden")))
                        : d.hidden(),
                values.getOrDefault("activation", d.activation()),
                integer(values, "epochs", d.epochs()), values.containsKey("steps")
                        ? parseKey("steps", () -> Long.parseLong(values.get("steps"))) : d.steps(),
                integer(values, "batch", d.batch()), integer(values, "limit", d.limit()),
                integer(values, "validation", d.validation()));
        s.check("setup '" + text.trim() + "'");
        return s;
    }

    private static int integer(Map<String, String> values, String key, int fallback) {
        return values.containsKey(key) ? parseKey(key, () -> Integer.parseInt(values.get(key))) : fallback;
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parseKey(String key, Parse<T> parse) {
        try {
            return parse.get();
        } catch (NumberFormatException e) {
            throw new UserException("setup key '" + key + "': not an integer (" + e.getMessage() + ")");
        } catch (UserException e) {
            throw new UserException("setup key '" + key + "': " + e.getMessage());
        }
    }

    /** Checks every value; a problem is a UserException naming the source and the key. */
    public void check(String source) {
        try {
            DataSetName.parse(data);
        } catch (UserException e) {
            throw bad(source, "data", e.getMessage());
        }
        try {
            Activation.parse(activation);
        } catch (UserException e) {
            throw bad(source, "activation", e.getMessage());
        }
        if (hidden.isEmpty() || hidden.stream().anyMatch(w -> w == null || w < 1)) {
            throw bad(source, "hidden", "widths must be positive integers, got " + hidden);
        }
        positive(source, "epochs", epochs);
        positive(source, "batch", batch);
        positive(source, "validation", validation);
        if (steps < 0) {
            throw bad(source, "steps", "must be 0 (whole epochs) or positive, got " + steps);
        }
        if (limit < 0) {
            throw bad(source, "limit", "must be 0 (all images) or positive, got " + limit);
        }
    }

    private static void positive(String source, String key, long value) {
        if (value < 1) {
            throw bad(source, key, "must be a positive integer, got " + value);
        }
    }

    private static UserException bad(String source, String key, String message) {
        return new UserException(source + ": key '" + key + "': " + message);
    }

    /** "fashion 784-256-128-64-10 tanh": a setup readably (input and output widths as the data gives them). */
    public String label() {
        List<String> parts = new ArrayList<>();
        parts.add(data);
        parts.add(String.join("-", hidden.stream().map(String::valueOf).toList()));
        parts.add(activation.toLowerCase(Locale.ROOT));
        if (steps > 0) {
            parts.add(steps + " steps");
        } else if (epochs != 1) {
            parts.add(epochs + " epochs");
        }
        if (limit > 0) {
            parts.add(limit + " images");
        }
        return String.join(" ", parts);
    }
}
