// The JVM backend's tuned forms of the dense layer's sums (register-blocked matrix products with the Vector API,
// bias sums, transposes) and the vector helpers of the other ops (activation backward, sums of squares). They are
// the fast versions of the kernel-safe bodies in Dense and Activation, kept for speed.
//
// Every output element of a product is accumulated in one vector lane, with fused multiply-adds over the
// reduction index in increasing order from zero. Tiling only decides which lane of which register holds an
// element, never the order of its sum, so results are bitwise identical whatever the thread count, the tile a
// worker picks, or the population the network trains in. The products fuse each multiply-add (Dense.dot writes
// acc + a * b), so they agree with Dense within rounding and are checked against the double-precision reference
// (GemmTest); the bias sums (columnSums) and the activation backward make the same additions and products in the
// same order as Dense.columnSum and Activation.derivativeFromOutput, and GemmTest holds them to the same bits.
package org.neuromod.kernels.jvm;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import com.sun.management.HotSpotDiagnosticMXBean;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.neuromod.kernels.Activation;

final class Gemm {
    /**
     * The vector species of every kernel: the machine's preferred one, or the width forced by the system property
     * {@value #BITS_PROPERTY} (128, 256 or 512) for tests and comparisons; results do not depend on it.
     */
    static final String BITS_PROPERTY = "neuromod.vector.bits";
    /** Forces the register tile ("4x4" or "6x2", rows x vectors) instead of the one chosen for the machine. */
    static final String TILE_PROPERTY = "neuromod.gemm.tile";
    static final VectorSpecies<Float> F = species(System.getProperty(BITS_PROPERTY));
    /** Lanes per vector (16 with AVX-512). */
    static final int V = F.length();
    /** Vector registers the JIT can allocate: 32 with AVX-512 (EVEX) or on AArch64, else 16. */
    static final int REGISTERS = vectorRegisters();
    private static final int[] TILE = tile(System.getProperty(TILE_PROPERTY), REGISTERS);
    /** Output rows per tile. */
    static final int MR = TILE[0];
    /** Vectors per full tile's row. */
    static final int NV = TILE[1];
    /** Output columns per full tile. */
    static final int NR = NV * V;

    private Gemm() {
    }

