// The plain kernel bodies (the definitions a TornadoVM backend wraps) against the double-precision reference.
package org.neuromod.kernels;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.neuromod.kernels.Close.ATOL;
import static org.neuromod.kernels.Close.RTOL;
import static org.neuromod.kernels.Close.assertClose;

class KernelBodiesTest {
    private static final int P = 3;
    private static final int B = 5;
    private static final int C_IN = 7;
    private static final int C_OUT = 6;
    // one network's slice: some padding, then W (cIn, cOut), then b (cOut)
    private static final int W_OFF = 3;
    private static final int B_OFF = W_OFF + C_IN * C_OUT;
    private static final int PPN = B_OFF + C_OUT + 2;

    private final SplittableRandom rng = new SplittableRandom(42);

    @ParameterizedTest
    @EnumSource(Activation.class)
    void denseForwardMatchesReferenceWithSharedAndPerNetworkInput(Activation act) {
        float[] params = Plans.uniform(rng, P * PPN, 0.7);
        float[] shared = Plans.uniform(rng, B * C_IN, 1);
        float[] perNet = Plans.uniform(rng, P * B * C_IN, 1);
        for (boolean isShared : new boolean[] {true, false}) {
            float[] x = isShared ? shared : perNet;
            float[] y = new float[P * B * C_OUT];
            Dense.forward(y, x, isShared ? 0 : B * C_IN, params, PPN, W_OFF, B_OFF, P, B, C_IN, C_OUT, act.code());
            for (int p = 0; p < P; p++) {
                float[] xp = isShared ? shared : Reference.member(perNet, p, B * C_IN);
                double[] expected = Reference.denseForward(Reference.toDouble(xp),
                        Reference.toDouble(Reference.member(params, p, PPN)), W_OFF, B_OFF, B, C_IN, C_OUT, act);
                assertClose("forward " + act + " p=" + p + " shared=" + isShared, expected,
                        Reference.member(y, p, B * C_OUT), ATOL, RTOL);
            }
        }
    }

