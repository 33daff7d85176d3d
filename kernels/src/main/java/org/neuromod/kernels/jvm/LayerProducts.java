// One matrix product of a dense layer over a population, alone, on its own worker team: what the GEMM benchmark
// times. It runs the very phases JvmBackend runs in a step (DenseProducts), over buffers of seeded values.
package org.neuromod.kernels.jvm;

import java.util.List;
import java.util.SplittableRandom;

import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Product;

public final class LayerProducts implements AutoCloseable {

    private final int P;
    private final int B;
    private final int cIn;
    private final int cOut;
    private final WorkerTeam team;
    private final List<WorkerTeam.Phase> phases;
    private final float[] out;
    private final float[][] inputs;

    /**
     * {@code population} members, each with its own weights; {@code sharedInput}: one input x for all of them (a
     * first layer), else one per member.
     */
    public LayerProducts(Product.Kind kind, int population, int batch, int cIn, int cOut, boolean sharedInput, int threads) {
        if (population < 1 || batch < 1 || cIn < 1 || cOut < 1) {
            throw new IllegalArgumentException("population, batch and widths must be >= 1");
        }
        this.P = population;
        this.B = batch;
        this.cIn = cIn;
        this.cOut = cOut;
        SplittableRandom rng = new SplittableRandom(7);
        int ppn = cIn * cOut + cOut;
        float[] params = values(rng, P * ppn);
        float[] x = values(rng, (sharedInput ? 1 : P) * B * cIn);
        float[] dz = values(rng, P * B * cOut);
        int xStride = sharedInput ? 0 : B * cIn;
        this.team = new WorkerTeam(threads);
        this.phases = switch (kind) {
            case FORWARD -> {
                out = Gemm.padded(P * B * cOut);
                DenseProducts.Forward forward = new DenseProducts.Forward(P, cIn, cOut, Activation.RELU.code(), params, ppn, 0, cIn * cOut,
                        out, B);
                forward.input(x, 0, xStride);
                yield List.of(forward);
            }
            case WEIGHT_GRADIENT -> {
                out = Gemm.padded(P * ppn);
                yield List.of(DenseProducts.weightGradients(P, B, cIn, cOut, true, out, ppn, 0, -1, x, xStride, dz,
                        params, 0, null));
            }
            case INPUT_GRADIENT -> {
                out = Gemm.padded(P * B * cIn);
                float[] transposed = Gemm.padded(P * cOut * cIn);
                // The transpose runs on the calling thread: in a step it rides in the weight gradient's phase, so
                // a phase of its own here would charge the product a hand-off the step does not pay.
                WorkerTeam.Phase transpose = DenseProducts.weightGradients(P, B, cIn, cOut, false, null, ppn, 0, -1,
                        x, xStride, dz, params, 0, transposed);
                yield List.of(WorkerTeam.Phase.of(1, (from, to, w) -> transpose.run(0, transpose.tasks(), w)),
                        DenseProducts.inputGradients(P, B, cIn, cOut, out, dz, transposed));
            }
        };
        this.inputs = new float[][] {params, x, dz};
    }

    private static float[] values(SplittableRandom rng, int n) {
        float[] v = Gemm.padded(n);
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rng.nextDouble() - 0.5);
        }
        return v;
    }

    /** Runs the product once for every member. */
    public void run() {
        for (WorkerTeam.Phase phase : phases) {
            team.run(phase);
        }
    }

    /** Floating-point operations of one run: 2 M N K per member (bias, activation and transpose not counted). */
    public double flops() {
        return 2.0 * P * B * cIn * cOut;
    }

    /** The register tile and vector width the products run with, e.g. "4x4 register tiles, 512-bit vectors". */
    public static String tile() {
        return Gemm.tileName() + " register tiles, " + Gemm.F.vectorBitSize() + "-bit vectors";
    }

    /** The result buffer (forward: (P, B, cOut); weight gradient: (P, cIn*cOut + cOut), weights first; input gradient: (P, B, cIn)). */
    float[] output() {
        return out;
    }

    /** The inputs: {params (P, cIn*cOut + cOut), x ((1 or P), B, cIn), dZ (P, B, cOut)}. */
    float[][] inputs() {
        return inputs;
    }

    @Override
    public void close() {
        team.close();
    }
}
