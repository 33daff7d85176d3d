// The memory a population's training needs, on the host and on a device, computed in long before anything is
// allocated, so a run that cannot fit is refused with one line naming the buffer, its size, the limit and a
// population that does fit, instead of an int overflow or an OutOfMemoryError half-way through preparing. One
// list of buffers serves both backends: the host adds its copies, a device adds the resident data sets.
package org.neuromod.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The buffers a backend and the trainer hold for P networks of one plan: parameters, gradients, optimizer
 * state, activations and their gradients, the evaluation activations and the per-row losses; on the host also
 * the trainer's copies of parameters and state and the transposed weights of the input-gradient products, on a
 * device also the data sets. The figures are an upper bound of what a backend allocates.
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

    /** The host buffers of {@code population} networks trained with {@code plan}; no size can overflow. */
    public static Footprint of(StepPlan plan, long population) {
        long P = population;
        long ppn = plan.paramsPerNet();
        List<Buffer> buffers = network(plan, P);
        buffers.add(new Buffer("host copy of params", P * ppn, Float.BYTES));
        buffers.add(new Buffer("host copy of optimizer state", plan.rule().stateBuffers() * P * ppn, Float.BYTES));
        for (int l = 1; l < plan.layerCount(); l++) {
            LayerPlan layer = plan.layers().get(l);
            buffers.add(new Buffer("transposed weights of layer " + l, P * layer.cIn() * layer.cOut(), Float.BYTES));
        }
        return new Footprint(P, buffers);
    }

    /**
     * The buffers a device holds for {@code population} networks of {@code plan}: the networks' buffers, one set
     * of evaluation activations per split, and the data sets themselves (resident, whatever the population).
     */
    public static Footprint onDevice(StepPlan plan, long population, Map<Split, LabeledData> splits) {
        long P = population;
        List<Buffer> buffers = network(plan, P);
        for (Map.Entry<Split, LabeledData> split : splits.entrySet()) {
            LabeledData set = split.getValue();
            String name = split.getKey().name().toLowerCase(Locale.ROOT);
            buffers.add(new Buffer(name + " samples", (long) set.count() * set.width(), Float.BYTES));
            buffers.add(new Buffer(name + " labels", set.count(), Integer.BYTES));
            if (split.getKey() != Split.TRAIN) {  // training's evaluation activations are counted by network()
                for (int l = 0; l < plan.layerCount(); l++) {
                    buffers.add(new Buffer(name + " evaluation activations of layer " + l,
                            P * EVAL_BATCH * plan.layers().get(l).cOut(), Float.BYTES));
                }
            }
        }
        return new Footprint(P, buffers);
    }

    /** What every backend holds for P networks: parameters, gradients, state, activations and losses. */
    private static List<Buffer> network(StepPlan plan, long P) {
        long ppn = plan.paramsPerNet();
        long B = plan.batch();
        List<Buffer> buffers = new ArrayList<>();
        buffers.add(new Buffer("params", P * ppn, Float.BYTES));
        buffers.add(new Buffer("grads", P * ppn, Float.BYTES));
        buffers.add(new Buffer("optimizer state", plan.rule().stateBuffers() * P * ppn, Float.BYTES));
        for (int l = 0; l < plan.layerCount(); l++) {
            LayerPlan layer = plan.layers().get(l);
            buffers.add(new Buffer("activations of layer " + l, 2 * P * B * layer.cOut(), Float.BYTES));
            buffers.add(new Buffer("evaluation activations of layer " + l, P * EVAL_BATCH * layer.cOut(),
                    Float.BYTES));
        }
        buffers.add(new Buffer("row losses", 2 * P * (B + EVAL_BATCH), Float.BYTES));
        return buffers;
    }

    /** These buffers and one more, of {@code bytes} bytes. */
    public Footprint plus(String name, long bytes) {
        List<Buffer> more = new ArrayList<>(buffers);
        more.add(new Buffer(name, bytes, 1));
        return new Footprint(population, more);
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

    /**
     * Where buffers must fit: what it is called in a message ("this JVM can still use ..."), its bytes, and what
     * to change when not even one network fits.
     */
    public record Memory(String description, long bytes, String remedy) {
        /** What this JVM may still allocate: its maximum heap less what is in use now. */
        public static Memory heap() {
            return heap(availableHeap());
        }

        /** A heap of {@code bytes} still available (tests). */
        public static Memory heap(long bytes) {
            return new Memory("this JVM can still use (its limit, -Xmx, less what is in use)", bytes,
                    "give the JVM more memory (NEUROMOD_JAVA_OPTS=-Xmx...)");
        }

        /** A device's global memory. */
        public static Memory device(String name, long bytes) {
            return new Memory("of global memory of " + name, bytes, "use a device with more memory");
        }
    }

    /**
     * A population refused for its size; {@link #fits()} is the largest that fits (0: none). The command line
     * ends the message with the command's own population flag.
     */
    public static final class TooLarge extends UserException {
        private final long fits;

        TooLarge(String message, long fits) {
            super(message);
            this.fits = fits;
        }

        public long fits() {
            return fits;
        }
    }

    /** The most networks of {@code plan} that fit both the array limit and the host's {@code availableBytes}. */
    public static long largestPopulation(StepPlan plan, long availableBytes) {
        return largestPopulation(p -> of(plan, p), availableBytes);
    }

    /**
     * The most networks whose {@code footprints} fit the array limit and {@code availableBytes} (0: none); each
     * buffer is a fixed part plus a part linear in the population, read off the footprints of 1 and 2 networks.
     */
    static long largestPopulation(LongFunction<Footprint> footprints, long availableBytes) {
        Footprint one = footprints.apply(1);
        Footprint two = footprints.apply(2);
        long perMember = two.bytes() - one.bytes();
        long fixed = one.bytes() - perMember;
        long fit = availableBytes < fixed + perMember ? 0 : (availableBytes - fixed) / perMember;
        for (int i = 0; i < one.buffers().size(); i++) {
            long grows = two.buffers().get(i).elements() - one.buffers().get(i).elements();
            long base = one.buffers().get(i).elements() - grows;
            if (base > MAX_ELEMENTS) {
                return 0;
            }
            if (grows > 0) {
                fit = Math.min(fit, (MAX_ELEMENTS - base) / grows);
            }
        }
        return fit;
    }

    /** Refuses, as a {@link TooLarge}, a population of {@code plan} over the host's array or heap limit. */
    public static void check(StepPlan plan, int population, long availableBytes) {
        check(plan, population, p -> of(plan, p), Memory.heap(availableBytes));
    }

    /**
     * Refuses, as a {@link TooLarge}, a population whose largest buffer exceeds the array limit or whose buffers
     * exceed {@code memory}; the message names the buffer or total, the limit and the largest population that fits.
     */
    public static void check(StepPlan plan, int population, LongFunction<Footprint> footprints, Memory memory) {
        Footprint footprint = footprints.apply(population);
        Buffer largest = footprint.largest();
        if (largest.elements() > MAX_ELEMENTS) {
            long fits = largestPopulation(footprints, memory.bytes());
            throw new TooLarge(String.format(Locale.ROOT,
                    "a population of %d %s networks needs a '%s' buffer of %,d elements (%s), over the %,d "
                            + "elements a Java array can hold; %s", population, shape(plan), largest.name(),
                    largest.elements(), size(largest.bytes()), MAX_ELEMENTS, advice(fits, memory)), fits);
        }
        if (footprint.bytes() > memory.bytes()) {
            long fits = largestPopulation(footprints, memory.bytes());
            throw new TooLarge(String.format(Locale.ROOT,
                    "a population of %d %s networks needs %s of buffers (largest '%s', %s), over the %s %s; %s",
                    population, shape(plan), size(footprint.bytes()), largest.name(), size(largest.bytes()),
                    size(memory.bytes()), memory.description(), advice(fits, memory)), fits);
        }
    }

    /** The end of a refusal: the largest population that fits, or what to change when none does. */
    private static String advice(long fits, Memory memory) {
        return fits >= 1 ? "a population of at most " + fits + " fits"
                : "not even one network fits: use smaller --hidden layers or " + memory.remedy();
    }

    /** What this JVM may still allocate, in bytes: its maximum heap less what is in use now. */
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
