// A small neural network as a neuromodulator genome: one hidden layer of tanh units reading the observations
// and the network's own previous outputs, sigmoid outputs, one per modulated learning parameter. The weights are
// the genome, with the self-adaptive step size of its Gaussian mutation.
package org.neuromod.modulators;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UserException;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.neuromod.kernels.modulation.Observations;

/**
 * Format 1. Inputs x: the {@link Observations#COUNT} observations, then the network's M previous outputs (0.5 at
 * the start of a run), I = O + M values. Hidden unit j: a_j = tanh(b1_j + sum_i w1[j][i] x_i), j < hidden (4 to
 * {@link #MAX_HIDDEN}); output k: u_k = 1 / (1 + exp(-(b2_k + sum_j w2[k][j] a_j))), mapped onto the rule's k-th
 * parameter by its declared range and scale. w1 is (hidden, I) and w2 (M, hidden), row-major; every weight and
 * bias lies in [-{@link #MAX_WEIGHT}, {@link #MAX_WEIGHT}]; sigma, the mutation's step size, in
 * [{@link #MIN_SIGMA}, {@link #MAX_SIGMA}].
 */
@JsonPropertyOrder({"kind", "format", "rule", "observations", "hidden", "sigma", "w1", "b1", "w2", "b2"})
public record MlpGenome(int format, String rule, int observations, int hidden, double sigma, List<Double> w1,
                        List<Double> b1, List<Double> w2, List<Double> b2) implements Genome {
    public static final String KIND = "mlp";
    public static final int FORMAT = 1;
    public static final int MIN_HIDDEN = 4;
    public static final int MAX_HIDDEN = 16;
    public static final double MAX_WEIGHT = 10;
    public static final double MIN_SIGMA = 1e-4;
    public static final double MAX_SIGMA = 1;
    /** A random genome's step size. */
    public static final double START_SIGMA = 0.1;

    public MlpGenome {
        w1 = List.copyOf(w1);
        b1 = List.copyOf(b1);
        w2 = List.copyOf(w2);
        b2 = List.copyOf(b2);
    }

    @Override
    public void validate(UpdateRule ruleSpec) {
        if (hidden < MIN_HIDDEN || hidden > MAX_HIDDEN) {
            throw new UserException("an mlp genome has " + MIN_HIDDEN + " to " + MAX_HIDDEN + " hidden units, got "
                    + hidden);
        }
        if (!(sigma >= MIN_SIGMA && sigma <= MAX_SIGMA)) {
            throw new UserException("sigma must lie in [" + MIN_SIGMA + ", " + MAX_SIGMA + "], got " + sigma);
        }
        int I = FeedbackModulator.inputs(ruleSpec);
        int M = ruleSpec.modulated();
        size("w1", w1, hidden * I, hidden + " x " + I);
        size("b1", b1, hidden, String.valueOf(hidden));
        size("w2", w2, M * hidden, M + " x " + hidden + " (rule '" + rule + "' has " + M + " parameters)");
        size("b2", b2, M, String.valueOf(M));
    }

    private static void size(String name, List<Double> values, int expected, String shape) {
        if (values.size() != expected) {
            throw new UserException(name + " needs " + expected + " values (" + shape + "), got " + values.size());
        }
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null || !(v >= -MAX_WEIGHT && v <= MAX_WEIGHT)) {
                throw new UserException(name + "[" + i + "] must lie in [-" + MAX_WEIGHT + ", " + MAX_WEIGHT + "], got "
                        + v);
            }
        }
    }

    @JsonIgnore
    int inputCount() {
        return w1.size() / hidden;
    }

    @Override
    public String describe() {
        UpdateRule spec = org.neuromod.kernels.UpdateRules.byName(rule);
        StringBuilder s = new StringBuilder();
        s.append(heading());
        s.append(String.format("%d tanh hidden units reading %d inputs (the observations, then the previous outputs); "
                + "sigmoid outputs; mutation step size %.4g%n", hidden, inputCount(), sigma));
        List<String> inputs = new ArrayList<>(Observations.NAMES);
        spec.params().forEach(p -> inputs.add("previous " + p.name()));
        for (int k = 0; k < spec.modulated(); k++) {
            // the output's sensitivity to each input through the hidden layer at its linearisation around 0
            StringBuilder line = new StringBuilder(String.format("%s: bias %+.3f; strongest inputs:",
                    spec.params().get(k).name(), b2.get(k)));
            double[] weight = new double[inputs.size()];
            for (int i = 0; i < weight.length; i++) {
                for (int j = 0; j < hidden; j++) {
                    weight[i] += w2.get(k * hidden + j) * w1.get(j * weight.length + i);
                }
            }
            Integer[] order = new Integer[weight.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(Math.abs(weight[b]), Math.abs(weight[a])));
            for (int i = 0; i < Math.min(3, order.length); i++) {
                line.append(String.format(" %s %+.3f", inputs.get(order[i]), weight[order[i]]));
            }
            s.append(line).append(String.format("%n"));
        }
        return s.toString();
    }

    /** A random genome: 4 to 16 hidden units, weights N(0, 1/fan-in), biases 0, step size START_SIGMA. */
    public static MlpGenome random(UpdateRule rule, SplittableRandom rng) {
        int H = MIN_HIDDEN + rng.nextInt(MAX_HIDDEN - MIN_HIDDEN + 1);
        int I = FeedbackModulator.inputs(rule);
        int M = rule.modulated();
        return new MlpGenome(FORMAT, rule.name(), Observations.VERSION, H, START_SIGMA, gaussian(H * I, I, rng),
                zeros(H), gaussian(M * H, H, rng), zeros(M));
    }

    static List<Double> gaussian(int n, int fanIn, SplittableRandom rng) {
        List<Double> v = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            v.add(weight(rng.nextGaussian() / Math.sqrt(fanIn)));
        }
        return v;
    }

    static List<Double> zeros(int n) {
        return new ArrayList<>(java.util.Collections.nCopies(n, 0.0));
    }

    /** A weight clamped into range and stored as a float, so a saved genome computes exactly what was scored. */
    static double weight(double v) {
        return (float) Math.max(-MAX_WEIGHT, Math.min(MAX_WEIGHT, v));
    }
}
