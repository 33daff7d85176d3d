// CPU-tuned equivalents of the update rules' elementwise bodies, for the JVM backend: the same arithmetic,
// in the same order, on whole vectors, in one pass that also measures the layer statistics. A rule without
// a tuned form runs its body (through UpdateRules.delta) element by element, so registering a rule never
// requires touching this file; tuning one is optional.
package org.neuromod.kernels.jvm;

import jdk.incubator.vector.FloatVector;

import org.neuromod.kernels.Stats;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;

import static org.neuromod.kernels.jvm.Sums.LANES;
import static org.neuromod.kernels.jvm.Sums.S;
import static org.neuromod.kernels.jvm.Sums.STRIPES;
import static org.neuromod.kernels.jvm.Sums.SV;

final class TunedUpdates {
    /** Raw sums of one range, then scratch: lanes (RAW_COUNT * LANES) and deltas (CHUNK). */
    static final int SCRATCH = Stats.RAW_COUNT * LANES + JvmBackend.CHUNK;

    private TunedUpdates() {
    }

    /**
     * An update rule over one range of parameters that all share one (network, layer) entry h of hyper.
     * For i in [from, to): delta = UpdateRules.delta(rule, params[i], grads[i], state, i, n, hyper, h);
     * params[i] += delta. Also writes the range's raw statistics sums[0 .. RAW_COUNT): gradient, weight (before
     * the update) and update squared norms, gradient · previous update and the previous update's squared norm,
     * each summed in the order of {@link Sums} (so they equal separate Sums passes bit for bit). scratch holds
     * at least {@link #SCRATCH} floats.
     */
    @FunctionalInterface
    interface RangeUpdate {
        void apply(float[] params, float[] grads, float[] state, int from, int to, int n, float[] hyper, int h,
                   float[] sums, float[] scratch);
    }

    /** The rules with a vectorised form (the registry's own entries); any other rule runs its body. */
    private static final java.util.Map<UpdateRule, RangeUpdate> TUNED = java.util.Map.of(
            UpdateRules.MOMENTUM, TunedUpdates::momentum,
            UpdateRules.SGD, TunedUpdates::sgd,
            UpdateRules.ADAM, TunedUpdates::adam);

    static RangeUpdate of(UpdateRule rule) {
        RangeUpdate tuned = TUNED.get(rule);
        if (tuned != null) {
            return tuned;
        }
        int id = rule.id();
        int previous = rule.previousUpdate();
        return (params, grads, state, from, to, n, hyper, h, sums, scratch) ->
                generic(id, previous, params, grads, state, from, to, n, hyper, h, sums, scratch);
    }

    /** Any rule: statistics by Sums, then the body element by element, deltas kept in scratch. */
    private static void generic(int rule, int previous, float[] params, float[] grads, float[] state, int from,
                                int to, int n, float[] hyper, int h, float[] sums, float[] scratch) {
        int len = to - from;
        int u = previous * n + from;
        Sums.beforeUpdate(sums, 0, params, grads, state, from, u, len, scratch);
        int deltas = Stats.RAW_COUNT * LANES;
        for (int i = from; i < to; i++) {
            float d = UpdateRules.delta(rule, params[i], grads[i], state, i, n, hyper, h);
            params[i] += d;
            scratch[deltas + i - from] = d;
        }
        sums[Stats.UPDATE_SQ] = Sums.dot(scratch, deltas, scratch, deltas, len, scratch);
    }

