// A named window into a flat per-network buffer: offset and (rows, cols) shape, row-major.
package org.neuromod.kernels;

/** Elements [offset, offset + rows*cols) of one network's slice of a population buffer, row-major (rows, cols). */
public record View(int offset, int rows, int cols) {
    public View {
        if (offset < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("bad view offset=" + offset + " shape=(" + rows + ", " + cols + ")");
        }
    }

    public int size() {
        return rows * cols;
    }

    public int end() {
        return offset + size();
    }
}
