// Samples and labels as a backend receives them: flat arrays that can be copied to a device once.
package org.neuromod.kernels;

/** x (count, width) row-major features, y (count) class labels. */
public record LabeledData(float[] x, int[] y, int count, int width) {
    public LabeledData {
        if (count < 0 || width <= 0 || x.length < (long) count * width || y.length < count) {
            throw new IllegalArgumentException("data arrays do not hold " + count + " samples of width " + width);
        }
    }
}
