// The tuned baselines an evolved modulator is compared against: what a practitioner would do instead of evolving
// (a constant learning rate, momentum, per-layer constants, a step or cosine schedule, Adam), each a registry
// entry that owns every fact about it: its update rule, its modulator, the ranges random search draws from and a
// description. Commands, tests and documentation iterate over REGISTRY.
package org.neuromod.evolve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;
import org.neuromod.modulators.ConstantModulator;
import org.neuromod.modulators.ScheduleModulator;
import org.neuromod.nn.Modulator;
import org.neuromod.nn.Seeds;

/**
 * @param name        as files and the command line name it
 * @param rule        the update rule it trains with
 * @param shape       how its setting becomes a modulator
 * @param description one line for listings
 */
public record Baseline(String name, UpdateRule rule, Shape shape, String description) {

    /** How a setting drives training. */
    public enum Shape {
        /** Every parameter of the rule constant, the same in every layer. */
        CONSTANT,
        /** Every parameter of the rule constant, one value per layer (the ablation of "changing over time"). */
        LAYERS,
        /** The rule's parameters, the learning rate multiplied by gamma once, at the fraction dropAt of the run. */
        STEP,
        /** The rule's parameters, the learning rate following a cosine from its start down to floor x start. */
        COSINE
    }

    /** One searched value: uniform on [low, high], or log-uniform when log. */
    public record Range(String name, double low, double high, boolean log) {
        /** The value at u in [0, 1], stored as a float so a saved setting computes exactly what was scored. */
        double at(double u) {
            double v = log ? low * Math.pow(high / low, u) : low + u * (high - low);
            return (float) Math.min(high, Math.max(low, v));
        }
    }

    /** Step schedule: the decay factor and where it applies. */
    public static final Range GAMMA = new Range("gamma", 0.01, 1, true);
    public static final Range DROP_AT = new Range("dropAt", 0.1, 0.9, false);
    /** Cosine schedule: the final learning rate as a fraction of the starting one. */
    public static final Range FLOOR = new Range("floor", 0, 1, false);

    public static final List<Baseline> REGISTRY = List.of(
            new Baseline("constant-sgd", UpdateRules.SGD, Shape.CONSTANT, "plain SGD at a constant learning rate"),
            new Baseline("constant-momentum", UpdateRules.MOMENTUM, Shape.CONSTANT,
                    "momentum SGD, constant learning rate and momentum"),
            new Baseline("layers-momentum", UpdateRules.MOMENTUM, Shape.LAYERS,
                    "momentum SGD, a constant learning rate and momentum per layer"),
            new Baseline("step-momentum", UpdateRules.MOMENTUM, Shape.STEP,
                    "momentum SGD, the learning rate multiplied by gamma once, at dropAt of the run"),
            new Baseline("cosine-momentum", UpdateRules.MOMENTUM, Shape.COSINE,
                    "momentum SGD, the learning rate on a cosine from its start down to floor x start"),
            new Baseline("constant-adam", UpdateRules.ADAM, Shape.CONSTANT, "Adam at a constant learning rate"));

    public static List<String> names() {
        return REGISTRY.stream().map(Baseline::name).toList();
    }

    public static Baseline byName(String name) {
        for (Baseline b : REGISTRY) {
            if (b.name.equals(name)) {
                return b;
            }
        }
        throw new UserException("unknown baseline '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    /**
     * What random search draws, for a network of {@code layers} layers: the rule's parameters over their
     * modulator ranges and scales (the very ranges an evolved modulator maps onto), per layer for LAYERS as
     * "name.l", then the schedule's own values.
     */
    public List<Range> ranges(int layers) {
        List<Range> params = new ArrayList<>();
        for (UpdateRule.HyperParam p : rule.params()) {
            params.add(new Range(p.name(), p.low(), p.high(), p.scale() == UpdateRule.Scale.LOG));
        }
        List<Range> ranges = new ArrayList<>();
        switch (shape) {
            case CONSTANT -> ranges.addAll(params);
            case LAYERS -> {
                for (int l = 0; l < layers; l++) {
                    for (Range r : params) {
                        ranges.add(new Range(r.name() + "." + l, r.low(), r.high(), r.log()));
                    }
                }
            }
            case STEP -> {
                ranges.addAll(params);
                ranges.add(GAMMA);
                ranges.add(DROP_AT);
            }
            case COSINE -> {
                ranges.addAll(params);
                ranges.add(FLOOR);
            }
        }
        return ranges;
    }

    /** Trial {@code trial}'s setting of a search seeded with {@code seed}: a pure function of the three. */
    public Map<String, Double> random(long seed, long trial, int layers) {
        long stream = Seeds.key(seed, Seeds.Purpose.BASELINE, name.hashCode() & 0xffffffffL);
        SplittableRandom rng = Seeds.split(stream, Seeds.Purpose.BASELINE, trial);
        Map<String, Double> setting = new LinkedHashMap<>();
        for (Range r : ranges(layers)) {
            setting.put(r.name(), r.at(rng.nextDouble()));
        }
        return setting;
    }

    /** The modulator of a setting (one this baseline drew, or read back from baselines.json). */
    public Modulator modulator(Map<String, Double> setting) {
        int M = rule.modulated();
        float[] start = new float[M];
        if (shape != Shape.LAYERS) {
            for (int k = 0; k < M; k++) {
                start[k] = value(setting, rule.params().get(k).name());
            }
        }
        return switch (shape) {
            case CONSTANT -> new ConstantModulator(rule, start);
            case LAYERS -> {
                int layers = setting.size() / M;
                if (layers < 1 || setting.size() != layers * M) {
                    throw new UserException(name + ": a per-layer setting needs " + M + " values per layer, got "
                            + setting.keySet());
                }
                float[][] rows = new float[layers][M];
                for (int l = 0; l < layers; l++) {
                    for (int k = 0; k < M; k++) {
                        rows[l][k] = value(setting, rule.params().get(k).name() + "." + l);
                    }
                }
                yield ConstantModulator.perLayer(rule, rows);
            }
            case STEP -> new ScheduleModulator(rule, ScheduleModulator.Shape.STEP, start,
                    new double[] {value(setting, DROP_AT.name())}, value(setting, GAMMA.name()), 0, 0);
            case COSINE -> new ScheduleModulator(rule, ScheduleModulator.Shape.COSINE, start, new double[0], 1, 0,
                    value(setting, FLOOR.name()));
        };
    }

    private float value(Map<String, Double> setting, String key) {
        Double v = setting.get(key);
        if (v == null || !Double.isFinite(v)) {
            throw new UserException(name + ": the setting " + setting + " has no finite '" + key + "'");
        }
        return v.floatValue();
    }

    /** "learningRate 0.0312, momentum 0.87": a setting readably. */
    public static String describe(Map<String, Double> setting) {
        List<String> parts = new ArrayList<>();
        setting.forEach((k, v) -> parts.add(k + " " + String.format(java.util.Locale.ROOT, "%.4g", v)));
        return String.join(", ", parts);
    }
}
