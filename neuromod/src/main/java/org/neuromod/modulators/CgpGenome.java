// A Cartesian genetic program (Miller; the representation of CGP.jl / Cambrian.jl) as a neuromodulator
// genome: one row of nodes, each a function of two earlier values, reading the observations and the program's
// own previous outputs; decoded once to its active nodes.
package org.neuromod.modulators;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.neuromod.kernels.modulation.Observations;

/**
 * Format 1. Inputs: the {@link Observations#COUNT} observations, then the program's M previous outputs (its
 * state, 0.5 at the start of a run), I = O + M values in all. Node j (0-based) computes
 * {@link #FUNCTIONS}[function](value[a], value[b], constant) where a and b index the inputs and the nodes before
 * it (levels-back: any earlier column; index I + k is node k). Output k is value[outputs[k]] clamped to [0, 1],
 * then mapped onto the rule's k-th parameter by its declared range and scale. One row of 1 to
 * {@link #MAX_NODES} nodes; constants in [-1, 1].
 */
@JsonPropertyOrder({"kind", "format", "rule", "observations", "nodes", "outputs"})
public record CgpGenome(int format, String rule, int observations, List<Node> nodes, List<Integer> outputs)
        implements Genome {
    public static final String KIND = "cgp";
    public static final int FORMAT = 1;
    public static final int MAX_NODES = 64;
    /** Nodes of a random genome. */
    public static final int DEFAULT_NODES = 24;

    /**
     * The function set: name and arity (the number of its first two arguments it reads); CgpKernel.apply computes
     * them.
     */
    public static final List<String> FUNCTIONS = List.of("add", "sub", "mul", "div", "min", "max", "abs", "sqrt",
            "tanh", "gauss", "const", "half");
    static final int[] ARITY = {2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 0, 1};

    public record Node(int function, int a, int b, double constant) {
    }

    public CgpGenome {
        nodes = List.copyOf(nodes);
        outputs = List.copyOf(outputs);
    }

    @Override
    public void validate(UpdateRule ruleSpec) {
        int I = FeedbackModulator.inputs(ruleSpec);
        if (nodes.isEmpty() || nodes.size() > MAX_NODES) {
            throw new UserException("a cgp genome needs 1 to " + MAX_NODES + " nodes, got " + nodes.size());
        }
        for (int j = 0; j < nodes.size(); j++) {
            Node n = nodes.get(j);
            if (n == null || n.function() < 0 || n.function() >= FUNCTIONS.size()) {
                throw new UserException("node " + j + " has no function of the set (0.." + (FUNCTIONS.size() - 1) + ")");
            }
            if (n.a() < 0 || n.a() >= I + j || n.b() < 0 || n.b() >= I + j) {
                throw new UserException("node " + j + " reads a value outside 0.." + (I + j - 1)
                        + " (inputs and earlier nodes)");
            }
            if (!(n.constant() >= -1 && n.constant() <= 1)) {
                throw new UserException("node " + j + " has a constant outside [-1, 1]: " + n.constant());
            }
        }
        if (outputs.size() != ruleSpec.modulated()) {
            throw new UserException("a " + rule + " cgp genome needs " + ruleSpec.modulated() + " outputs, got "
                    + outputs.size());
        }
        for (int o : outputs) {
            if (o < 0 || o >= I + nodes.size()) {
                throw new UserException("an output reads value " + o + ", outside 0.." + (I + nodes.size() - 1));
            }
        }
    }

    /** Which nodes the outputs depend on (the active nodes), by index; decoding walks back from the outputs. */
    @JsonIgnore
    public boolean[] active(UpdateRule ruleSpec) {
        int I = FeedbackModulator.inputs(ruleSpec);
        boolean[] used = new boolean[nodes.size()];
        for (int o : outputs) {
            if (o >= I) {
                used[o - I] = true;
            }
        }
        for (int j = nodes.size() - 1; j >= 0; j--) {
            if (used[j]) {
                Node n = nodes.get(j);
                if (ARITY[n.function()] >= 1 && n.a() >= I) {
                    used[n.a() - I] = true;
                }
                if (ARITY[n.function()] >= 2 && n.b() >= I) {
                    used[n.b() - I] = true;
                }
            }
        }
        return used;
    }

    @Override
    public String describe() {
        UpdateRule spec = UpdateRules.byName(rule);
        StringBuilder s = new StringBuilder();
        boolean[] active = active(spec);
        int count = 0;
        for (boolean a : active) {
            count += a ? 1 : 0;
        }
        s.append(heading());
        s.append(String.format("%d nodes (%d active), inputs: %s and the previous outputs%n", nodes.size(), count,
                String.join(", ", Observations.NAMES)));
        for (int k = 0; k < outputs.size(); k++) {
            s.append(String.format("%s = clamp01(%s)%n", spec.params().get(k).name(), expression(outputs.get(k), spec)));
        }
        return s.toString();
    }

    /** The active program behind value v, as an expression over the inputs. */
    public String expression(int v, UpdateRule spec) {
        int I = FeedbackModulator.inputs(spec);
        if (v < Observations.COUNT) {
            return Observations.NAMES.get(v);
        }
        if (v < I) {
            return "previous(" + spec.params().get(v - Observations.COUNT).name() + ")";
        }
        Node n = nodes.get(v - I);
        String f = FUNCTIONS.get(n.function());
        return switch (ARITY[n.function()]) {
            case 0 -> String.format(Locale.ROOT, "%.4f", n.constant());
            case 1 -> f.equals("half") ? "0.5 * " + wrap(expression(n.a(), spec)) : f + "(" + expression(n.a(), spec) + ")";
            default -> switch (f) {
                case "add" -> "(" + expression(n.a(), spec) + " + " + expression(n.b(), spec) + ")";
                case "sub" -> "(" + expression(n.a(), spec) + " - " + expression(n.b(), spec) + ")";
                case "mul" -> "(" + expression(n.a(), spec) + " * " + expression(n.b(), spec) + ")";
                case "div" -> "(" + expression(n.a(), spec) + " / " + expression(n.b(), spec) + ")";
                default -> f + "(" + expression(n.a(), spec) + ", " + expression(n.b(), spec) + ")";
            };
        };
    }

    private static String wrap(String e) {
        return e.startsWith("(") || !e.contains(" ") ? e : "(" + e + ")";
    }

    /** A random genome: DEFAULT_NODES nodes with uniform genes. */
    public static CgpGenome random(UpdateRule rule, SplittableRandom rng) {
        int I = FeedbackModulator.inputs(rule);
        List<Node> nodes = new ArrayList<>();
        for (int j = 0; j < DEFAULT_NODES; j++) {
            nodes.add(randomNode(I, j, rng));
        }
        List<Integer> outputs = new ArrayList<>();
        for (int k = 0; k < rule.modulated(); k++) {
            outputs.add(rng.nextInt(I + DEFAULT_NODES));
        }
        return new CgpGenome(FORMAT, rule.name(), Observations.VERSION, nodes, outputs);
    }

    /** A random node at position j of a program with I inputs. */
    public static Node randomNode(int I, int j, SplittableRandom rng) {
        return new Node(rng.nextInt(FUNCTIONS.size()), rng.nextInt(I + j), rng.nextInt(I + j),
                (float) rng.nextDouble(-1, 1));
    }
}