    @Test
    void denseBackwardMatchesReference() {
        float[] params = Plans.uniform(rng, P * PPN, 0.7);
        float[] x = Plans.uniform(rng, P * B * C_IN, 1);
        float[] dZ = Plans.uniform(rng, P * B * C_OUT, 1);
        float[] dX = new float[P * B * C_IN];
        float[] grads = new float[P * PPN];
        Dense.backwardInput(dX, dZ, params, PPN, W_OFF, P, B, C_IN, C_OUT);
        Dense.backwardWeight(grads, x, B * C_IN, dZ, PPN, W_OFF, P, B, C_IN, C_OUT);
        Dense.backwardBias(grads, dZ, PPN, B_OFF, P, B, C_OUT);
        for (int p = 0; p < P; p++) {
            double[] xp = Reference.toDouble(Reference.member(x, p, B * C_IN));
            double[] dZp = Reference.toDouble(Reference.member(dZ, p, B * C_OUT));
            double[] wp = Reference.toDouble(Reference.member(params, p, PPN));
            assertClose("dX p=" + p, Reference.denseBackwardInput(dZp, wp, W_OFF, B, C_IN, C_OUT),
                    Reference.member(dX, p, B * C_IN), ATOL, RTOL);
            float[] gp = Reference.member(grads, p, PPN);
            assertClose("dW p=" + p, Reference.denseBackwardWeight(xp, dZp, B, C_IN, C_OUT),
                    java.util.Arrays.copyOfRange(gp, W_OFF, B_OFF), ATOL, RTOL);
            assertClose("dB p=" + p, Reference.denseBackwardBias(dZp, B, C_OUT),
                    java.util.Arrays.copyOfRange(gp, B_OFF, B_OFF + C_OUT), ATOL, RTOL);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationBackwardMatchesReference(Activation act) {
        float[] z = Plans.uniform(rng, 40, 3);
        float[] y = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            y[i] = Activation.apply(act.code(), z[i]);
            assertClose(act + " apply", Reference.activate(act, z[i]), y[i], ATOL, RTOL);
        }
        float[] dY = Plans.uniform(rng, z.length, 1);
        float[] dZ = dY.clone();
        Activation.backward(dZ, y, dZ.length, act.code());
        assertClose(act + " backward", Reference.activationBackward(Reference.toDouble(dY), Reference.toDouble(y), act),
                dZ, ATOL, RTOL);
    }

    @Test
    void softmaxCrossEntropyMatchesReferenceAndSurvivesLargeLogits() {
        int classes = 4;
        float[] logits = Plans.uniform(rng, P * B * classes, 4);
        logits[0] = 1000f; // exp(1000) overflows float; the max shift must keep this finite
        logits[5] = -1000f;
        int[] labels = {0, 1, 2, 3, 1};
        float[] dLogits = new float[logits.length];
        float[] rowLoss = new float[P * B];
        int[] rowCorrect = new int[P * B];
        float[] loss = new float[P];
        SoftmaxCrossEntropy.forwardBackward(dLogits, rowLoss, rowCorrect, logits, labels, P, B, classes);
        SoftmaxCrossEntropy.meanLoss(loss, rowLoss, P, B);
        for (int p = 0; p < P; p++) {
            double[] expectedD = new double[B * classes];
            int[] correct = new int[1];
            double expectedLoss = Reference.softmaxCrossEntropy(expectedD, correct,
                    Reference.toDouble(Reference.member(logits, p, B * classes)), labels, B, classes);
            assertClose("loss p=" + p, expectedLoss, loss[p], ATOL, RTOL);
            assertClose("dLogits p=" + p, expectedD, Reference.member(dLogits, p, B * classes), ATOL, RTOL);
            int hits = 0;
            for (int b = 0; b < B; b++) {
                hits += rowCorrect[p * B + b];
            }
            assertEquals(correct[0], hits, "correct count p=" + p);
        }
    }

    @Test
    void gatherCopiesTheIndexedRows() {
        LabeledData data = Plans.data(rng, 20, 3, 10);
        int[] idx = {19, 0, 7, 7};
        float[] x = new float[idx.length * 3];
        int[] y = new int[idx.length];
        Gather.batch(x, y, data.x(), data.y(), idx, idx.length, 3);
        for (int b = 0; b < idx.length; b++) {
            assertEquals(data.y()[idx[b]], y[b]);
            for (int k = 0; k < 3; k++) {
                assertEquals(data.x()[idx[b] * 3 + k], x[b * 3 + k]);
            }
        }
    }

    @Test
    void layerStatsAndUpdatesMatchThePerNetworkReference() {
        for (UpdateRule rule : UpdateRules.all()) {
            StepPlan plan = Plans.mlp(4, Activation.TANH, rule, 5, 4, 3);
            int n = P * plan.paramsPerNet();
            int L = plan.layerCount();
            float[] params = Plans.uniform(rng, n, 1);
            float[] grads = Plans.uniform(rng, n, 1);
            float[] state = Plans.state(rng, rule, n, 1);
            float[] hyper = Plans.hyper(rng, plan, P);
            float[] raw = new float[P * L * Stats.RAW_COUNT];
            float[] stats = new float[P * L * Stats.COUNT];
            float[] newParams = params.clone();
            float[] newState = state.clone();
            LayerStats.compute(raw, params, grads, state, rule.previousUpdate(), plan.layerStarts(), P, L,
                    plan.paramsPerNet());
            Updates.apply(newParams, newState, raw, grads, hyper, plan.layerStarts(), P, L, rule.k(),
                    plan.paramsPerNet(), rule.id());
            Stats.finish(stats, raw, P * L);
            int previous = rule.previousUpdate() * n;
            for (int p = 0; p < P; p++) {
                for (int l = 0; l < L; l++) {
                    LayerPlan layer = plan.layers().get(l);
                    double g2 = 0;
                    double w2 = 0;
                    double u2 = 0;
                    double gu = 0;
                    double p2 = 0;
                    for (int i = p * plan.paramsPerNet() + layer.start(); i < p * plan.paramsPerNet() + layer.end(); i++) {
                        g2 += (double) grads[i] * grads[i];
                        w2 += (double) params[i] * params[i];
                        u2 += Math.pow((double) newParams[i] - params[i], 2);
                        gu += (double) grads[i] * state[previous + i];
                        p2 += (double) state[previous + i] * state[previous + i];
                    }
                    int s = (p * L + l) * Stats.COUNT;
                    String where = rule.name() + " p=" + p + " l=" + l;
                    assertClose(where + " gradSq", g2, stats[s + Stats.GRAD_SQ], ATOL, RTOL);
                    assertClose(where + " weightSq", w2, stats[s + Stats.WEIGHT_SQ], ATOL, RTOL);
                    assertClose(where + " updateSq", u2, stats[s + Stats.UPDATE_SQ], ATOL, 1e-3);
                    assertClose(where + " gradUpdateCos", gu / Math.sqrt(g2 * p2), stats[s + Stats.GRAD_UPDATE_COS],
                            ATOL, 1e-3);
                }
                // the per-network reference view of the same update
                float[] memberState = Reference.memberState(state, rule.stateBuffers(), P, p, plan.paramsPerNet());
                float[] memberParams = Reference.member(params, p, plan.paramsPerNet());
                float[] memberGrads = Reference.member(grads, p, plan.paramsPerNet());
                float[] memberHyper = Reference.member(hyper, p, L * rule.k());
                for (int l = 0; l < L; l++) {
                    LayerPlan layer = plan.layers().get(l);
                    for (int i = layer.start(); i < layer.end(); i++) {
                        memberParams[i] += UpdateRules.delta(rule.id(), memberParams[i], memberGrads[i], memberState,
                                i, plan.paramsPerNet(), memberHyper, l * rule.k());
                    }
                }
                assertClose(rule.name() + " params p=" + p, memberParams,
                        Reference.member(newParams, p, plan.paramsPerNet()), 0, 0);
                assertClose(rule.name() + " state p=" + p, memberState,
                        Reference.memberState(newState, rule.stateBuffers(), P, p, plan.paramsPerNet()), 0, 0);
            }
        }
    }

    @Test
    void zeroClearsTheBuffer() {
        float[] buffer = Plans.uniform(rng, 17, 1);
        Updates.zero(buffer, buffer.length);
        assertClose("zeroed", new double[17], buffer, 0, 0);
    }
}
