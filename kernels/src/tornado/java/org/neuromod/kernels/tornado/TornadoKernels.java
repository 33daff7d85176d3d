// The training step's kernels in the shape a device wants: one @Parallel loop over the contiguous output index
// (so neighbouring work-items touch neighbouring memory), or, for the segmented reductions, a KernelContext
// kernel with local memory. The three dense products (forward, input gradient, weight gradient) come twice: as
// plain @Parallel loops and as KernelContext kernels tiled through local memory (TILE x TILE work-groups, each
// loading one tile of either operand per pass, so a value read from global memory serves TILE work-items);
// TornadoBackend picks one per product by measurement or configuration. Both sum in the same order (k, then b),
// the tiled ones adding zeros for the padding of partial tiles. They call the shared kernel bodies of
// package kernels wherever one output element is one work-item (the plain products' and bias gradient's sums in
// Dense, gather rows, softmax cross-entropy rows and their mean, activation functions and derivatives, update
// rules through UpdateRules.delta, the statistics' finish). The tiled products and the statistics' raw sums
// (a work-group's tree over local memory) are shaped by the device's work-groups, so they have no shared body;
// TornadoBackendTest holds them to the double-precision reference. TornadoVM compiles these static
// methods to OpenCL or PTX; called directly they give the sequential answer. Names avoid OpenCL built-ins.
// Sums are written as a * b + c (TornadoVM has no Math.fma; device compilers contract it into one where they
// can), so results agree with the JVM backend within rounding, not bit for bit.
package org.neuromod.kernels.tornado;

import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Dense;
import org.neuromod.kernels.Gather;
import org.neuromod.kernels.SoftmaxCrossEntropy;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.modulation.ModulationKernels;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.annotations.Parallel;

public final class TornadoKernels {
    /** Side of the square work-groups (and local-memory tiles) of the tiled products. */
    public static final int TILE = 16;

    private TornadoKernels() {
    }

    /** Does nothing: the task a transfer-only graph needs. */
    public static void touchBuffers(float[] a, float[] b) {
    }

    /** Does nothing: the task that lets a graph hand on the modulation's buffers (TornadoBackend). */
    public static void touchModulation(float[] genes, int[] shape, int[] dims, float[] mapping, float[] bounds,
                                       float[] state, float[] memory, float[] obs, float[] produced, float[] applied,
                                       int[] diverged, float[] loss, float[] stats, double[] lossSums, long[] clock) {
    }

    /** Does nothing: the task that lets a graph hand on a modulated run's epoch order (TornadoBackend). */
    public static void touchOrder(int[] order) {
    }

    /**
     * x (B, width), y (B) gathered for the step at clock[STEP] from data (N, width), labels (N): order (N + 1) is
     * the epoch's batch order and, last, the run's step at which the epoch began, so this step's indices start at
     * (clock[STEP] - order[N]) B.
     */
    public static void gatherAtStep(float[] x, int[] y, float[] data, int[] labels, int[] order, long[] clock, int B,
                                    int width) {
        for (@Parallel int b = 0; b < B; b++) {
            int from = (int) (clock[ModulationKernels.STEP] - order[order.length - 1]) * B;
            Gather.rowAt(x, y, data, labels, order, from, b, width);
        }
    }

    /** x (B, width), y (B) gathered from data (N, width), labels (N) at idx (B). */
    public static void gatherBatch(float[] x, int[] y, float[] data, int[] labels, int[] idx, int B, int width) {
        for (@Parallel int b = 0; b < B; b++) {
            Gather.row(x, y, data, labels, idx, b, width);
        }
    }

    /**
     * y (P, B, cOut) = act(x · W + b), x (P, B, cIn) at xNetStride per network (0: shared (B, cIn)) starting at
     * row rows[0] (clamped to rows[1] - 1, so a padded evaluation batch stays in bounds).
     */
    public static void denseForward(float[] y, float[] x, int[] rows, float[] params, int xNetStride, int ppn,
                                    int wOff, int bOff, int P, int B, int cIn, int cOut, int act) {
        for (@Parallel int t = 0; t < P * B * cOut; t++) {
            int j = t % cOut;
            int pb = t / cOut;
            int p = pb / B;
            int b = pb % B;
            int row = Math.min(rows[0] + b, rows[1] - 1);
            int xi = p * xNetStride + row * cIn;
            float acc = Dense.dot(x, xi, 1, params, p * ppn + wOff + j, cOut, cIn);
            y[t] = Activation.applyNative(act, acc + params[p * ppn + bOff + j]);
        }
    }

