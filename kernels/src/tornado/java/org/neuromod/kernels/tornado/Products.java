// The dense products of a step (forward, input gradient, weight gradient of every layer) as TornadoVM tasks, in
// one of two kinds: plain @Parallel loops, or KernelContext kernels tiled through local memory (with the 2D grid
// and TILE x TILE work-groups they need). Which kind runs is chosen per product when a plan is prepared:
//   neuromod.tornado.products (system property) or NEUROMOD_TORNADO_PRODUCTS (environment) = plain | tiled | auto
// auto (the default) measures both kinds of each product at its shape on the device (TornadoVM's profiler,
// device kernel time, best of a few runs after one that compiles) and keeps the faster; measurements are kept
// per device and shape for the life of the JVM, so a population re-prepared at the same shape is not measured
// again. A population above MEASURED_POPULATION is measured at that many networks (its grid already fills a
// device; measuring 512 networks' products on a CPU OpenCL device would take minutes). The choices are reported
// through Backend.choices().
package org.neuromod.kernels.tornado;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.neuromod.kernels.LayerPlan;
import org.neuromod.kernels.Product;
import org.neuromod.kernels.UserException;

import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.WorkerGrid2D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.ProfilerMode;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;

final class Products {
    static final String PROPERTY = "neuromod.tornado.products";
    static final String ENVIRONMENT = "NEUROMOD_TORNADO_PRODUCTS";
    /** Timed runs per kind of a product in auto mode (after one that compiles and warms up). */
    private static final int RUNS = 3;
    /** Networks the products are measured at, at most. */
    static final int MEASURED_POPULATION = 64;

    /** One measured decision: the kind chosen and the device kernel times (ns) it was chosen from. */
    private record Measured(boolean tiled, long plainNanos, long tiledNanos) {
        String describe() {
            return (tiled ? "tiled" : "plain") + String.format(Locale.ROOT, " (measured: plain %.1f us, tiled %.1f us)",
                    plainNanos / 1e3, tiledNanos / 1e3);
        }
    }

    /** What a measurement depends on: the device, the product's kind and its shape. */
    private record Shape(String deviceId, Product.Kind kind, int P, int B, int cIn, int cOut, boolean sharedInput) {
    }

    private static final Map<Shape, Measured> MEASURED = new ConcurrentHashMap<>();

    private final String mode;
    private final TornadoDevice device;
    private final String deviceId;
    private final Map<Product, String> choices = new LinkedHashMap<>();
    private final Map<Product, Boolean> tiled = new LinkedHashMap<>();