    private static VectorSpecies<Float> species(String bits) {
        if (bits == null || bits.isBlank()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return switch (bits.strip()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalStateException("-D" + BITS_PROPERTY + "=" + bits
                    + ": expected 128, 256 or 512");
        };
    }

    /**
     * The register tile, {rows, vectors}. A tile's accumulators, the vectors of B it multiplies and one broadcast
     * of A must all stay in registers: a single spill in the inner loop halves its speed. With 32 registers, 4 rows
     * x 4 vectors (16 accumulators + 4 + 1 = 21); with 16, 6 rows x 2 vectors (12 + 2 + 1 = 15), which also reads
     * fewer A elements per flop than the other shapes that fit (4x3, 3x4, 8x1).
     */
    static int[] tile(String forced, int registers) {
        if (forced == null || forced.isBlank()) {
            return registers >= 32 ? new int[] {4, 4} : new int[] {6, 2};
        }
        return switch (forced.strip()) {
            case "4x4" -> new int[] {4, 4};
            case "6x2" -> new int[] {6, 2};
            default -> throw new IllegalStateException("-D" + TILE_PROPERTY + "=" + forced + ": expected 4x4 or 6x2");
        };
    }

    /** FIRST[n]: the mask of lanes [0, n), n = 0 .. V. */
    @SuppressWarnings("unchecked")
    private static final VectorMask<Float>[] FIRST = new VectorMask[V + 1];

    static {
        for (int n = 0; n <= V; n++) {
            FIRST[n] = VectorMask.fromLong(F, (1L << n) - 1); // n <= 16
        }
    }

    /**
     * The mask of the first min(n, V) lanes. Made once: F.indexInRange builds a partial mask with an operation
     * this JIT does not intrinsify on every CPU, allocating it at each call, and a tile's tail makes one per row.
     */
    static VectorMask<Float> firstLanes(int n) {
        return FIRST[Math.min(n, V)];
    }

    /**
     * A buffer of n floats that the products read or write (a B operand, a result, a bias), with one vector of slack
     * past its end. The Vector API's masked load or store checks lane by lane, allocating, wherever a whole vector
     * would run past the array, so the last row of the last member would take that slow path at every step; with
     * the slack every masked access stays in bounds and every B load of a column tail can be a plain load.
     */
    static float[] padded(int n) {
        return new float[n + V];
    }

    /** The tile in words, for device descriptions: "4x4" (rows x vectors). */
    static String tileName() {
        return MR + "x" + NV;
    }

    /**
     * Vector registers on this machine as HotSpot uses them: x86 has 32 only when the JIT emits AVX-512 (EVEX)
     * code, which -XX:UseAVX=3 says (AVX-512 hardware run with -XX:UseAVX=2 has 16); AArch64 always has 32.
     */
    private static int vectorRegisters() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("aarch64")) {
            return 32;
        }
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(vm.getVMOption("UseAVX").getValue()) >= 3 ? 32 : 16;
        } catch (RuntimeException | LinkageError e) {
            return 16; // not HotSpot on x86: the smaller tile is safe everywhere
        }
    }

    /**
     * Tiles of an (M, N) output: the full NR-wide column tiles in row blocks of MR rows, then the one-vector column
     * tails (the last one masked) in row blocks of 2 MR rows (see tile1).
     */
    static int tiles(int M, int N) {
        int full = N / NR;
        int tails = (N - full * NR + V - 1) / V;
        return full * ceilDiv(M, MR) + tails * ceilDiv(M, 2 * MR);
    }

    /**
     * Multiplies small private matrices with the register tiles, a full tile and a masked column tail, for at most
     * {@code calls} products or until {@code deadline} (System.nanoTime). Until C2 compiles them, these kernels run
     * unintrinsified, boxing every vector, some fifty times slower; a training step's products then reach C2's
     * thresholds only after most of a first epoch. Small products get there in a fraction of a second, while the
     * data set loads. Nothing shared is touched, and every compiler tier makes the same fused multiply-adds in the
     * same order, so no result changes.
     */
    static void warmUp(int calls, long deadline) {
        // Row blocks of every height the tiles branch on (a full block and a one-row block, of MR and of 2 MR
        // rows), and every other product with the bias and ReLU of a forward pass: a path the profile never saw
        // would send the compiled kernel back to the interpreter when training first takes it.
        int M = 2 * MR + 1;
        int N = NR + 3;
        int K = 8;
        float[] a = new float[M * K];
        float[] b = padded(K * N);
        float[] c = new float[M * N];
        float[] bias = padded(N);
        Arrays.fill(a, 0.5f);
        Arrays.fill(b, 0.25f);
        int tiles = tiles(M, N);
        for (int i = 0; i < calls && System.nanoTime() < deadline; i++) {
            float[] withBias = i % 2 == 0 ? null : bias;
            for (int t = 0; t < tiles; t++) {
                tile(c, 0, a, 0, K, 1, b, 0, withBias, 0, Activation.RELU.code(), M, N, K, t);
            }
        }
    }

    private static int ceilDiv(int n, int d) {
        return (n + d - 1) / d;
    }

    /**
     * Tile t (0 <= t < tiles(M, N); column by column, row blocks innermost) of C (M, N) = A (M, K) · Bm (K, N), stored
     * as act(acc + bias) when {@code bias} is non-null, else as acc. Addressing: A(m, k) = a[aOff + m*aRow + k*aCol]
     * (so a transposed A is just other strides), Bm(k, n) = b[bOff + k*N + n], C(m, n) = c[cOff + m*N + n],
     * bias(n) = bias[biasOff + n]. The buffer of B has a vector of slack past its end ({@link #padded}).
     */
    static void tile(float[] c, int cOff, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff,
                     float[] bias, int biasOff, int act, int M, int N, int K, int t) {
        int full = N / NR;
        int blocks = ceilDiv(M, MR);
        int m0;
        int rows;
        int n0;
        int cols;
        if (t < full * blocks) {
            m0 = t % blocks * MR;
            rows = Math.min(MR, M - m0);
            n0 = t / blocks * NR;
            cols = NR;
            if (NV == 4) {
                tile4x4(c, cOff + m0 * N + n0, a, aOff + m0 * aRow, aRow, aCol, b, bOff + n0, rows, N, K);
            } else {
                tile6x2(c, cOff + m0 * N + n0, a, aOff + m0 * aRow, aRow, aCol, b, bOff + n0, rows, N, K);
            }
        } else {
            int tail = t - full * blocks;
            int tailBlocks = ceilDiv(M, 2 * MR);
            m0 = tail % tailBlocks * 2 * MR;
            rows = Math.min(2 * MR, M - m0);
            n0 = full * NR + tail / tailBlocks * V;
            cols = Math.min(V, N - n0);
            tile1(c, cOff + m0 * N + n0, a, aOff + m0 * aRow, aRow, aCol, b, bOff + n0, rows, N, K, firstLanes(cols));
        }
        if (bias != null) {
            // The epilogue re-reads the tile from L1 rather than taking the accumulators as arguments: vectors
            // passed to a method C2 does not inline are boxed on the heap, and these kernels are too big to
            // inline everything into.
            biasActivate(c, cOff + m0 * N + n0, rows, N, cols, bias, biasOff + n0, act);
        }
    }

    // Rows past M (rows < MR) re-read row 0 of the tile, which is valid memory; their results are not stored.
    private static void tile4x4(float[] c, int ci, float[] a, int ai, int aRow, int aCol, float[] b, int bi,
                                int rows, int N, int K) {
        int r1 = rows > 1 ? aRow : 0;
        int r2 = rows > 2 ? 2 * aRow : 0;
        int r3 = rows > 3 ? 3 * aRow : 0;
        // Accumulators start from FloatVector.zero, not a static constant: C2 keeps a loop-carried vector in a
        // register only when every input of its phi is a vector it created (a constant box forces allocation).
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F), c03 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F), c13 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F), c23 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F), c32 = FloatVector.zero(F), c33 = FloatVector.zero(F);
        for (int k = 0; k < K; k++) {
            int bk = bi + k * N;
            int ak = ai + k * aCol;
            FloatVector b0 = FloatVector.fromArray(F, b, bk);
            FloatVector b1 = FloatVector.fromArray(F, b, bk + V);
            FloatVector b2 = FloatVector.fromArray(F, b, bk + 2 * V);
            FloatVector b3 = FloatVector.fromArray(F, b, bk + 3 * V);
            FloatVector x = FloatVector.broadcast(F, a[ak]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(F, a[ak + r1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(F, a[ak + r2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(F, a[ak + r3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + V);
        c02.intoArray(c, ci + 2 * V);
        c03.intoArray(c, ci + 3 * V);
        if (rows > 1) {
            c10.intoArray(c, ci + N);
            c11.intoArray(c, ci + N + V);
            c12.intoArray(c, ci + N + 2 * V);
            c13.intoArray(c, ci + N + 3 * V);
        }
        if (rows > 2) {
            c20.intoArray(c, ci + 2 * N);
            c21.intoArray(c, ci + 2 * N + V);
            c22.intoArray(c, ci + 2 * N + 2 * V);
            c23.intoArray(c, ci + 2 * N + 3 * V);
        }
        if (rows > 3) {
            c30.intoArray(c, ci + 3 * N);
            c31.intoArray(c, ci + 3 * N + V);
            c32.intoArray(c, ci + 3 * N + 2 * V);
            c33.intoArray(c, ci + 3 * N + 3 * V);
        }
    }

    // The 16-register tile. One k step per iteration: unrolling by hand makes C2 spill.
    private static void tile6x2(float[] c, int ci, float[] a, int ai, int aRow, int aCol, float[] b, int bi,
                                int rows, int N, int K) {
        int r1 = rows > 1 ? aRow : 0;
        int r2 = rows > 2 ? 2 * aRow : 0;
        int r3 = rows > 3 ? 3 * aRow : 0;
        int r4 = rows > 4 ? 4 * aRow : 0;
        int r5 = rows > 5 ? 5 * aRow : 0;
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        for (int k = 0; k < K; k++) {
            int bk = bi + k * N;
            int ak = ai + k * aCol;
            FloatVector b0 = FloatVector.fromArray(F, b, bk);
            FloatVector b1 = FloatVector.fromArray(F, b, bk + V);
            FloatVector x = FloatVector.broadcast(F, a[ak]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, a[ak + r1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, a[ak + r2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, a[ak + r3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, a[ak + r4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, a[ak + r5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + V);
        if (rows > 1) {
            c10.intoArray(c, ci + N);
            c11.intoArray(c, ci + N + V);
        }
        if (rows > 2) {
            c20.intoArray(c, ci + 2 * N);
            c21.intoArray(c, ci + 2 * N + V);
        }
        if (rows > 3) {
            c30.intoArray(c, ci + 3 * N);
            c31.intoArray(c, ci + 3 * N + V);
        }
        if (rows > 4) {
            c40.intoArray(c, ci + 4 * N);
            c41.intoArray(c, ci + 4 * N + V);
        }
        if (rows > 5) {
            c50.intoArray(c, ci + 5 * N);
            c51.intoArray(c, ci + 5 * N + V);
        }
    }

    /**
     * A one-vector column tile (a column tail) of up to 2 MR rows: a tail tile has one vector of B per step, so twice
     * the rows keep as many independent multiply-adds in flight as a full tile (2 MR accumulators + B + a broadcast:
     * 10 of 32 registers, or 14 of 16). Rows 8 to 11 exist only when MR is 6, a constant C2 folds. B is read with
     * plain loads (its buffer has a vector of slack, see {@link #padded}): the lanes past the tile's columns hold
     * neighbouring elements, computed and never stored.
     */
    private static void tile1(float[] c, int ci, float[] a, int ai, int aRow, int aCol, float[] b, int bi,
                              int rows, int N, int K, VectorMask<Float> m) {
        int r1 = rows > 1 ? aRow : 0;
        int r2 = rows > 2 ? 2 * aRow : 0;
        int r3 = rows > 3 ? 3 * aRow : 0;
        int r4 = rows > 4 ? 4 * aRow : 0;
        int r5 = rows > 5 ? 5 * aRow : 0;
        int r6 = rows > 6 ? 6 * aRow : 0;
        int r7 = rows > 7 ? 7 * aRow : 0;
        int r8 = rows > 8 ? 8 * aRow : 0;
        int r9 = rows > 9 ? 9 * aRow : 0;
        int r10 = rows > 10 ? 10 * aRow : 0;
        int r11 = rows > 11 ? 11 * aRow : 0;
        FloatVector c0 = FloatVector.zero(F), c1 = FloatVector.zero(F), c2 = FloatVector.zero(F);
        FloatVector c3 = FloatVector.zero(F), c4 = FloatVector.zero(F), c5 = FloatVector.zero(F);
        FloatVector c6 = FloatVector.zero(F), c7 = FloatVector.zero(F), c8 = FloatVector.zero(F);
        FloatVector c9 = FloatVector.zero(F), c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        for (int k = 0; k < K; k++) {
            int ak = ai + k * aCol;
            FloatVector b0 = FloatVector.fromArray(F, b, bi + k * N);
            c0 = FloatVector.broadcast(F, a[ak]).fma(b0, c0);
            c1 = FloatVector.broadcast(F, a[ak + r1]).fma(b0, c1);
            c2 = FloatVector.broadcast(F, a[ak + r2]).fma(b0, c2);
            c3 = FloatVector.broadcast(F, a[ak + r3]).fma(b0, c3);
            c4 = FloatVector.broadcast(F, a[ak + r4]).fma(b0, c4);
            c5 = FloatVector.broadcast(F, a[ak + r5]).fma(b0, c5);
            c6 = FloatVector.broadcast(F, a[ak + r6]).fma(b0, c6);
            c7 = FloatVector.broadcast(F, a[ak + r7]).fma(b0, c7);
            if (MR > 4) {
                c8 = FloatVector.broadcast(F, a[ak + r8]).fma(b0, c8);
                c9 = FloatVector.broadcast(F, a[ak + r9]).fma(b0, c9);
                c10 = FloatVector.broadcast(F, a[ak + r10]).fma(b0, c10);
                c11 = FloatVector.broadcast(F, a[ak + r11]).fma(b0, c11);
            }
        }
        c0.intoArray(c, ci, m);
        if (rows > 1) {
            c1.intoArray(c, ci + N, m);
        }
        if (rows > 2) {
            c2.intoArray(c, ci + 2 * N, m);
        }
        if (rows > 3) {
            c3.intoArray(c, ci + 3 * N, m);
        }
        if (rows > 4) {
            c4.intoArray(c, ci + 4 * N, m);
        }
        if (rows > 5) {
            c5.intoArray(c, ci + 5 * N, m);
        }
        if (rows > 6) {
            c6.intoArray(c, ci + 6 * N, m);
        }
        if (rows > 7) {
            c7.intoArray(c, ci + 7 * N, m);
        }
        if (rows > 8) {
            c8.intoArray(c, ci + 8 * N, m);
        }
        if (rows > 9) {
            c9.intoArray(c, ci + 9 * N, m);
        }
        if (rows > 10) {
            c10.intoArray(c, ci + 10 * N, m);
        }
        if (rows > 11) {
            c11.intoArray(c, ci + 11 * N, m);
        }
    }

    /**
     * c[ci + r*N + j] = Activation.apply(c[..] + bias[bi + j]) for rows r < rows and columns j < cols, lane-wise. One
     * small method per activation: a vector merging several branches' results would be boxed by C2, and one method
     * holding all four loops is too big for C1 to compile at its profiling tier (it runs unintrinsified, boxing
     * every vector, until C2 takes it, which may be never).
     */
    static void biasActivate(float[] c, int ci, int rows, int N, int cols, float[] bias, int bi, int act) {
        if (act == Activation.RELU.code()) {
            biasRelu(c, ci, rows, N, cols, bias, bi);
        } else if (act == Activation.TANH.code()) {
            biasTanh(c, ci, rows, N, cols, bias, bi);
        } else if (act == Activation.SIGMOID.code()) {
            biasSigmoid(c, ci, rows, N, cols, bias, bi);
        } else {
            biasOnly(c, ci, rows, N, cols, bias, bi);
        }
    }

    private static void biasRelu(float[] c, int ci, int rows, int N, int cols, float[] bias, int bi) {
        for (int j = 0; j < cols; j += V) {
            VectorMask<Float> m = firstLanes(cols - j);
            FloatVector b = FloatVector.fromArray(F, bias, bi + j, m);
            for (int r = 0; r < rows; r++) {
                int at = ci + r * N + j;
                FloatVector.fromArray(F, c, at, m).add(b).max(0f).intoArray(c, at, m);
            }
        }
    }

    private static void biasTanh(float[] c, int ci, int rows, int N, int cols, float[] bias, int bi) {
        for (int j = 0; j < cols; j += V) {
            VectorMask<Float> m = firstLanes(cols - j);
            FloatVector b = FloatVector.fromArray(F, bias, bi + j, m);
            for (int r = 0; r < rows; r++) {
                int at = ci + r * N + j;
                VectorMath.tanh(FloatVector.fromArray(F, c, at, m).add(b)).intoArray(c, at, m);
            }
        }
    }

    private static void biasSigmoid(float[] c, int ci, int rows, int N, int cols, float[] bias, int bi) {
        for (int j = 0; j < cols; j += V) {
            VectorMask<Float> m = firstLanes(cols - j);
            FloatVector b = FloatVector.fromArray(F, bias, bi + j, m);
            for (int r = 0; r < rows; r++) {
                int at = ci + r * N + j;
                VectorMath.sigmoid(FloatVector.fromArray(F, c, at, m).add(b)).intoArray(c, at, m);
            }
        }
    }

    private static void biasOnly(float[] c, int ci, int rows, int N, int cols, float[] bias, int bi) {
        for (int j = 0; j < cols; j += V) {
            VectorMask<Float> m = firstLanes(cols - j);
            FloatVector b = FloatVector.fromArray(F, bias, bi + j, m);
            for (int r = 0; r < rows; r++) {
                int at = ci + r * N + j;
                FloatVector.fromArray(F, c, at, m).add(b).intoArray(c, at, m);
            }
        }
    }

    /**
     * dZ (n) *= f'(y (n)) over [from, to): the activation backward on a range, vectorised with the same operations as
     * Activation.derivativeFromOutput, so both give identical bits. One loop per activation (see biasActivate).
     */
    static void activationBackward(float[] dZ, float[] y, int from, int to, int act) {
        int i = from;
        int end = from + (to - from) / V * V;
        if (act == Activation.RELU.code()) {
            for (; i < end; i += V) {
                FloatVector d = FloatVector.fromArray(F, dZ, i);
                FloatVector one = FloatVector.broadcast(F, 1f);
                FloatVector gate = FloatVector.zero(F).blend(one, FloatVector.fromArray(F, y, i).compare(VectorOperators.GT, 0f));
                d.mul(gate).intoArray(dZ, i);
            }
        } else if (act == Activation.TANH.code()) {
            for (; i < end; i += V) {
                FloatVector yv = FloatVector.fromArray(F, y, i);
                FloatVector d = FloatVector.fromArray(F, dZ, i);
                d.mul(FloatVector.broadcast(F, 1f).sub(yv.mul(yv))).intoArray(dZ, i);
            }
        } else if (act == Activation.SIGMOID.code()) {
            for (; i < end; i += V) {
                FloatVector yv = FloatVector.fromArray(F, y, i);
                FloatVector d = FloatVector.fromArray(F, dZ, i);
                d.mul(yv.mul(FloatVector.broadcast(F, 1f).sub(yv))).intoArray(dZ, i);
            }
        }
        for (; i < to; i++) {
            dZ[i] = dZ[i] * Activation.derivativeFromOutput(act, y[i]);
        }
    }

    /**
     * out (N) = column sums of a (rows, N) starting at aOff, each summed over rows in increasing order
     * (Dense.columnSum's order).
     */
    static void columnSums(float[] out, int outOff, float[] a, int aOff, int rows, int N) {
        for (int n0 = 0; n0 < N; n0 += V) {
            VectorMask<Float> m = firstLanes(N - n0);
            FloatVector acc = FloatVector.zero(F);
            for (int r = 0; r < rows; r++) {
                acc = acc.add(FloatVector.fromArray(F, a, aOff + r * N + n0, m));
            }
            acc.intoArray(out, outOff + n0, m);
        }
    }

    /**
     * Rows [r0, r1) of src (rows, cols) into dst (cols, rows), its transpose. Each column j of the strip is written
     * as one contiguous run of dst, while the strip's rows are read sequentially side by side.
     */
    static void transposeRows(float[] dst, int dOff, float[] src, int sOff, int rows, int cols, int r0, int r1) {
        for (int col = 0; col < cols; col++) {
            int d = dOff + col * rows;
            for (int r = r0; r < r1; r++) {
                dst[d + r] = src[sOff + r * cols + col];
            }
        }
    }
}