    /**
     * denseForward tiled: y (P, B, cOut) = act(x · W + b). Grid (roundUp(cOut, TILE), P * roundUp(B, TILE)),
     * work-groups TILE x TILE: group (gx, gy) computes columns gx*TILE.. of rows (gy % bTiles)*TILE.. of network
     * gy / bTiles, so no group straddles two networks. x as in denseForward (xNetStride 0: shared, rows clamped).
     */
    public static void denseForwardTiled(KernelContext context, float[] y, float[] x, int[] rows, float[] params,
                                         int xNetStride, int ppn, int wOff, int bOff, int P, int B, int cIn,
                                         int cOut, int act) {
        float[] xTile = context.allocateFloatLocalArray(TILE * TILE);  // (b, k)
        float[] wTile = context.allocateFloatLocalArray(TILE * TILE);  // (k, j)
        int tx = context.localIdx;
        int ty = context.localIdy;
        int bTiles = (B + TILE - 1) / TILE;
        int p = context.groupIdy / bTiles;
        int b = (context.groupIdy % bTiles) * TILE + ty;
        int j = context.groupIdx * TILE + tx;
        int row = Math.min(rows[0] + Math.min(b, B - 1), rows[1] - 1);
        int xi = p * xNetStride + row * cIn;
        int w = p * ppn + wOff;
        float acc = 0f;
        for (int k0 = 0; k0 < cIn; k0 += TILE) {
            float xv = 0f;
            if (b < B && k0 + tx < cIn) {
                xv = x[xi + k0 + tx];
            }
            xTile[ty * TILE + tx] = xv;
            float wv = 0f;
            if (k0 + ty < cIn && j < cOut) {
                wv = params[w + (k0 + ty) * cOut + j];
            }
            wTile[ty * TILE + tx] = wv;
            context.localBarrier();
            for (int kk = 0; kk < TILE; kk++) {
                acc += xTile[ty * TILE + kk] * wTile[kk * TILE + tx];
            }
            context.localBarrier();
        }
        if (b < B && j < cOut) {
            y[(p * B + b) * cOut + j] = Activation.applyNative(act, acc + params[p * ppn + bOff + j]);
        }
    }

    /**
     * inputGrad tiled: dX (P, B, cIn) = dZ (P, B, cOut) · W^T. Grid (roundUp(cIn, TILE), P * roundUp(B, TILE)),
     * work-groups TILE x TILE; the W tile is read along its rows (contiguous j) and stored transposed.
     */
    public static void inputGradTiled(KernelContext context, float[] dX, float[] dZ, float[] params, int ppn,
                                      int wOff, int P, int B, int cIn, int cOut) {
        float[] zTile = context.allocateFloatLocalArray(TILE * TILE);  // (b, j)
        float[] wTile = context.allocateFloatLocalArray(TILE * TILE);  // (j, k)
        int tx = context.localIdx;
        int ty = context.localIdy;
        int bTiles = (B + TILE - 1) / TILE;
        int p = context.groupIdy / bTiles;
        int b = (context.groupIdy % bTiles) * TILE + ty;
        int k0 = context.groupIdx * TILE;
        int k = k0 + tx;
        int w = p * ppn + wOff;
        float acc = 0f;
        for (int j0 = 0; j0 < cOut; j0 += TILE) {
            float zv = 0f;
            if (b < B && j0 + tx < cOut) {
                zv = dZ[(p * B + b) * cOut + j0 + tx];
            }
            zTile[ty * TILE + tx] = zv;
            float wv = 0f;
            if (k0 + ty < cIn && j0 + tx < cOut) {
                wv = params[w + (k0 + ty) * cOut + j0 + tx];
            }
            wTile[tx * TILE + ty] = wv;
            context.localBarrier();
            for (int jj = 0; jj < TILE; jj++) {
                acc += zTile[ty * TILE + jj] * wTile[jj * TILE + tx];
            }
            context.localBarrier();
        }
        if (b < B && k < cIn) {
            dX[(p * B + b) * cIn + k] = acc;
        }
    }

