// CPU-tuned equivalents of the update rules' elementwise bodies, for the JVM backend: the same arithmetic,
// in the same order, on whole vectors, in one pass that also measures the layer statistics. A rule without
// a tuned form runs its body element by element, so registering a rule never requires touching this file;
// tuning one is optional.
package org.neuromod.kernels.jvm;

import jdk.incubator.vector.FloatVector;

import org.neuromod.kernels.Stats;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;

import static org.neuromod.kernels.jvm.Gemm.F;
import static org.neuromod.kernels.jvm.Gemm.V;

final class TunedUpdates {
    private TunedUpdates() {
    }

    /**
     * An update rule over one range of parameters that all share one (network, layer) entry h of hyper.
     * For i in [from, to): delta = body(params[i], grads[i], state, i, n, hyper, h); params[i] += delta.
     * Also writes sums[GRAD_SQ], sums[WEIGHT_SQ] (weights before the update) and sums[UPDATE_SQ] of the range,
     * each summed as Gemm.sumOfSquares sums (lane-wise, lanes in index order, then the tail), so they equal a
     * separate LayerStats pass bit for bit. scratch holds at least CHUNK + V floats.
     */
    @FunctionalInterface
    interface RangeUpdate {
        void apply(float[] params, float[] grads, float[] state, int from, int to, int n, float[] hyper, int h,
                   float[] sums, float[] scratch);
    }

    static RangeUpdate of(UpdateRule rule) {
        if (rule == UpdateRules.MOMENTUM) {
            return TunedUpdates::momentum;
        }
        UpdateRule.Body body = rule.body();
        return (params, grads, state, from, to, n, hyper, h, sums, scratch) ->
                generic(body, params, grads, state, from, to, n, hyper, h, sums, scratch);
    }

    /** Any rule: statistics by Gemm.sumOfSquares, then the body element by element, deltas kept in scratch. */
    private static void generic(UpdateRule.Body body, float[] params, float[] grads, float[] state, int from,
                                int to, int n, float[] hyper, int h, float[] sums, float[] scratch) {
        sums[Stats.GRAD_SQ] = Gemm.sumOfSquares(grads, from, to, scratch);
        sums[Stats.WEIGHT_SQ] = Gemm.sumOfSquares(params, from, to, scratch);
        for (int i = from; i < to; i++) {
            float d = body.delta(params[i], grads[i], state, i, n, hyper, h);
            params[i] += d;
            scratch[V + i - from] = d;
        }
        sums[Stats.UPDATE_SQ] = Gemm.sumOfSquares(scratch, V, V + to - from, scratch);
    }

    // UpdateRules.momentum: v = beta*v - alpha*g (two products, then the difference; Java never fuses them)
    private static void momentum(float[] params, float[] grads, float[] state, int from, int to, int n,
                                 float[] hyper, int h, float[] sums, float[] scratch) {
        float a = hyper[h];
        float b = hyper[h + 1];
        FloatVector alpha = FloatVector.broadcast(F, a);
        FloatVector beta = FloatVector.broadcast(F, b);
        FloatVector g2 = FloatVector.zero(F);
        FloatVector w2 = FloatVector.zero(F);
        FloatVector u2 = FloatVector.zero(F);
        int i = from;
        for (int end = from + (to - from) / V * V; i < end; i += V) {
            FloatVector g = FloatVector.fromArray(F, grads, i);
            FloatVector w = FloatVector.fromArray(F, params, i);
            FloatVector v = beta.mul(FloatVector.fromArray(F, state, i)).sub(alpha.mul(g));
            g2 = g.fma(g, g2);
            w2 = w.fma(w, w2);
            u2 = v.fma(v, u2);
            v.intoArray(state, i);
            w.add(v).intoArray(params, i);
        }
        float gs = laneSum(g2, scratch);
        float ws = laneSum(w2, scratch);
        float us = laneSum(u2, scratch);
        for (; i < to; i++) {
            float g = grads[i];
            float w = params[i];
            float v = b * state[i] - a * g;
            gs = Math.fma(g, g, gs);
            ws = Math.fma(w, w, ws);
            us = Math.fma(v, v, us);
            state[i] = v;
            params[i] = w + v;
        }
        sums[Stats.GRAD_SQ] = gs;
        sums[Stats.WEIGHT_SQ] = ws;
        sums[Stats.UPDATE_SQ] = us;
    }

    /** Lanes of acc added in index order. */
    private static float laneSum(FloatVector acc, float[] scratch) {
        acc.intoArray(scratch, 0);
        float sum = 0f;
        for (int j = 0; j < V; j++) {
            sum += scratch[j];
        }
        return sum;
    }
}
