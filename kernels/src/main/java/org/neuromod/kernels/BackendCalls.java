// The argument checks every Backend makes on its calls, in one place, so the backends refuse the same mistakes
// with the same messages: a step's buffers against the plan, batch indices inside the training data, an
// evaluation of a split that was prepared, and parameter or state copies of the held length.
package org.neuromod.kernels;

import java.util.Arrays;
import java.util.Map;

public final class BackendCalls {
    private BackendCalls() {
    }

    /** Refuses step buffers that do not match P networks of {@code plan}, or batch indices outside the data. */
    public static void checkStep(StepPlan plan, int P, int trainCount, int[] batch, float[] hyper, float[] loss,
                                 float[] stats) {
        int L = plan.layerCount();
        int K = plan.rule().k();
        int S = plan.statCount();
        if (batch.length != plan.batch() || hyper.length != P * L * K || loss.length != P
                || stats.length != P * L * S) {
            throw new IllegalArgumentException("step buffers do not match the plan: batch " + batch.length + "/"
                    + plan.batch() + ", hyper " + hyper.length + "/" + P * L * K + ", loss " + loss.length + "/" + P
                    + ", stats " + stats.length + "/" + P * L * S);
        }
        for (int index : batch) {
            if (index < 0 || index >= trainCount) {
                throw new IllegalArgumentException("batch index " + index + " outside 0.." + (trainCount - 1));
            }
        }
    }

    /**
     * The prepared data of {@code split}, after checking that correct and loss hold P entries and zeroing them
     * (the evaluation adds into them).
     */
    public static LabeledData evaluated(Map<Split, LabeledData> data, Split split, int P, int[] correct,
                                        double[] loss) {
        LabeledData set = data.get(split);
        if (set == null) {
            throw new IllegalArgumentException("no " + split + " data was prepared");
        }
        if (correct.length != P || loss.length != P) {
            throw new IllegalArgumentException("correct and loss have " + correct.length + " and " + loss.length
                    + " entries, expected " + P);
        }
        Arrays.fill(correct, 0);
        Arrays.fill(loss, 0);
        return set;
    }

    /** held[0, length) = source, which must hold exactly {@code length} floats. */
    public static void copyIn(float[] source, float[] held, int length, String what) {
        if (source.length != length) {
            throw new IllegalArgumentException(what + " has " + source.length + " floats, expected " + length);
        }
        System.arraycopy(source, 0, held, 0, length);
    }

    /** target = held[0, length), target holding exactly {@code length} floats. */
    public static void copyOut(float[] held, int length, float[] target, String what) {
        if (target.length != length) {
            throw new IllegalArgumentException(what + " needs " + length + " floats, got " + target.length);
        }
        System.arraycopy(held, 0, target, 0, length);
    }
}
