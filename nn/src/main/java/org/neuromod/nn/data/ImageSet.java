// One split of an image-classification data set, held in the flat layout the training step gathers from.
package org.neuromod.nn.data;

import java.util.Arrays;

/** Images as floats in [0,1] (pixel/255), row-major (count, rows*cols); labels in [0, classes). */
public record ImageSet(float[] images, int[] labels, int count, int rows, int cols, int classes) {

    public ImageSet {
        if (count < 0 || rows < 0 || cols < 0 || classes < 1) {
            throw new IllegalArgumentException("bad shape: count " + count + ", " + rows + "x" + cols
                    + ", classes " + classes);
        }
        if (images.length != (long) count * rows * cols || labels.length != count) {
            throw new IllegalArgumentException("arrays do not match the shape: " + images.length + " pixels and "
                    + labels.length + " labels for " + count + " images of " + rows + "x" + cols);
        }
    }

    public int width() {
        return rows * cols;
    }

    /** A copy of samples [from, to). */
    public ImageSet slice(int from, int to) {
        if (from < 0 || to < from || to > count) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + count + " samples");
        }
        return new ImageSet(Arrays.copyOfRange(images, from * width(), to * width()), // (to-from, rows*cols)
                Arrays.copyOfRange(labels, from, to), to - from, rows, cols, classes);
    }
}
