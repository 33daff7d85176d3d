// The declared mapping of a rule's modulated parameters as flat arrays, the form kernel-safe modulator bodies
// take: output u of parameter k becomes HyperParam.map(u, low[k], high[k], log[k]).
package org.neuromod.modulators;

import org.neuromod.kernels.UpdateRule;

/** low, high (M) the range an output of 0 and 1 map to; log (M) 1 for a log scale, 0 for linear. */
record OutputMapping(float[] low, float[] high, int[] log) {

    static OutputMapping of(UpdateRule rule) {
        int M = rule.modulated();
        float[] low = new float[M];
        float[] high = new float[M];
        int[] log = new int[M];
        for (int k = 0; k < M; k++) {
            UpdateRule.HyperParam param = rule.params().get(k);
            low[k] = param.low();
            high[k] = param.high();
            log[k] = param.scale() == UpdateRule.Scale.LOG ? 1 : 0;
        }
        return new OutputMapping(low, high, log);
    }
}
