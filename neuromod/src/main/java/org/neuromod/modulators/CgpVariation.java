// Variation of CGP genomes: point mutation, each gene (a node's function, its two connections, its constant,
// and each output) redrawn with probability RATE, at least one gene per child, active and inactive genes alike
// (inactive genes drift neutrally, as in Miller's CGP); and a one-point crossover of the node row.
package org.neuromod.modulators;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.modulators.CgpGenome.Node;

final class CgpVariation {
    /** Probability that a gene is redrawn. */
    static final double RATE = 0.05;

    static CgpGenome mutate(CgpGenome g, UpdateRule rule, SplittableRandom rng) {
        int I = FeedbackModulator.inputs(rule);
        int genes = 4 * g.nodes().size() + g.outputs().size();
        boolean[] redraw = new boolean[genes];
        boolean any = false;
        for (int i = 0; i < genes; i++) {
            redraw[i] = rng.nextDouble() < RATE;
            any |= redraw[i];
        }
        if (!any) {
            redraw[rng.nextInt(genes)] = true;
        }
        List<Node> nodes = new ArrayList<>();
        for (int j = 0; j < g.nodes().size(); j++) {
            Node n = g.nodes().get(j);
            int f = redraw[4 * j] ? rng.nextInt(CgpGenome.FUNCTIONS.size()) : n.function();
            int a = redraw[4 * j + 1] ? rng.nextInt(I + j) : n.a();
            int b = redraw[4 * j + 2] ? rng.nextInt(I + j) : n.b();
            double c = redraw[4 * j + 3] ? (float) rng.nextDouble(-1, 1) : n.constant();
            nodes.add(new Node(f, a, b, c));
        }
        List<Integer> outputs = new ArrayList<>();
        for (int k = 0; k < g.outputs().size(); k++) {
            outputs.add(redraw[4 * g.nodes().size() + k] ? rng.nextInt(I + nodes.size()) : g.outputs().get(k));
        }
        return new CgpGenome(CgpGenome.FORMAT, g.rule(), g.observations(), nodes, outputs);
    }

    static CgpGenome crossover(CgpGenome a, CgpGenome b, UpdateRule rule, SplittableRandom rng) {
        int I = FeedbackModulator.inputs(rule);
        int cut = rng.nextInt(Math.min(a.nodes().size(), b.nodes().size()) + 1);
        List<Node> nodes = new ArrayList<>(a.nodes().subList(0, cut));
        nodes.addAll(b.nodes().subList(cut, b.nodes().size()));
        List<Integer> outputs = new ArrayList<>();
        for (int k = 0; k < a.outputs().size(); k++) {
            int o = (rng.nextBoolean() ? a : b).outputs().get(k);
            outputs.add(o < I + nodes.size() ? o : rng.nextInt(I + nodes.size()));
        }
        return new CgpGenome(CgpGenome.FORMAT, a.rule(), a.observations(), nodes, outputs);
    }
}