    /**
     * weightGrad tiled: dW (cIn, cOut) of every network into grads at wOff, dW[k, j] = sum_b x[b, k] dZ[b, j].
     * Grid (roundUp(cOut, TILE), P * roundUp(cIn, TILE)), work-groups TILE x TILE; both tiles are read along
     * their rows (contiguous k, contiguous j) as (b, .) and the sum runs over b. x as in weightGrad.
     */
    public static void weightGradTiled(KernelContext context, float[] grads, float[] x, float[] dZ, int xNetStride,
                                       int ppn, int wOff, int P, int B, int cIn, int cOut) {
        float[] xTile = context.allocateFloatLocalArray(TILE * TILE);  // (b, k)
        float[] zTile = context.allocateFloatLocalArray(TILE * TILE);  // (b, j)
        int tx = context.localIdx;
        int ty = context.localIdy;
        int kTiles = (cIn + TILE - 1) / TILE;
        int p = context.groupIdy / kTiles;
        int k0 = (context.groupIdy % kTiles) * TILE;
        int k = k0 + ty;
        int j = context.groupIdx * TILE + tx;
        float acc = 0f;
        for (int b0 = 0; b0 < B; b0 += TILE) {
            float xv = 0f;
            if (b0 + ty < B && k0 + tx < cIn) {
                xv = x[p * xNetStride + (b0 + ty) * cIn + k0 + tx];
            }
            xTile[ty * TILE + tx] = xv;
            float zv = 0f;
            if (b0 + ty < B && j < cOut) {
                zv = dZ[(p * B + b0 + ty) * cOut + j];
            }
            zTile[ty * TILE + tx] = zv;
            context.localBarrier();
            for (int bb = 0; bb < TILE; bb++) {
                acc += xTile[bb * TILE + ty] * zTile[bb * TILE + tx];
            }
            context.localBarrier();
        }
        if (k < cIn && j < cOut) {
            grads[p * ppn + wOff + k * cOut + j] = acc;
        }
    }

    /** Rows r of logits (P, B, C): loss, hit and the gradient of the batch-mean loss (SoftmaxCrossEntropy.row). */
    public static void softmaxLoss(float[] dLogits, float[] rowLoss, int[] rowCorrect, float[] logits, int[] labels,
                                   int P, int B, int C) {
        for (@Parallel int r = 0; r < P * B; r++) {
            SoftmaxCrossEntropy.row(dLogits, rowLoss, rowCorrect, logits, labels, r, B, C);
        }
    }

    /** loss (P) = mean over b of rowLoss (P, B), in row order (SoftmaxCrossEntropy.mean). */
    public static void meanLoss(float[] loss, float[] rowLoss, int P, int B) {
        for (@Parallel int p = 0; p < P; p++) {
            loss[p] = SoftmaxCrossEntropy.mean(rowLoss, p, B);
        }
    }

    /** Evaluation rows: loss and hit of each row r of logits (P, B, C) against labels at rows[0] + r % B. */
    public static void evaluationLoss(float[] rowLoss, int[] rowCorrect, float[] logits, int[] labels, int[] rows,
                                      int P, int B, int C) {
        for (@Parallel int r = 0; r < P * B; r++) {
            int row = Math.min(rows[0] + r % B, rows[1] - 1);
            SoftmaxCrossEntropy.lossRow(rowLoss, rowCorrect, logits, labels[row], r, C);
        }
    }

    /** dZ (n) *= f'(y (n)). */
    public static void activationGrad(float[] dZ, float[] y, int n, int act) {
        for (@Parallel int i = 0; i < n; i++) {
            dZ[i] = dZ[i] * Activation.derivativeFromOutput(act, y[i]);
        }
    }

    /** dW (cIn, cOut) of every network into grads at wOff: dW[k, j] = sum_b x[b, k] dZ[b, j]. */
    public static void weightGrad(float[] grads, float[] x, float[] dZ, int xNetStride, int ppn, int wOff, int P,
                                  int B, int cIn, int cOut) {
        for (@Parallel int t = 0; t < P * cIn * cOut; t++) {
            int j = t % cOut;
            int k = (t / cOut) % cIn;
            int p = t / (cIn * cOut);
            grads[p * ppn + wOff + k * cOut + j] = Dense.dot(x, p * xNetStride + k, cIn, dZ, p * B * cOut + j, cOut, B);
        }
    }