    // UpdateRules.momentum: v = beta*v - alpha*g (two products, then the difference; Java never fuses them).
    // The old velocity is the previous update. Stripes as in Sums; lane sums go to scratch, slot-major.
    private static void momentum(float[] params, float[] grads, float[] state, int from, int to, int n,
                                 float[] hyper, int h, float[] sums, float[] scratch) {
        float a = hyper[h];
        float b = hyper[h + 1];
        FloatVector alpha = FloatVector.broadcast(S, a);
        FloatVector beta = FloatVector.broadcast(S, b);
        int full = from + Sums.blocked(to - from);
        for (int r = 0; r < STRIPES; r++) {
            FloatVector g2 = FloatVector.zero(S);
            FloatVector w2 = FloatVector.zero(S);
            FloatVector u2 = FloatVector.zero(S);
            FloatVector gp = FloatVector.zero(S);
            FloatVector p2 = FloatVector.zero(S);
            for (int i = from + r * SV; i < full; i += LANES) {
                FloatVector g = FloatVector.fromArray(S, grads, i);
                FloatVector w = FloatVector.fromArray(S, params, i);
                FloatVector old = FloatVector.fromArray(S, state, i);
                FloatVector v = beta.mul(old).sub(alpha.mul(g));
                g2 = g.fma(g, g2);
                w2 = w.fma(w, w2);
                gp = g.fma(old, gp);
                p2 = old.fma(old, p2);
                u2 = v.fma(v, u2);
                v.intoArray(state, i);
                w.add(v).intoArray(params, i);
            }
            lanes(scratch, r, g2, w2, u2, gp, p2);
        }
        // the tail written out rather than through tail(): measured 5% faster for the rule evolution runs most
        float gs = Sums.fold(scratch, Stats.GRAD_SQ * LANES);
        float ws = Sums.fold(scratch, Stats.WEIGHT_SQ * LANES);
        float us = Sums.fold(scratch, Stats.UPDATE_SQ * LANES);
        float gps = Sums.fold(scratch, Stats.RAW_GRAD_DOT_PREVIOUS * LANES);
        float ps = Sums.fold(scratch, Stats.RAW_PREVIOUS_SQ * LANES);
        for (int i = full; i < to; i++) {
            float g = grads[i];
            float w = params[i];
            float old = state[i];
            float v = b * old - a * g;
            gs = Math.fma(g, g, gs);
            ws = Math.fma(w, w, ws);
            gps = Math.fma(g, old, gps);
            ps = Math.fma(old, old, ps);
            us = Math.fma(v, v, us);
            state[i] = v;
            params[i] = w + v;
        }
        sums[Stats.GRAD_SQ] = gs;
        sums[Stats.WEIGHT_SQ] = ws;
        sums[Stats.UPDATE_SQ] = us;
        sums[Stats.RAW_GRAD_DOT_PREVIOUS] = gps;
        sums[Stats.RAW_PREVIOUS_SQ] = ps;
    }

    // UpdateRules.sgd: d = (-alpha) * g, kept as the last update.
    private static void sgd(float[] params, float[] grads, float[] state, int from, int to, int n, float[] hyper,
                            int h, float[] sums, float[] scratch) {
        FloatVector alpha = FloatVector.broadcast(S, -hyper[h]);
        int full = from + Sums.blocked(to - from);
        for (int r = 0; r < STRIPES; r++) {
            FloatVector g2 = FloatVector.zero(S);
            FloatVector w2 = FloatVector.zero(S);
            FloatVector u2 = FloatVector.zero(S);
            FloatVector gp = FloatVector.zero(S);
            FloatVector p2 = FloatVector.zero(S);
            for (int i = from + r * SV; i < full; i += LANES) {
                FloatVector g = FloatVector.fromArray(S, grads, i);
                FloatVector w = FloatVector.fromArray(S, params, i);
                FloatVector old = FloatVector.fromArray(S, state, i);
                FloatVector d = alpha.mul(g);
                g2 = g.fma(g, g2);
                w2 = w.fma(w, w2);
                gp = g.fma(old, gp);
                p2 = old.fma(old, p2);
                u2 = d.fma(d, u2);
                d.intoArray(state, i);
                w.add(d).intoArray(params, i);
            }
            lanes(scratch, r, g2, w2, u2, gp, p2);
        }
        tail(UpdateRules.SGD_ID, 0, params, grads, state, full, to, n, hyper, h, sums, scratch);
    }