    /** Reads the configured mode; refuses an unknown one naming the setting. */
    Products(TornadoDevice device, String deviceId) {
        this.device = device;
        this.deviceId = deviceId;
        String property = System.getProperty(PROPERTY);
        String value = property != null ? property : System.getenv(ENVIRONMENT);
        mode = value == null || value.isBlank() ? "auto" : value.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("plain") && !mode.equals("tiled")) {
            throw new UserException((property != null ? PROPERTY : ENVIRONMENT) + "=" + value
                    + ": expected plain, tiled or auto");
        }
    }

    /** The choices made so far, by product name ("forward0", "inputGrad1", "weightGrad0", ...). */
    Map<String, String> choices() {
        Map<String, String> named = new LinkedHashMap<>();
        choices.forEach((product, choice) -> named.put(product.toString(), choice));
        return java.util.Collections.unmodifiableMap(named);
    }

    /**
     * Decides the kind of {@code product} (at its layer's shape, P networks of batch B): by configuration, or by
     * measuring both kinds on the device.
     */
    void decide(Product product, LayerPlan layer, int ppn, int P, int B) {
        if (!mode.equals("auto")) {
            tiled.put(product, mode.equals("tiled"));
            choices.put(product, mode + " (set by " + PROPERTY + ")");
            return;
        }
        Shape shape = new Shape(deviceId, product.kind(), Math.min(P, MEASURED_POPULATION), B, layer.cIn(),
                layer.cOut(), product.sharedInput());
        Measured measured = MEASURED.computeIfAbsent(shape, k -> measure(k, layer, ppn));
        tiled.put(product, measured.tiled());
        choices.put(product, measured.describe());
    }

    /** Whether {@code product} runs tiled; refuses one that was never decided. */
    private boolean tiled(Product product) {
        Boolean isTiled = tiled.get(product);
        if (isTiled == null) {
            throw new IllegalStateException("product " + product + " was added to a task graph before its kind was "
                    + "decided (decided: " + tiled.keySet() + ")");
        }
        return isTiled;
    }

    /**
     * Adds forward {@code product} of the kind decided to graph, as a task of the product's name after
     * {@code prefix} (a graph holding several steps names each step's tasks apart).
     */
    void forward(TaskGraph graph, GridScheduler grids, String prefix, Product product, float[] y, float[] x,
                 int[] rows, float[] params, int xNetStride, int ppn, LayerPlan layer, int P, int B) {
        forward(graph, grids, tiled(product), prefix + product, y, x, rows, params, xNetStride, ppn, layer, P, B);
    }

    void inputGrad(TaskGraph graph, GridScheduler grids, String prefix, Product product, float[] dX, float[] dZ,
                   float[] params, int ppn, LayerPlan layer, int P, int B) {
        inputGrad(graph, grids, tiled(product), prefix + product, dX, dZ, params, ppn, layer, P, B);
    }

    void weightGrad(TaskGraph graph, GridScheduler grids, String prefix, Product product, float[] grads, float[] x,
                    float[] dZ, int xNetStride, int ppn, LayerPlan layer, int P, int B) {
        weightGrad(graph, grids, tiled(product), prefix + product, grads, x, dZ, xNetStride, ppn, layer, P, B);
    }

    private static void forward(TaskGraph graph, GridScheduler grids, boolean tiled, String task, float[] y,
                                float[] x, int[] rows, float[] params, int xNetStride, int ppn, LayerPlan layer, int P,
                                int B) {
        if (tiled) {
            graph.task(task, TornadoKernels::denseForwardTiled, new KernelContext(), y, x, rows, params, xNetStride,
                    ppn, layer.weight().offset(), layer.bias().offset(), P, B, layer.cIn(), layer.cOut(),
                    layer.activation().code());
            grids.addWorkerGrid(graph.getTaskGraphName() + "." + task, grid(layer.cOut(), P * roundUp(B)));
        } else {
            graph.task(task, TornadoKernels::denseForward, y, x, rows, params, xNetStride, ppn, layer.weight().offset(),
                    layer.bias().offset(), P, B, layer.cIn(), layer.cOut(), layer.activation().code());
        }
    }

    private static void inputGrad(TaskGraph graph, GridScheduler grids, boolean tiled, String task, float[] dX,
                                  float[] dZ, float[] params, int ppn, LayerPlan layer, int P, int B) {
        if (tiled) {
            graph.task(task, TornadoKernels::inputGradTiled, new KernelContext(), dX, dZ, params, ppn,
                    layer.weight().offset(), P, B, layer.cIn(), layer.cOut());
            grids.addWorkerGrid(graph.getTaskGraphName() + "." + task, grid(layer.cIn(), P * roundUp(B)));
        } else {
            graph.task(task, TornadoKernels::inputGrad, dX, dZ, params, ppn, layer.weight().offset(), P, B,
                    layer.cIn(), layer.cOut());
        }
    }

    private static void weightGrad(TaskGraph graph, GridScheduler grids, boolean tiled, String task, float[] grads,
                                   float[] x, float[] dZ, int xNetStride, int ppn, LayerPlan layer, int P, int B) {
        if (tiled) {
            graph.task(task, TornadoKernels::weightGradTiled, new KernelContext(), grads, x, dZ, xNetStride, ppn,
                    layer.weight().offset(), P, B, layer.cIn(), layer.cOut());
            grids.addWorkerGrid(graph.getTaskGraphName() + "." + task, grid(layer.cOut(), P * roundUp(layer.cIn())));
        } else {
            graph.task(task, TornadoKernels::weightGrad, grads, x, dZ, xNetStride, ppn, layer.weight().offset(), P, B,
                    layer.cIn(), layer.cOut());
        }
    }

    private static int roundUp(int n) {
        return (n + TornadoKernels.TILE - 1) / TornadoKernels.TILE * TornadoKernels.TILE;
    }

    /** A 2D grid of x by y work-items (x rounded up to TILE; y already a multiple) in TILE x TILE work-groups. */
    private static WorkerGrid grid(int x, int y) {
        WorkerGrid grid = new WorkerGrid2D(roundUp(x), y);
        grid.setLocalWork(TornadoKernels.TILE, TornadoKernels.TILE, 1);
        return grid;
    }

    /** Both kinds of one product on scratch buffers of its shape (zeros: the work is the same whatever the values). */
    private Measured measure(Shape shape, LayerPlan layer, int ppn) {
        Product.Kind kind = shape.kind();
        int P = shape.P();
        int B = shape.B();
        boolean sharedInput = shape.sharedInput();
        int xNetStride = sharedInput ? 0 : B * layer.cIn();
        float[] x = new float[(sharedInput ? 1 : P) * B * layer.cIn()];
        float[] z = new float[P * B * layer.cOut()];
        float[] weights = new float[P * ppn];
        int[] rows = {0, Integer.MAX_VALUE};
        long[] nanos = new long[2];
        for (int variant = 0; variant < 2; variant++) {
            boolean isTiled = variant == 1;
            TaskGraph graph = new TaskGraph("probe" + kind.ordinal() + variant);
            GridScheduler grids = new GridScheduler();
            switch (kind) {
                case FORWARD -> {
                    graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, x, rows, weights, z);
                    forward(graph, grids, isTiled, "product", z, x, rows, weights, xNetStride, ppn, layer, P, B);
                }
                case INPUT_GRADIENT -> {
                    graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, x, z, weights);
                    inputGrad(graph, grids, isTiled, "product", x, z, weights, ppn, layer, P, B);
                }
                case WEIGHT_GRADIENT -> {
                    graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, x, z, weights);
                    weightGrad(graph, grids, isTiled, "product", weights, x, z, xNetStride, ppn, layer, P, B);
                }
            }
            try (TornadoExecutionPlan plan = new TornadoExecutionPlan(graph.snapshot())) {
                plan.withDevice(device).withProfiler(ProfilerMode.SILENT);
                if (isTiled) {
                    plan.withGridScheduler(grids);
                }
                plan.execute();
                long best = Long.MAX_VALUE;
                for (int run = 0; run < RUNS; run++) {
                    best = Math.min(best, plan.execute().getProfilerResult().getDeviceKernelTime());
                }
                nanos[variant] = best;
            } catch (TornadoExecutionPlanException e) {
                throw new IllegalStateException("closing TornadoVM's measuring plan failed", e);
            } catch (RuntimeException e) {
                throw new IllegalStateException("TornadoVM failed to run the " + (isTiled ? "tiled" : "plain") + " "
                        + kind + " product on " + deviceId + " while measuring it (it does not fall back to the host): "
                        + e.getMessage(), e);
            }
        }
        return new Measured(nanos[1] < nanos[0], nanos[0], nanos[1]);
    }
}
