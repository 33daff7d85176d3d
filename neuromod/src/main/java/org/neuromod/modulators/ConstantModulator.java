// The simplest modulator: fixed learning parameters, the same every step (plain SGD, momentum or Adam with
// fixed hyper-parameters), the baseline every evolved modulator is compared against. Either one value per
// parameter for every layer, or (the per-layer ablation) one value per layer and parameter.
package org.neuromod.modulators;

import java.util.Arrays;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UserException;
import org.neuromod.kernels.modulation.Modulation;
import org.neuromod.kernels.modulation.ModulationKernels;
import org.neuromod.nn.Modulator;

public final class ConstantModulator implements Modulator {
    private final UpdateRule rule;
    private final float[] values;     // (M) the same for every layer, or null
    private final float[][] layers;   // (Ls, M) one row per layer of the network it was set for, or null
    private float[] resolved;         // (L, M) the values of this run's layers
    private int population;

    /** values (M): one value per modulated learning parameter of the rule, each inside the rule's bounds. */
    public ConstantModulator(UpdateRule rule, float... values) {
        if (values.length != rule.modulated()) {
            throw new IllegalArgumentException("update rule '" + rule.name() + "' takes " + rule.modulated()
                    + " learning parameters, got " + values.length);
        }
        check(rule, values);
        this.rule = rule;
        this.values = values.clone();
        this.layers = null;
    }

    private ConstantModulator(UpdateRule rule, float[][] layers) {
        if (layers.length == 0) {
            throw new IllegalArgumentException("a per-layer setting needs at least one layer");
        }
        for (float[] layer : layers) {
            if (layer.length != rule.modulated()) {
                throw new IllegalArgumentException("update rule '" + rule.name() + "' takes " + rule.modulated()
                        + " learning parameters per layer, got " + layer.length);
            }
            check(rule, layer);
        }
        this.rule = rule;
        this.values = null;
        this.layers = Arrays.stream(layers).map(float[]::clone).toArray(float[][]::new);
    }

    /**
     * One value per layer and parameter, layers (Ls, M) for a network of Ls layers. On a network of another depth L,
     * layer l takes the values at its relative depth: x = l / (L - 1) * (Ls - 1) (0 for a single layer),
     * interpolated between the set layers floor(x) and ceil(x), geometrically for a log-scaled parameter and
     * linearly otherwise; at the same depth every layer gets exactly its own values.
     */
    public static ConstantModulator perLayer(UpdateRule rule, float[][] layers) {
        return new ConstantModulator(rule, layers);
    }

    private static void check(UpdateRule rule, float[] values) {
        for (int k = 0; k < values.length; k++) {
            UpdateRule.HyperParam param = rule.params().get(k);
            if (!param.contains(values[k])) {
                throw new UserException(param.name() + " must be in [" + param.min() + ", " + param.max()
                        + "], got " + values[k]);
            }
        }
    }

    @Override
    public void reset(int population, int layerCount, long totalSteps) {
        this.population = population;
        int M = rule.modulated();
        resolved = new float[layerCount * M];
        for (int l = 0; l < layerCount; l++) {
            for (int k = 0; k < M; k++) {
                resolved[l * M + k] = values != null ? values[k] : atDepth(l, layerCount, k);
            }
        }
    }

    /** Parameter k of layer l of L, from the per-layer rows by relative depth. */
    private float atDepth(int l, int L, int k) {
        int rows = layers.length;
        double x = L > 1 ? (double) l * (rows - 1) / (L - 1) : 0;
        int below = (int) Math.floor(x);
        int above = Math.min(rows - 1, below + 1);
        double f = x - below;
        float a = layers[below][k];
        float b = layers[above][k];
        if (f == 0 || a == b) {
            return a;
        }
        boolean log = rule.params().get(k).scale() == UpdateRule.Scale.LOG && a > 0 && b > 0;
        return (float) (log ? Math.exp((1 - f) * Math.log(a) + f * Math.log(b)) : (1 - f) * a + f * b);
    }

    @Override
    public void next(long step, float[] loss, float[] stats, float[] hyper) {
        for (int i = 0; i < hyper.length; i += resolved.length) {
            System.arraycopy(resolved, 0, hyper, i, resolved.length);
        }
    }

    /** The constant kernel: the resolved values (L, M) as its genes, no state. */
    @Override
    public Modulation modulation(int layers) {
        if (resolved == null || resolved.length != layers * rule.modulated()) {
            throw new IllegalStateException("reset for " + layers + " layers first");
        }
        return new Modulation(ModulationKernels.CONSTANT, resolved.clone(), new int[1],
                ModulationKernels.dims(population, layers, rule.modulated(), rule.k(), 0, 0, 1), rule.mapping(),
                new float[0]);
    }

    /** The uniform values (M), or null for a per-layer setting. */
    public float[] values() {
        return values == null ? null : Arrays.copyOf(values, values.length);
    }
}