    /** dB (cOut) of every network into grads at bOff: column sums of dZ (P, B, cOut). */
    public static void biasGrad(float[] grads, float[] dZ, int ppn, int bOff, int P, int B, int cOut) {
        for (@Parallel int t = 0; t < P * cOut; t++) {
            int j = t % cOut;
            int p = t / cOut;
            grads[p * ppn + bOff + j] = Dense.columnSum(dZ, p * B * cOut + j, B, cOut);
        }
    }

    /** dX (P, B, cIn) = dZ (P, B, cOut) · W^T. */
    public static void inputGrad(float[] dX, float[] dZ, float[] params, int ppn, int wOff, int P, int B, int cIn,
                                 int cOut) {
        for (@Parallel int t = 0; t < P * B * cIn; t++) {
            int k = t % cIn;
            int pb = t / cIn;
            int p = pb / B;
            dX[t] = Dense.dot(dZ, pb * cOut, 1, params, p * ppn + wOff + k * cOut, 1, cOut);
        }
    }

    /**
     * The statistics' raw sums and the update, segmented by fixed chunks of a (network, layer) segment: one
     * work-group of CHUNK work-items per chunk c, one parameter each. Before the update each work-item takes its
     * parameter's gradient, weight, gradient x previous-update and previous-update terms, then applies the rule's
     * delta (UpdateRules.delta: a rule added to the registry runs here unchanged) and takes the update's square;
     * the group sums the five terms in local memory (a tree over the work-items) and writes them to
     * partial (chunks, RAW_COUNT). Chunk c covers [from[c], to[c]) of segment seg[c] = p * L + l.
     */
    public static void updateChunks(KernelContext context, float[] params, float[] state, float[] partial,
                                    float[] grads, float[] hyper, int[] from, int[] to, int[] seg, int n, int K,
                                    int previous, int rule) {
        int c = context.groupIdx;
        int lane = context.localIdx;
        float[] g2 = context.allocateFloatLocalArray(TornadoBackend.CHUNK);
        float[] w2 = context.allocateFloatLocalArray(TornadoBackend.CHUNK);
        float[] gu = context.allocateFloatLocalArray(TornadoBackend.CHUNK);
        float[] u2 = context.allocateFloatLocalArray(TornadoBackend.CHUNK);
        float[] d2 = context.allocateFloatLocalArray(TornadoBackend.CHUNK);
        int i = from[c] + lane;
        g2[lane] = 0f;
        w2[lane] = 0f;
        gu[lane] = 0f;
        u2[lane] = 0f;
        d2[lane] = 0f;
        if (i < to[c]) {
            float g = grads[i];
            float w = params[i];
            float u = state[previous + i];
            g2[lane] = g * g;
            w2[lane] = w * w;
            gu[lane] = g * u;
            u2[lane] = u * u;
            float d = UpdateRules.delta(rule, w, g, state, i, n, hyper, seg[c] * K);
            params[i] = w + d;
            d2[lane] = d * d;
        }
        for (int stride = TornadoBackend.CHUNK / 2; stride > 0; stride /= 2) {
            context.localBarrier();
            if (lane < stride) {
                g2[lane] += g2[lane + stride];
                w2[lane] += w2[lane + stride];
                gu[lane] += gu[lane + stride];
                u2[lane] += u2[lane + stride];
                d2[lane] += d2[lane + stride];
            }
        }
        if (lane == 0) {
            int at = c * Stats.RAW_COUNT;
            partial[at + Stats.GRAD_SQ] = g2[0];
            partial[at + Stats.WEIGHT_SQ] = w2[0];
            partial[at + Stats.UPDATE_SQ] = d2[0];
            partial[at + Stats.RAW_GRAD_DOT_PREVIOUS] = gu[0];
            partial[at + Stats.RAW_PREVIOUS_SQ] = u2[0];
        }
    }

    /** stats (P*L, S): each segment's chunk sums folded in chunk order (chunks first[s] .. first[s+1]), then finished. */
    public static void foldStats(float[] stats, float[] raw, float[] partial, int[] first, int segments) {
        for (@Parallel int s = 0; s < segments; s++) {
            for (int slot = 0; slot < Stats.RAW_COUNT; slot++) {
                float sum = 0f;
                for (int c = first[s]; c < first[s + 1]; c++) {
                    sum += partial[c * Stats.RAW_COUNT + slot];
                }
                raw[s * Stats.RAW_COUNT + slot] = sum;
            }
            Stats.finishSegment(stats, raw, s);
        }
    }
}
