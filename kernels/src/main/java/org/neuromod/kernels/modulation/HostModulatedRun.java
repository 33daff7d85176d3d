// The modulation on the host, between a backend's steps: ModulationBuffers' host forms around Backend.step. The
// JVM backend runs its modulated steps this way, and so does any backend without its own; the training loop runs
// a modulator without kernel bodies (a schedule, a mixed population) this way too, with its own "before".
package org.neuromod.kernels.modulation;

import java.util.function.Consumer;

import org.neuromod.kernels.Backend;

public final class HostModulatedRun implements ModulatedRun {
    /** Where this run's modulation runs, in words. */
    public static final String WHERE = "modulation on the host, between steps";

    private final Backend backend;
    private final ModulationBuffers buffers;
    private final Consumer<ModulationBuffers> before;
    private final int[] batch;
    private int[] order;

    /** The modulation kernels' host forms ({@link ModulationBuffers#before}) before each step. */
    public HostModulatedRun(Backend backend, ModulationBuffers buffers, int batchSize) {
        this(backend, buffers, batchSize, ModulationBuffers::before);
    }

    /** {@code before} fills buffers.applied (and produced, diverged) for the step at buffers.clock. */
    public HostModulatedRun(Backend backend, ModulationBuffers buffers, int batchSize,
                            Consumer<ModulationBuffers> before) {
        this.backend = backend;
        this.buffers = buffers;
        this.before = before;
        this.batch = new int[batchSize];
    }

    @Override
    public String where() {
        return WHERE;
    }

    @Override
    public void epoch(int[] order) {
        this.order = order.clone();
        buffers.clearLossSums();
    }

    @Override
    public void steps(int first, int count) {
        for (int s = first; s < first + count; s++) {
            System.arraycopy(order, s * batch.length, batch, 0, batch.length);
            before.accept(buffers);
            backend.step(batch, buffers.applied, buffers.loss, buffers.stats);
            buffers.after();
        }
    }

    @Override
    public void read(ModulationBuffers into) {
        if (into != buffers) {
            ModulationBuffers.copy(buffers, into);
        }
    }
}