    // UpdateRules.adam: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; d = ((-alpha) (m c1)) / (sqrt(v) c2 + eps),
    // products and sums in the body's order (Java never fuses them; sqrt is correctly rounded in both).
    private static void adam(float[] params, float[] grads, float[] state, int from, int to, int n, float[] hyper,
                             int h, float[] sums, float[] scratch) {
        FloatVector alpha = FloatVector.broadcast(S, -hyper[h]);
        FloatVector c1 = FloatVector.broadcast(S, hyper[h + 1]);
        FloatVector c2 = FloatVector.broadcast(S, hyper[h + 2]);
        FloatVector b1 = FloatVector.broadcast(S, UpdateRules.ADAM_BETA1);
        FloatVector b2 = FloatVector.broadcast(S, UpdateRules.ADAM_BETA2);
        FloatVector rest1 = FloatVector.broadcast(S, 1f - UpdateRules.ADAM_BETA1);
        FloatVector rest2 = FloatVector.broadcast(S, 1f - UpdateRules.ADAM_BETA2);
        FloatVector eps = FloatVector.broadcast(S, UpdateRules.ADAM_EPSILON);
        int full = from + Sums.blocked(to - from);
        for (int r = 0; r < STRIPES; r++) {
            FloatVector g2 = FloatVector.zero(S);
            FloatVector w2 = FloatVector.zero(S);
            FloatVector u2 = FloatVector.zero(S);
            FloatVector gp = FloatVector.zero(S);
            FloatVector p2 = FloatVector.zero(S);
            for (int i = from + r * SV; i < full; i += LANES) {
                FloatVector g = FloatVector.fromArray(S, grads, i);
                FloatVector w = FloatVector.fromArray(S, params, i);
                FloatVector old = FloatVector.fromArray(S, state, 2 * n + i);
                FloatVector m = b1.mul(FloatVector.fromArray(S, state, i)).add(rest1.mul(g));
                FloatVector v = b2.mul(FloatVector.fromArray(S, state, n + i)).add(rest2.mul(g.mul(g)));
                FloatVector d = alpha.mul(m.mul(c1)).div(v.sqrt().mul(c2).add(eps));
                g2 = g.fma(g, g2);
                w2 = w.fma(w, w2);
                gp = g.fma(old, gp);
                p2 = old.fma(old, p2);
                u2 = d.fma(d, u2);
                m.intoArray(state, i);
                v.intoArray(state, n + i);
                d.intoArray(state, 2 * n + i);
                w.add(d).intoArray(params, i);
            }
            lanes(scratch, r, g2, w2, u2, gp, p2);
        }
        tail(UpdateRules.ADAM_ID, 2, params, grads, state, full, to, n, hyper, h, sums, scratch);
    }

    /** Stripe r's lane sums into scratch, slot-major (as Sums keeps them). */
    private static void lanes(float[] scratch, int r, FloatVector g2, FloatVector w2, FloatVector u2, FloatVector gp,
                              FloatVector p2) {
        g2.intoArray(scratch, Stats.GRAD_SQ * LANES + r * SV);
        w2.intoArray(scratch, Stats.WEIGHT_SQ * LANES + r * SV);
        u2.intoArray(scratch, Stats.UPDATE_SQ * LANES + r * SV);
        gp.intoArray(scratch, Stats.RAW_GRAD_DOT_PREVIOUS * LANES + r * SV);
        p2.intoArray(scratch, Stats.RAW_PREVIOUS_SQ * LANES + r * SV);
    }

    /**
     * The lanes folded, then the elements past the vector grid [full, to) through the rule's body, their squares
     * and products added in order (as Sums does); the previous update lives in state buffer {@code previous}.
     */
    private static void tail(int rule, int previous, float[] params, float[] grads, float[] state, int full, int to,
                             int n, float[] hyper, int h, float[] sums, float[] scratch) {
        float gs = Sums.fold(scratch, Stats.GRAD_SQ * LANES);
        float ws = Sums.fold(scratch, Stats.WEIGHT_SQ * LANES);
        float us = Sums.fold(scratch, Stats.UPDATE_SQ * LANES);
        float gps = Sums.fold(scratch, Stats.RAW_GRAD_DOT_PREVIOUS * LANES);
        float ps = Sums.fold(scratch, Stats.RAW_PREVIOUS_SQ * LANES);
        for (int i = full; i < to; i++) {
            float g = grads[i];
            float w = params[i];
            float old = state[previous * n + i];
            float d = UpdateRules.delta(rule, w, g, state, i, n, hyper, h);
            gs = Math.fma(g, g, gs);
            ws = Math.fma(w, w, ws);
            gps = Math.fma(g, old, gps);
            ps = Math.fma(old, old, ps);
            us = Math.fma(d, d, us);
            params[i] = w + d;
        }
        sums[Stats.GRAD_SQ] = gs;
        sums[Stats.WEIGHT_SQ] = ws;
        sums[Stats.UPDATE_SQ] = us;
        sums[Stats.RAW_GRAD_DOT_PREVIOUS] = gps;
        sums[Stats.RAW_PREVIOUS_SQ] = ps;
    }
}
