// The host memory a population's training needs, computed in long before anything is allocated, so a run that
// cannot fit is refused with one line naming the buffer, its size, the limit and a population that does fit,
// instead of an int overflow or an OutOfMemoryError half-way through preparing.
package org.neuromod.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The buffers a backend and the trainer hold for P networks of one plan: parameters, gradients, optimizer
 * state, the trainer's host copies of parameters and state, activations and their gradients, the evaluation
 * activations, the transposed weights of the input-gradient products and the per-row losses. Both backends
 * allocate (at most) these; the figures are an upper bound of what they hold on the host.
 */
public record Footprint(long population, List<Buffer> buffers) {

    /** Rows evaluated at once per network by every backend. */
    public static final int EVAL_BATCH = 512;

    /** Java arrays hold at most this many elements. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE;

    /** One array: its name, its element count and the bytes of one element. */
    public record Buffer(String name, long elements, int elementBytes) {
        public long bytes() {
            return elements * elementBytes;
        }
    }

    public Footprint {
        buffers = List.copyOf(buffers);
    }

    /** The buffers of {@code population} networks trained with {@code plan}; no size can overflow. */
    public static Footprint of(StepPlan plan, long population) {
        long P = population;
        long ppn = plan.paramsPerNet();
        long B = plan.batch();
        List<Buffer> buffers = new ArrayList<>();
        buffers.add(new Buffer("params", P * ppn, Float.BYTES));
        buffers.add(new Buffer("grads", P * ppn, Float.BYTES));
        buffers.add(new Buffer("optimizer state", plan.rule().stateBuffers() * P * ppn, Float.BYTES));
        buffers.add(new Buffer("host copy of params", P * ppn, Float.BYTES));
        buffers.add(new Buffer("host copy of optimizer state", plan.rule().stateBuffers() * P * ppn, Float.BYTES));
        for (int l = 0; l < plan.layerCount(); l++) {
            LayerPlan layer = plan.layers().get(l);
            buffers.add(new Buffer("activations of layer " + l, 2 * P * B * layer.cOut(), Float.BYTES));
            buffers.add(new Buffer("evaluation activations of layer " + l, P * EVAL_BATCH * layer.cOut(),
                    Float.BYTES));
            if (l > 0) {
                buffers.add(new Buffer("transposed weights of layer " + l, P * layer.cIn() * layer.cOut(),
                        Float.BYTES));
            }
        }
        buffers.add(new Buffer("row losses", 2 * P * (B + EVAL_BATCH), Float.BYTES));
        return new Footprint(P, buffers);
    }

    public long bytes() {
        long sum = 0;
        for (Buffer buffer : buffers) {
            sum += buffer.bytes();
        }
        return sum;
    }

    /** The largest buffer by element count. */
    public Buffer largest() {
        Buffer largest = buffers.getFirst();
        for (Buffer buffer : buffers) {
            if (buffer.elements() > largest.elements()) {
                largest = buffer;
            }
        }
        return largest;
    }

    /** The most networks of {@code plan} that fit both the array limit and {@code availableBytes} (0: none). */
    public static long largestPopulation(StepPlan plan, long availableBytes) {
        Footprint one = of(plan, 1);
        long perMember = one.bytes(); // every buffer grows linearly with P from zero
        long fit = Math.max(0, availableBytes / perMember);
        for (Buffer buffer : one.buffers()) {
            fit = Math.min(fit, MAX_ELEMENTS / buffer.elements());
        }
        return fit;
    }

    /**
     * Refuses, as a {@link UserException}, a population whose largest buffer exceeds the array limit or whose
     * buffers exceed {@code availableBytes}; the message names the buffer or total, the limit and the largest
     * population that fits.
     */
    public static void check(StepPlan plan, int population, long availableBytes) {
        Footprint footprint = of(plan, population);
        Buffer largest = footprint.largest();
        if (largest.elements() > MAX_ELEMENTS) {
            throw new UserException(String.format(Locale.ROOT,
                    "a population of %d %s networks needs a '%s' buffer of %,d elements (%s), over the %,d "
                            + "elements a Java array can hold; %s", population, shape(plan), largest.name(),
                    largest.elements(), size(largest.bytes()), MAX_ELEMENTS, advice(plan, availableBytes)));
        }
        if (footprint.bytes() > availableBytes) {
            throw new UserException(String.format(Locale.ROOT,
                    "a population of %d %s networks needs %s of buffers (largest '%s', %s), over the %s this JVM "
                            + "can still use (its limit, -Xmx, less what is in use); %s", population, shape(plan),
                    size(footprint.bytes()), largest.name(), size(largest.bytes()), size(availableBytes),
                    advice(plan, availableBytes)));
        }
    }

    /** The end of a refusal: the largest population that fits, or what to change when none does. */
    private static String advice(StepPlan plan, long availableBytes) {
        long fit = largestPopulation(plan, availableBytes);
        return fit >= 1 ? "a population of at most " + fit + " fits"
                : "not even one network fits: use smaller --hidden layers or give the JVM more memory "
                + "(NEUROMOD_JAVA_OPTS=-Xmx...)";
    }

    /** What this JVM may still allocate: its maximum heap less what is in use now. */
    public static long availableHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    private static String shape(StepPlan plan) {
        StringBuilder shape = new StringBuilder().append(plan.inputWidth());
        for (LayerPlan layer : plan.layers()) {
            shape.append('-').append(layer.cOut());
        }
        return shape.toString();
    }

    /** Bytes in words: 1.5 GiB, 312.0 MiB. */
    static String size(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s (%,d bytes)", value, units[unit], bytes);
    }
}
