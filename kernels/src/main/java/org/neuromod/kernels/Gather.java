// Minibatch gather: copies the rows named by the step's batch indices out of the device-resident data set.
package org.neuromod.kernels;

public final class Gather {
    private Gather() {
    }

    /** x (B, width) = data (N, width) rows at idx (B); y (B) = labels (N) at idx. Shared by all P networks. */
    public static void batch(float[] x, int[] y, float[] data, int[] labels, int[] idx, int B, int width) {
        for (int b = 0; b < B; b++) {
            row(x, y, data, labels, idx, b, width);
        }
    }

    /** The body of {@link #batch} for batch row b. */
    public static void row(float[] x, int[] y, float[] data, int[] labels, int[] idx, int b, int width) {
        int row = idx[b];
        y[b] = labels[row];
        for (int k = 0; k < width; k++) {
            x[b * width + k] = data[row * width + k];
        }
    }
}
