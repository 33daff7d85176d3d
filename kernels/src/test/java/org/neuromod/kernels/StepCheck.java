// One training step on a backend, checked member by member against the reference step: the loss, the layer
// statistics, the new parameters and the new optimizer state. Backend tests chain it over several steps.
package org.neuromod.kernels;

import java.util.SplittableRandom;

import static org.neuromod.kernels.Close.ATOL;
import static org.neuromod.kernels.Close.RTOL;
import static org.neuromod.kernels.Close.RTOL_SUM;
import static org.neuromod.kernels.Close.assertClose;

public final class StepCheck {
    private StepCheck() {
    }

    /** Parameters and optimizer state after a step: the next step starts from them. */
    public record After(float[] params, float[] state) {
    }

    /**
     * Runs one step on a random batch and random learning parameters drawn from {@code rng}, starting from
     * {@code params} and {@code state} (which the backend must hold), and asserts every member's results match
     * Reference.step; {@code label} names the step in failures.
     */
    public static After step(Backend backend, StepPlan plan, int P, float[] params, float[] state, LabeledData train,
                             SplittableRandom rng, String label) {
        int n = plan.paramsPerNet();
        int L = plan.layerCount();
        UpdateRule rule = plan.rule();
        int[] batch = Plans.batch(rng, plan.batch(), train.count());
        float[] hyper = Plans.hyper(rng, plan, P);
        float[] loss = new float[P];
        float[] stats = new float[P * L * plan.statCount()];
        backend.step(batch, hyper, loss, stats);
        float[] newParams = new float[P * n];
        float[] newState = new float[state.length];
        backend.readParams(newParams);
        backend.readState(newState);
        for (int p = 0; p < P; p++) {
            Reference.StepResult ref = Reference.step(plan, Reference.member(params, p, n),
                    Reference.memberState(state, rule.stateBuffers(), P, p, n), train, batch,
                    Reference.member(hyper, p, L * rule.k()));
            String where = label + " p=" + p;
            assertClose(where + " loss", ref.loss(), loss[p], ATOL, RTOL);
            assertClose(where + " stats", ref.stats(), Reference.member(stats, p, L * plan.statCount()), ATOL, RTOL_SUM);
            assertClose(where + " params", ref.params(), Reference.member(newParams, p, n), ATOL, RTOL);
            assertClose(where + " state", ref.state(), Reference.memberState(newState, rule.stateBuffers(), P, p, n),
                    ATOL, RTOL_SUM);
        }
        return new After(newParams, newState);
    }

    /**
     * {@code count} chained steps (each from the backend's own state after the last), each checked by
     * {@link #step}; returns the parameters and state after the last. {@code label} names the steps.
     */
    public static After steps(Backend backend, StepPlan plan, int P, float[] params, float[] state, LabeledData train,
                              SplittableRandom rng, int count, String label) {
        After after = new After(params, state);
        for (int s = 0; s < count; s++) {
            after = step(backend, plan, P, after.params(), after.state(), train, rng, label + "step " + s);
        }
        return after;
    }

    /**
     * Evaluates {@code test} on the backend and checks every member's hits (within {@code hitsSlack}: a near-tie
     * may flip on a device) and summed loss against the reference at {@code params}.
     */
    public static void evaluation(Backend backend, StepPlan plan, int P, float[] params, LabeledData test,
                                  int hitsSlack, String label) {
        int n = plan.paramsPerNet();
        int[] correct = new int[P];
        double[] testLoss = new double[P];
        backend.evaluate(Split.TEST, correct, testLoss);
        for (int p = 0; p < P; p++) {
            org.junit.jupiter.api.Assertions.assertEquals(Reference.correct(plan, Reference.member(params, p, n), test),
                    correct[p], hitsSlack, label + "test hits of network " + p);
            assertClose(label + "summed test loss of network " + p,
                    Reference.summedLoss(plan, Reference.member(params, p, n), test), testLoss[p], ATOL, RTOL_SUM);
        }
    }
}
