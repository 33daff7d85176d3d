// The matrix products of a dense layer over a population, as phases of a worker team: the forward product with
// its bias and activation, the weight gradient (with the bias sums and the transposes the input gradient needs)
// and the input gradient. JvmBackend runs them inside its step; LayerProducts runs each alone for benchmarks, so
// what a benchmark times is exactly what a step runs.
//
// Tasks are numbered member-major (all tiles of network 0, then network 1, ...) and, inside a member, column tile
// by column tile with the row blocks innermost: the threads claim neighbouring tasks, so at any time they share
// one member's weights and one column panel of B, which stays in cache across its row blocks, whatever the
// population. The population never has to fit the cache as one block.
package org.neuromod.kernels.jvm;

final class DenseProducts {
    /** Rows of W per transpose task. */
    static final int TRANSPOSE_ROWS = 16;

    private DenseProducts() {
    }

    /**
     * output (P, rows, cOut) = act(input · W + b) for every member: W (cIn, cOut) at params[p*ppn + wOff], b at
     * params[p*ppn + bOff]. The input and row count can change between runs (evaluation batches).
     */
    static final class Forward implements WorkerTeam.Phase {
        private final int P;
        private final int cIn;
        private final int cOut;
        private final int act;
        private final float[] params;
        private final int ppn;
        private final int wOff;
        private final int bOff;
        private final float[] output;
        private float[] input;
        private int inputOff;
        private int inputNetStride;
        int rows;

        Forward(int P, int cIn, int cOut, int act, float[] params, int ppn, int wOff, int bOff, float[] output,
                int rows) {
            this.P = P;
            this.cIn = cIn;
            this.cOut = cOut;
            this.act = act;
            this.params = params;
            this.ppn = ppn;
            this.wOff = wOff;
            this.bOff = bOff;
            this.output = output;
            this.rows = rows;
        }

        /** Member p's input rows start at input[offset + p*netStride] (netStride 0: one input shared by all). */
        void input(float[] input, int offset, int netStride) {
            this.input = input;
            this.inputOff = offset;
            this.inputNetStride = netStride;
        }

        @Override
        public int tasks() {
            return P * Gemm.tiles(rows, cOut);
        }

        @Override
        public long flops() {
            return 2L * P * rows * cIn * cOut;
        }

        @Override
        public void run(int from, int to, int worker) {
            int perNet = Gemm.tiles(rows, cOut);
            for (int t = from; t < to; t++) {
                int p = t / perNet;
                Gemm.tile(output, p * rows * cOut, input, inputOff + p * inputNetStride, cIn, 1,
                        params, p * ppn + wOff, params, p * ppn + bOff, act, rows, cOut, cIn, t % perNet);
            }
        }
    }

    /**
     * The first backward phase of a layer: dW (cIn, cOut) = x^T · dZ into grads[p*ppn + gwOff] (when {@code weights}),
     * the bias gradient's column sums of dZ into grads[p*ppn + gbOff] (when gbOff >= 0), and W^T (cOut, cIn) into
     * transposed[p*cOut*cIn] for the input gradient (when {@code transposed} is non-null). x: member p's (B, cIn) at
     * input[p*inputNetStride]; dZ: (B, cOut) at dz[p*B*cOut]; W at params[p*ppn + wOff].
     */
    static WorkerTeam.Phase weightGradients(int P, int B, int cIn, int cOut, boolean weights, float[] grads, int ppn,
                                            int gwOff, int gbOff, float[] input, int inputNetStride, float[] dz,
                                            float[] params, int wOff, float[] transposed) {
        int perNet = weights ? Gemm.tiles(cIn, cOut) : 0;
        int weightTiles = P * perNet;
        int biasTasks = gbOff >= 0 ? P : 0;
        // The transpose in strips of TRANSPOSE_ROWS rows of W: one task per network would leave one thread
        // copying a big layer alone.
        int strips = transposed != null ? (cIn + TRANSPOSE_ROWS - 1) / TRANSPOSE_ROWS : 0;
        long flops = (weights ? 2L * P * B * cIn * cOut : 0) + (gbOff >= 0 ? (long) P * B * cOut : 0)
                + (transposed != null ? (long) P * cIn * cOut : 0); // a copied element counted as one
        return WorkerTeam.Phase.of(weightTiles + biasTasks + P * strips, flops, (from, to, w) -> {
            for (int t = from; t < to; t++) {
                if (t < weightTiles) {
                    int p = t / perNet;
                    // A(m, k) = x[k*cIn + m]: x^T by strides
                    Gemm.tile(grads, p * ppn + gwOff, input, p * inputNetStride, 1, cIn, dz, p * B * cOut,
                            null, 0, 0, cIn, cOut, B, t % perNet);
                } else if (t < weightTiles + biasTasks) {
                    int p = t - weightTiles;
                    Gemm.columnSums(grads, p * ppn + gbOff, dz, p * B * cOut, B, cOut);
                } else {
                    int p = (t - weightTiles - biasTasks) / strips;
                    int k0 = (t - weightTiles - biasTasks) % strips * TRANSPOSE_ROWS;
                    Gemm.transposeRows(transposed, p * cOut * cIn, params, p * ppn + wOff, cIn, cOut, k0,
                            Math.min(cIn, k0 + TRANSPOSE_ROWS));
                }
            }
        });
    }

    /** dX (B, cIn) = dZ (B, cOut) · W^T into dx[p*B*cIn], with W^T (cOut, cIn) at transposed[p*cOut*cIn]. */
    static WorkerTeam.Phase inputGradients(int P, int B, int cIn, int cOut, float[] dx, float[] dz, float[] transposed) {
        int perNet = Gemm.tiles(B, cIn);
        return WorkerTeam.Phase.of(P * perNet, 2L * P * B * cIn * cOut, (from, to, w) -> {
            for (int t = from; t < to; t++) {
                int p = t / perNet;
                Gemm.tile(dx, p * B * cIn, dz, p * B * cOut, cOut, 1, transposed, p * cOut * cIn,
                        null, 0, 0, B, cIn, cOut, t % perNet);
            }
        });
    }
}
