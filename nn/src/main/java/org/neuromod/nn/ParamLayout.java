// Where each layer's weights and bias sit inside one network's flat parameter slice; every buffer of role
// "parameters" (params, grads, optimizer state) uses this layout per network, population-major.
package org.neuromod.nn;

import java.util.ArrayList;
import java.util.List;

import org.neuromod.kernels.LayerPlan;
import org.neuromod.kernels.StepPlan;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.View;

/** Layer l: W (cIn, cOut) then b (cOut), layers in order, so each layer is one contiguous segment. */
public record ParamLayout(MlpSpec spec, List<LayerPlan> layers, int paramsPerNet) {

    /**
     * The layout of spec; a network whose parameters do not fit one Java array (2^31 - 1 elements) is refused
     * as a UserException before any size can overflow.
     */
    public static ParamLayout of(MlpSpec spec) {
        int[] widths = spec.widths();
        long total = 0;
        for (int l = 0; l < spec.layerCount(); l++) {
            total += ((long) widths[l] + 1) * widths[l + 1];
        }
        if (total > Integer.MAX_VALUE) {
            throw new org.neuromod.kernels.UserException(String.format(java.util.Locale.ROOT, "a network of widths %s "
                    + "has %,d parameters, over the %,d a Java array holds; use smaller hidden layers",
                    java.util.Arrays.toString(widths), total, Integer.MAX_VALUE));
        }
        List<LayerPlan> layers = new ArrayList<>();
        int offset = 0;
        for (int l = 0; l < spec.layerCount(); l++) {
            View weight = new View(offset, widths[l], widths[l + 1]);
            View bias = new View(weight.end(), 1, widths[l + 1]);
            layers.add(new LayerPlan(widths[l], widths[l + 1], spec.activation(l), weight, bias));
            offset = bias.end();
        }
        return new ParamLayout(spec, List.copyOf(layers), offset);
    }

    /** The standard training step over this layout (StepPlan.standard), the step every backend runs. */
    public StepPlan plan(int batch, UpdateRule rule) {
        return StepPlan.standard(spec.inputs(), spec.classes(), batch, layers, paramsPerNet, rule);
    }
}
