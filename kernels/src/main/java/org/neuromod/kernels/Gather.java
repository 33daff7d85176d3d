// Minibatch gather: copies the rows named by the step's batch indices out of the device-resident data set.
package org.neuromod.kernels;

public final class Gather {
    private Gather() {
    }

    /** x (B, width), y (B): batch row b copied from data (N, width) and labels (N) at idx[b]. Shared by all P networks. */
    public static void row(float[] x, int[] y, float[] data, int[] labels, int[] idx, int b, int width) {
        rowAt(x, y, data, labels, idx, 0, b, width);
    }

    /** The same with the step's indices at idx[from .. from + B) (an epoch's whole batch order on the device). */
    public static void rowAt(float[] x, int[] y, float[] data, int[] labels, int[] idx, int from, int b, int width) {
        int row = idx[from + b];
        y[b] = labels[row];
        for (int k = 0; k < width; k++) {
            x[b * width + k] = data[row * width + k];
        }
    }
}
