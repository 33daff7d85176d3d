// The TornadoVM backend: the whole training step as one task graph compiled from the Java kernels in
// TornadoKernels to OpenCL (or PTX), with parameters, gradients, optimizer state and the data sets resident on
// the device. Per step only the batch indices and the step input (hyper) go in and only the loss and the
// statistics come out; parameters and state travel only when loaded or read.
//
// One execution plan per prepared (network plan, P, B), holding:
//   load        parameters and optimizer state to the device (re-run to train again on the same plan);
//   train       the plan's ops in order: gather, forward of every layer, loss, backward, statistics and the
//               modulated update (one fused kernel); a benchmark's plan may hold a subset;
//   eval-SPLIT  forward and loss over one split, EVAL_BATCH rows per execution.
// Graphs share the parameter and state buffers through persistOnDevice / consumeFromDevice (TornadoVM's
// shared-buffer API): a graph that consumes without naming a source takes the buffers of the graph executed
// just before it, so every graph carries both buffers and hands them on, whatever order they run in.
// The dense products run plain or tiled, per product, as Products decides when the plan is prepared (by
// measurement, or as configured); evaluation's forward products follow the training step's choice.
package org.neuromod.kernels.tornado;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.neuromod.kernels.Backend;
import org.neuromod.kernels.BackendCalls;
import org.neuromod.kernels.Footprint;
import org.neuromod.kernels.LabeledData;
import org.neuromod.kernels.LayerPlan;
import org.neuromod.kernels.Op;
import org.neuromod.kernels.Product;
import org.neuromod.kernels.Split;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.StepPlan;
import org.neuromod.kernels.modulation.ModulatedRun;
import org.neuromod.kernels.modulation.Modulation;
import org.neuromod.kernels.modulation.ModulationBuffers;
import org.neuromod.kernels.modulation.ModulationKernels;

import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.ProfilerMode;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;

public final class TornadoBackend implements Backend {
    /** Elements per chunk of the per-segment reductions and the update: one work-group, one work-item each. */
    static final int CHUNK = 256;
    /** Steps one graph may hold at most: a step has some 17 tasks, and 8 KB hold fewer than 32 such. */
    static final int MAX_STEPS_PER_GRAPH = 32;
    /** Samples per evaluation execution. */
    static final int EVAL_BATCH = Footprint.EVAL_BATCH;

    private final TornadoDevice device;
    private final String id;
    private final String deviceName;

    private StepPlan plan;
    private int P;
    private int B;
    private int L;
    private int K;
    private int S;
    private TornadoExecutionPlan execution;
    private int loadGraph;
    private int trainGraph;
    private int loadRunGraph;       // with a modulated run: parameters, state and the modulation buffers to the device
    private int epochGraph;         // with a modulated run: an epoch's batch order to the device
    private int modulatedGraph;     // with a modulated run: a step with the modulation before it, nothing copied out
    private int modulatedManyGraph; // with a modulated run: stepsPerExecution such steps in one execution
    private final Map<Split, Integer> evalGraph = new EnumMap<>(Split.class);
    private final List<String> graphNames = new ArrayList<>();
    private final Map<Split, LabeledData> data = new EnumMap<>(Split.class);
    private Products products;
    private Map<String, String> choices = Map.of();
    private final List<TornadoExecutionResult> lastCall = new ArrayList<>();  // the last call's executions
    private int lastCallSteps;            // and the steps they ran
    private TornadoExecutionResult last;  // of the graph run last: it holds the current parameter buffers

    private float[] params;     // (P, ppn)
    private float[] state;      // (stateBuffers, P, ppn)
    private int[] batch;        // (B) this step's indices
    private float[] hyper;      // (P, L, K) this step's input
    private float[] loss;       // (P)
    private float[] stats;      // (P, L, S)
    private int[] evalRows;     // (2) first row of this evaluation batch, rows in the split
    private ModulationBuffers mod;  // the modulation's device buffers, once a modulated run asked for them
    private int[] modOrder;         // (N + 1) a modulated run's epoch order, then the run's step the epoch began at
    private int stepsPerCall = 1;   // steps a modulated run's call may ask for at most
    private int stepsPerExecution = 1;  // steps in one execution of modulatedManyGraph (<= stepsPerCall)
    private int modulationPlans;    // how often the plan was built for a modulated run
    private float[] evalLoss;   // (P, EVAL_BATCH)
    private int[] evalCorrect;  // (P, EVAL_BATCH)

    TornadoBackend(TornadoDevice device, String id, String deviceName) {
        this.device = device;
        this.id = id;
        this.deviceName = deviceName;
    }

    @Override
    public String name() {
        return "tornado";
    }

    @Override
    public String device() {
        return "TornadoVM " + id + " " + deviceName + " (" + device.getDeviceType() + ", "
                + device.getTornadoVMBackend() + ")";
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public void prepare(StepPlan plan, int population, Map<Split, LabeledData> splits) {
        LabeledData train = splits.get(Split.TRAIN);
        if (population < 1 || train == null || train.width() != plan.inputWidth()) {
            throw new IllegalArgumentException("prepare needs P >= 1 and TRAIN data of width " + plan.inputWidth());
        }
        closePlan();
        this.plan = plan;
        P = population;
        B = plan.batch();
        L = plan.layerCount();
        K = plan.rule().k();
        S = plan.statCount();
        checkMemory(plan, splits);
        products = new Products(device, id);
        for (Product product : Product.of(plan)) {
            products.decide(product, plan.layers().get(product.layer()), plan.paramsPerNet(), P, B);
        }
        choices = products.choices();
        data.clear();
        data.putAll(splits);

        int ppn = plan.paramsPerNet();
        params = new float[P * ppn];
        state = new float[plan.rule().stateBuffers() * P * ppn];
        batch = new int[B];
        hyper = new float[P * L * K];
        loss = new float[P];
        stats = new float[P * L * S];
        evalRows = new int[2];
        evalLoss = new float[P * EVAL_BATCH];
        evalCorrect = new int[P * EVAL_BATCH];

        mod = null;
        modulationPlans = 0;
        buildPlan();
    }

    /**
     * The execution plan: its graphs over the buffers allocated by prepare and, once a modulated run asked for
     * them, the modulation's buffers, which every graph then consumes and persists too (a graph takes the shared
     * buffers from the graph run just before it, whichever that is).
     */
    private void buildPlan() {
        closePlan();
        last = null;
        lastCall.clear();
        List<ImmutableTaskGraph> graphs = new ArrayList<>();
        graphNames.clear();
        GridScheduler grids = new GridScheduler();
        LabeledData train = data.get(Split.TRAIN);
        loadGraph = add(graphs, loadGraph());
        trainGraph = add(graphs, trainGraph("train", train, grids, null, 1));
        evalGraph.clear();
        for (Map.Entry<Split, LabeledData> split : data.entrySet()) {
            if (split.getValue().count() > 0) {
                evalGraph.put(split.getKey(), add(graphs, evalGraph(split.getKey(), split.getValue(), grids)));
            }
        }
        if (mod != null) {
            loadRunGraph = add(graphs, loadRunGraph());
            epochGraph = add(graphs, epochGraph());
            modulatedGraph = add(graphs, trainGraph("trainModulated", train, grids, mod, 1));
            addManySteps(graphs, grids, train);
        }
        execution = new TornadoExecutionPlan(graphs.toArray(ImmutableTaskGraph[]::new));
        execution.withDevice(device).withProfiler(ProfilerMode.SILENT);
        if (!grids.keySet().isEmpty()) {  // TornadoVM refuses a scheduler naming no task (a plain-only subset)
            execution.withGridScheduler(grids);
        }
    }

    /**
     * The graph of several modulated steps: stepsPerCall copies of the step, or as many as TornadoVM can hold in
     * one task graph (it keeps a graph's own code in a fixed 8 KB buffer: 8 steps of 784-128-10, 6 of a network
     * with two hidden layers; never more than MAX_STEPS_PER_GRAPH); one step, the single-step graph, when not even
     * two fit.
     */
    private void addManySteps(List<ImmutableTaskGraph> graphs, GridScheduler grids, LabeledData train) {
        modulatedManyGraph = modulatedGraph;
        stepsPerExecution = 1;
        for (int copies = Math.min(stepsPerCall, MAX_STEPS_PER_GRAPH); copies > 1; copies--) {
            GridScheduler own = new GridScheduler();
            TaskGraph many;
            try {
                many = trainGraph("trainModulated" + copies, train, own, mod, copies);
            } catch (java.nio.BufferOverflowException tooMany) {
                continue;
            }
            for (String task : own.keySet()) {
                grids.addWorkerGrid(task, own.get(task));
            }
            modulatedManyGraph = add(graphs, many);
            stepsPerExecution = copies;
            return;
        }
    }

    /** The modulation's buffers, in the order graphs declare them. */
    private Object[] modulationBuffers() {
        return new Object[] {mod.form.genes(), mod.form.shape(), mod.dims, mod.form.mapping(), mod.bounds, mod.state,
                mod.memory, mod.obs, mod.produced, mod.applied, mod.diverged, mod.loss, mod.stats, mod.lossSums,
                mod.clock};
    }

    /**
     * A graph that does not use the modulation's buffers (or the epoch order) still hands them on, once they exist;
     * it consumes them unless it transfers them itself.
     */
    private void carryModulation(TaskGraph graph, boolean consumeBuffers, boolean consumeOrder) {
        if (mod == null) {
            return;
        }
        if (consumeBuffers) {
            graph.consumeFromDevice(modulationBuffers());
        }
        if (consumeOrder) {
            graph.consumeFromDevice(modOrder);
        }
        graph.task("touchModulation", TornadoKernels::touchModulation, mod.form.genes(), mod.form.shape(), mod.dims,
                        mod.form.mapping(), mod.bounds, mod.state, mod.memory, mod.obs, mod.produced, mod.applied,
                        mod.diverged, mod.loss, mod.stats, mod.lossSums, mod.clock)
                .task("touchOrder", TornadoKernels::touchOrder, modOrder)
                .persistOnDevice(modulationBuffers())
                .persistOnDevice(modOrder);
    }

    /**
     * The end of every graph that only moves buffers: parameters and optimizer state touched and handed on to the
     * graph that runs next, and the modulation buffers carried (consumed first where this graph does not bring
     * them).
     */
    private TaskGraph handOn(TaskGraph graph, boolean consumeBuffers, boolean consumeOrder) {
        graph.task("touch", TornadoKernels::touchBuffers, params, state)
                .persistOnDevice(params, state);
        carryModulation(graph, consumeBuffers, consumeOrder);
        return graph;
    }

    /** Parameters and optimizer state to the device, handed on to the graph that runs next. */
    private TaskGraph loadGraph() {
        return handOn(new TaskGraph("load")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, params, state), true, true);
    }

    /**
     * A modulated run's start: parameters, optimizer state and every modulation buffer to the device, and the
     * epoch order's buffer (the first epoch fills it).
     */
    private TaskGraph loadRunGraph() {
        return handOn(new TaskGraph("loadRun")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, params, state)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, modulationBuffers())
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, modOrder), false, false);
    }

    /** A modulated run's new epoch: its batch order (and the step it begins at) to the device, once. */
    private TaskGraph epochGraph() {
        return handOn(new TaskGraph("epoch")
                .consumeFromDevice(params, state)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, modOrder), true, false);
    }

    /**
     * The plan's ops in order over device-resident buffers. Plain (m null): in per step the batch and hyper, out the
     * loss and statistics. Modulated: the modulation kernels before the step make hyper from the last step's loss
     * and statistics, the gather takes the step's indices from the epoch's order on the device at the step counter,
     * and after the step the loss sums, divergence and the step counter move on; {@code copies} steps run in one
     * execution, each copy's tasks named apart ("s0_", "s1_", ...), and nothing goes in or out per step: every
     * result stays on the device until read.
     */
    private TaskGraph trainGraph(String name, LabeledData train, GridScheduler grids, ModulationBuffers m,
                                 int copies) {
        StepBuffers b = m == null ? new StepBuffers(train, batch, hyper, loss, stats)
                : new StepBuffers(train, modOrder, m.applied, m.loss, m.stats);
        // device-only buffers are declared as first-execution transfers (of zeros): TornadoVM wants every
        // parameter declared
        List<Object> resident = new ArrayList<>(List.of(train.x(), train.y(), b.all, b.chunks.from, b.chunks.to,
                b.chunks.seg, b.chunks.first, b.grads, b.x0, b.y0, b.rowLoss, b.rowCorrect, b.partial, b.raw));
        resident.addAll(Arrays.asList(b.act));
        resident.addAll(Arrays.asList(b.dAct));
        TaskGraph step = new TaskGraph(name).consumeFromDevice(params, state);
        if (m == null) {
            resident.addAll(List.of(loss, stats));
            step.transferToDevice(DataTransferMode.FIRST_EXECUTION, resident.toArray())
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, batch, hyper);
            addStep(step, "", grids, b, null);
            step.persistOnDevice(params, state)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, loss, stats);
            carryModulation(step, true, true);
            return step;
        }
        step.consumeFromDevice(modulationBuffers())
                .consumeFromDevice(modOrder)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, resident.toArray());
        for (int c = 0; c < copies; c++) {
            addStep(step, copies == 1 ? "" : "s" + c + "_", grids, b, m);
        }
        return step.persistOnDevice(params, state)
                .persistOnDevice(modulationBuffers())
                .persistOnDevice(modOrder);
    }

    /**
     * One step's tasks, named after {@code prefix}: with a modulated run's buffers m, the modulation before it and
     * the loss sums, divergence and step counter after it.
     */
    private void addStep(TaskGraph step, String prefix, GridScheduler grids, StepBuffers b, ModulationBuffers m) {
        if (m != null) {
            Modulation form = m.form;
            step.task(prefix + "observe", ModulationKernels::observeOnDevice, m.obs, m.memory, m.loss, m.stats, m.dims,
                            m.clock)
                    .task(prefix + "modulate", ModulationKernels::modulateOnDevice, form.kind(), m.produced, m.state,
                            m.obs, form.genes(), form.shape(), m.dims, form.mapping(), m.clock)
                    .task(prefix + "police", ModulationKernels::policeOnDevice, m.rule, m.applied, m.diverged,
                            m.produced, m.bounds, m.dims, m.clock);
        }
        // the plan's ops in order (a benchmark may hold a subset); statistics and update are one fused kernel
        boolean updated = false;
        for (Op op : plan.ops()) {
            switch (op) {
                case Op.Gather g -> {
                    if (m == null) {
                        step.task(prefix + "gather", TornadoKernels::gatherBatch, b.x0, b.y0, b.train.x(),
                                b.train.y(), b.batch, B, plan.inputWidth());
                    } else {
                        step.task(prefix + "gather", TornadoKernels::gatherAtStep, b.x0, b.y0, b.train.x(),
                                b.train.y(), b.batch, m.clock, B, plan.inputWidth());
                    }
                }
                case Op.DenseForward f -> {
                    int l = f.layer();
                    products.forward(step, grids, prefix, new Product(l, Product.Kind.FORWARD), b.act[l],
                            l == 0 ? b.x0 : b.act[l - 1], b.all, params, l == 0 ? 0 : B * plan.layers().get(l).cIn(),
                            plan.paramsPerNet(), plan.layers().get(l), P, B);
                }
                case Op.SoftmaxCrossEntropy c -> {
                    step.task(prefix + "loss", TornadoKernels::softmaxLoss, b.dAct[L - 1], b.rowLoss, b.rowCorrect,
                            b.act[L - 1], b.y0, P, B, plan.classes());
                    step.task(prefix + "meanLoss", TornadoKernels::meanLoss, b.loss, b.rowLoss, P, B);
                }
                case Op.ActivationBackward a -> {
                    LayerPlan layer = plan.layers().get(a.layer());
                    if (layer.activation() != org.neuromod.kernels.Activation.IDENTITY) {
                        step.task(prefix + "activationGrad" + a.layer(), TornadoKernels::activationGrad,
                                b.dAct[a.layer()], b.act[a.layer()], b.dAct[a.layer()].length,
                                layer.activation().code());
                    }
                }
                case Op.DenseBackward d -> addBackward(step, prefix, grids, d, b);
                case Op.LayerStats st -> updated = addUpdate(step, prefix, grids, updated, b);
                case Op.Update u -> updated = addUpdate(step, prefix, grids, updated, b);
            }
        }
        if (!updated) {
            step.task(prefix + "touch", TornadoKernels::touchBuffers, params, state);
        }
        if (m != null) {
            step.task(prefix + "afterStep", ModulationKernels::afterStepOnDevice, m.diverged, m.lossSums, m.loss,
                            m.dims, modOrder, m.clock)
                    .task(prefix + "advance", ModulationKernels::advance, m.clock);
        }
    }

    /** A layer's weight and bias gradients and, if the op asks, the gradient of its input. */
    private void addBackward(TaskGraph step, String prefix, GridScheduler grids, Op.DenseBackward d, StepBuffers b) {
        int l = d.layer();
        LayerPlan layer = plan.layers().get(l);
        int ppn = plan.paramsPerNet();
        float[] input = l == 0 ? b.x0 : b.act[l - 1];
        products.weightGrad(step, grids, prefix, new Product(l, Product.Kind.WEIGHT_GRADIENT), b.grads, input,
                b.dAct[l], l == 0 ? 0 : B * layer.cIn(), ppn, layer, P, B);
        step.task(prefix + "biasGrad" + l, TornadoKernels::biasGrad, b.grads, b.dAct[l], ppn, layer.bias().offset(), P,
                B, layer.cOut());
        if (d.inputGrad()) {
            products.inputGrad(step, grids, prefix, new Product(l, Product.Kind.INPUT_GRADIENT), b.dAct[l - 1],
                    b.dAct[l], params, ppn, layer, P, B);
        }
    }

    /** Forward and loss of EVAL_BATCH rows of one split from row evalRows[0]; out: per-row losses and hits. */
    private TaskGraph evalGraph(Split split, LabeledData set, GridScheduler grids) {
        int[] all = {0, Integer.MAX_VALUE};
        float[][] evalAct = new float[L][];
        for (int l = 0; l < L; l++) {
            evalAct[l] = new float[P * EVAL_BATCH * plan.layers().get(l).cOut()];
        }
        List<Object> evalResident = new ArrayList<>(List.of(set.x(), set.y(), all));
        evalResident.addAll(Arrays.asList(evalAct));
        TaskGraph eval = new TaskGraph("eval" + split.name())
                .consumeFromDevice(params, state)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, evalResident.toArray())
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, evalRows);
        for (int l = 0; l < L; l++) {
            LayerPlan layer = plan.layers().get(l);
            products.forward(eval, grids, "", new Product(l, Product.Kind.FORWARD), evalAct[l],
                    l == 0 ? set.x() : evalAct[l - 1], l == 0 ? evalRows : all, params,
                    l == 0 ? 0 : EVAL_BATCH * layer.cIn(), plan.paramsPerNet(), layer, P, EVAL_BATCH);
        }
        eval.task("loss", TornadoKernels::evaluationLoss, evalLoss, evalCorrect, evalAct[L - 1], set.y(), evalRows,
                P, EVAL_BATCH, plan.classes());
        eval.task("touch", TornadoKernels::touchBuffers, params, state);
        eval.transferToHost(DataTransferMode.EVERY_EXECUTION, evalLoss, evalCorrect);
        eval.persistOnDevice(params, state);
        carryModulation(eval, true, true);
        return eval;
    }

    /**
     * The fused statistics and update (updateChunks, then foldStats) once, whichever of the two ops comes first;
     * returns true.
     */
    private boolean addUpdate(TaskGraph step, String prefix, GridScheduler grids, boolean added, StepBuffers b) {
        if (added) {
            return true;
        }
        int ppn = plan.paramsPerNet();
        Chunks chunks = b.chunks;
        step.task(prefix + "update", TornadoKernels::updateChunks, new KernelContext(), params, state, b.partial,
                b.grads, b.hyper, chunks.from, chunks.to, chunks.seg, P * ppn, K,
                plan.rule().previousUpdate() * P * ppn, plan.rule().id());
        WorkerGrid updateGrid = new WorkerGrid1D(chunks.count() * CHUNK);
        updateGrid.setLocalWork(CHUNK, 1, 1);
        grids.addWorkerGrid(step.getTaskGraphName() + "." + prefix + "update", updateGrid);
        step.task(prefix + "stats", TornadoKernels::foldStats, b.stats, b.raw, b.partial, chunks.first, P * L);
        return true;
    }

    private int add(List<ImmutableTaskGraph> graphs, TaskGraph graph) {
        graphs.add(graph.snapshot());
        graphNames.add(graph.getTaskGraphName());
        return graphs.size() - 1;
    }

    /** Refuses, before allocating anything, a population whose buffers exceed the device's memory. */
    private void checkMemory(StepPlan plan, Map<Split, LabeledData> splits) {
        checkMemory(plan, splits, 0);
    }

    /**
     * The same with a modulated run's buffers of {@code modulationBytes} for P members (about proportional to the
     * population).
     */
    private void checkMemory(StepPlan plan, Map<Split, LabeledData> splits, long modulationBytes) {
        long available = device.getMaxGlobalMemory();
        if (available > 0) {
            Footprint.check(plan, P, p -> modulationBytes == 0 ? Footprint.onDevice(plan, p, splits)
                    : Footprint.onDevice(plan, p, splits).plus("modulation buffers", modulationBytes * p / P),
                    Footprint.Memory.device(deviceName, available));
        }
    }

    @Override
    public void loadParams(float[] source) {
        load(source, params, "params");
    }

    @Override
    public void readParams(float[] target) {
        read(params, target, "params");
    }

    @Override
    public void loadState(float[] source) {
        load(source, state, "optimizer state");
    }

    @Override
    public void readState(float[] target) {
        read(state, target, "optimizer state");
    }

    /** source into buffer (params or state) and both to the device, by the load graph. */
    private void load(float[] source, float[] buffer, String what) {
        requirePrepared();
        BackendCalls.copyIn(source, buffer, buffer.length, what);
        execute(loadGraph);
    }

    /** buffer (params or state) into target, as the graph that ran last left it on the device. */
    private void read(float[] buffer, float[] target, String what) {
        readBack();
        BackendCalls.copyOut(buffer, buffer.length, target, what);
    }

    /** Parameters and state from the device, on demand, from the graph that ran last (they persist in each). */
    private void readBack() {
        requirePrepared();
        if (last != null) {
            last.transferToHost(params, state);
        }
    }

    @Override
    public void step(int[] batchIndices, float[] stepInput, float[] lossOut, float[] statsOut) {
        requirePrepared();
        BackendCalls.checkStep(plan, P, data.get(Split.TRAIN).count(), batchIndices, stepInput, lossOut, statsOut);
        System.arraycopy(batchIndices, 0, batch, 0, B);
        System.arraycopy(stepInput, 0, hyper, 0, hyper.length);
        lastCall.clear();
        lastCall.add(execute(trainGraph));
        lastCallSteps = 1;
        System.arraycopy(loss, 0, lossOut, 0, P);
        System.arraycopy(stats, 0, statsOut, 0, stats.length);
    }

    @Override
    public void evaluate(Split split, int[] correct, double[] lossSum) {
        requirePrepared();
        LabeledData set = BackendCalls.evaluated(data, split, P, correct, lossSum);
        if (set.count() == 0) {
            return;
        }
        for (int start = 0; start < set.count(); start += EVAL_BATCH) {
            int rows = Math.min(EVAL_BATCH, set.count() - start);
            evalRows[0] = start;
            evalRows[1] = set.count();
            execute(evalGraph.get(split));
            for (int p = 0; p < P; p++) {
                for (int r = 0; r < rows; r++) {
                    correct[p] += evalCorrect[p * EVAL_BATCH + r];
                    lossSum[p] += evalLoss[p * EVAL_BATCH + r];
                }
            }
        }
    }

    /**
     * A run whose modulation runs on the device, inside the step's graph, up to {@code stepsPerCall} steps per
     * execution. The modulation's buffers are made (and the execution plan rebuilt around them) for the first run,
     * and reused by every later run of the same kind whose buffers have the same sizes and the same steps per call:
     * a kind's populations are padded to its largest genomes, so an evolution compiles once.
     */
    @Override
    public ModulatedRun modulated(Modulation form, long totalSteps, StepPlan stepPlan, int stepsPerCall) {
        requirePrepared();
        if (stepsPerCall < 1) {
            throw new IllegalArgumentException("steps per call must be >= 1, got " + stepsPerCall);
        }
        if (mod == null || !fits(form) || stepsPerCall != this.stepsPerCall) {
            ModulationBuffers buffers = new ModulationBuffers(form, plan.rule(), totalSteps);
            checkMemory(plan, data, buffers.bytes());
            readBack();  // the parameters and state on the device, into the host copies the new plan uploads
            mod = buffers;
            modOrder = new int[data.get(Split.TRAIN).count() + 1];
            this.stepsPerCall = stepsPerCall;
            buildPlan();
            modulationPlans++;
        } else {
            ModulationBuffers fresh = new ModulationBuffers(form, plan.rule(), totalSteps);
            ModulationBuffers.copy(fresh, mod);
            System.arraycopy(form.genes(), 0, mod.form.genes(), 0, form.genes().length);
            System.arraycopy(form.shape(), 0, mod.form.shape(), 0, form.shape().length);
            System.arraycopy(form.mapping(), 0, mod.form.mapping(), 0, form.mapping().length);
            System.arraycopy(form.dims(), 0, mod.dims, 0, form.dims().length);
        }
        execute(loadRunGraph);
        return new DeviceRun();
    }

    /** Whether a run of {@code form} can use the modulation buffers made for an earlier one. */
    private boolean fits(Modulation form) {
        return form.kind() == mod.form.kind() && form.genes().length == mod.form.genes().length
                && form.shape().length == mod.form.shape().length && form.start().length == mod.state.length
                && form.mapping().length == mod.form.mapping().length
                && java.util.Arrays.equals(form.dims(), mod.dims);
    }

    /**
     * The modulated run on the device: an epoch's order goes to the device once, then each execution of the
     * modulated graph runs stepsPerCall steps (the single-step graph runs what is left of a call); nothing is read
     * unless asked.
     */
    private final class DeviceRun implements ModulatedRun {
        private long done;        // steps run so far
        private long epochBegan;  // the step the current epoch began at

        @Override
        public String where() {
            return modulationWhere() + (stepsPerCall == 1 ? "" : ", up to " + stepsPerCall + " steps per call, "
                    + stepsPerExecution + " per execution of its task graph");
        }

        @Override
        public void epoch(int[] order) {
            int n = modOrder.length - 1;
            if (order.length != n) {
                throw new IllegalArgumentException("an epoch's order names " + n + " samples, got " + order.length);
            }
            if (done > Integer.MAX_VALUE) {
                throw new IllegalStateException("a modulated run on TornadoVM is limited to " + Integer.MAX_VALUE
                        + " steps");
            }
            System.arraycopy(order, 0, modOrder, 0, n);
            modOrder[n] = (int) done;
            epochBegan = done;
            execute(epochGraph);
        }

        @Override
        public void steps(int first, int count) {
            if (first != done - epochBegan || (long) (first + count) * B > modOrder.length - 1) {
                throw new IllegalArgumentException("steps " + first + ".." + (first + count - 1) + " do not follow step "
                        + (done - epochBegan - 1) + " of an epoch of " + (modOrder.length - 1) / B + " steps");
            }
            lastCall.clear();
            lastCallSteps = count;
            int left = count;
            for (; left >= stepsPerExecution; left -= stepsPerExecution) {
                lastCall.add(execute(modulatedManyGraph));
            }
            for (; left > 0; left--) {
                lastCall.add(execute(modulatedGraph));
            }
            done += count;
        }

        @Override
        public void read(ModulationBuffers into) {
            requirePrepared();
            if (last != null) {
                last.transferToHost(modulationBuffers());
            }
            ModulationBuffers.copy(mod, into);
        }
    }

    @Override
    public String modulationWhere() {
        return "modulation on the device, in the step's task graph";
    }

    /** Which kind of dense product (plain or tiled) each product of the step runs, and why. */
    @Override
    public Map<String, String> choices() {
        if (mod == null) {
            return choices;
        }
        Map<String, String> all = new LinkedHashMap<>(choices);
        all.put("modulation", "in the step's task graph, " + stepsPerExecution + " step"
                + (stepsPerExecution == 1 ? "" : "s") + " per execution (plan built for it " + modulationPlans + " time"
                + (modulationPlans == 1 ? "" : "s") + " since prepare)");
        return all;
    }

    /**
     * TornadoVM's profile of the last training call, summed over its executions: device kernel, transfer and
     * dispatch time in ns, the bytes copied in and out, how many executions and how many steps it ran (a modulated
     * run's call may run several steps, several per execution).
     */
    @Override
    public Map<String, Long> lastStepProfile() {
        Map<String, Long> profile = new LinkedHashMap<>();
        for (TornadoExecutionResult r : lastCall) {
            var p = r.getProfilerResult();
            profile.merge("deviceKernelNanos", p.getDeviceKernelTime(), Long::sum);
            profile.merge("dataTransferNanos", p.getDataTransfersTime(), Long::sum);
            profile.merge("kernelDispatchNanos", p.getKernelDispatchTime(), Long::sum);
            profile.merge("totalNanos", p.getTotalTime(), Long::sum);
            profile.merge("bytesCopyIn", p.getTotalBytesCopyIn(), Long::sum);
            profile.merge("bytesCopyOut", p.getTotalBytesCopyOut(), Long::sum);
            profile.merge("executions", 1L, Long::sum);
        }
        if (!lastCall.isEmpty()) {
            profile.put("steps", (long) lastCallSteps);
        }
        return profile;
    }

    private TornadoExecutionResult execute(int graph) {
        requirePrepared();
        try {
            last = execution.withGraph(graph).execute();
            return last;
        } catch (RuntimeException e) {
            throw new IllegalStateException("TornadoVM failed to run the '" + graphNames.get(graph) + "' task graph on "
                    + deviceName + " (it does not fall back to the host): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closePlan();
    }

    private void closePlan() {
        if (execution != null) {
            try {
                execution.close();
            } catch (TornadoExecutionPlanException e) {
                throw new IllegalStateException("closing the TornadoVM execution plan failed", e);
            }
            execution = null;
        }
    }

    private void requirePrepared() {
        if (plan == null) {
            throw new IllegalStateException("prepare() was not called");
        }
    }

    /**
     * The buffers of a training graph's steps (the copies of a step in one graph share them, one after the other):
     * what goes in and out (batch or epoch order, hyper, loss, statistics) and what stays on the device.
     */
    private final class StepBuffers {
        final LabeledData train;
        final int[] batch;
        final float[] hyper;
        final float[] loss;
        final float[] stats;
        final float[] grads = new float[P * plan.paramsPerNet()];
        final float[] x0 = new float[B * plan.inputWidth()];
        final int[] y0 = new int[B];
        final float[][] act = new float[L][];
        final float[][] dAct = new float[L][];
        final float[] rowLoss = new float[P * B];
        final int[] rowCorrect = new int[P * B];
        final int[] all = {0, Integer.MAX_VALUE};
        final Chunks chunks = new Chunks(plan.layerStarts(), P, plan.paramsPerNet());
        final float[] partial = new float[chunks.count() * Stats.RAW_COUNT];
        final float[] raw = new float[P * L * Stats.RAW_COUNT];

        StepBuffers(LabeledData train, int[] batch, float[] hyper, float[] loss, float[] stats) {
            this.train = train;
            this.batch = batch;
            this.hyper = hyper;
            this.loss = loss;
            this.stats = stats;
            for (int l = 0; l < L; l++) {
                act[l] = new float[P * B * plan.layers().get(l).cOut()];
                dAct[l] = new float[P * B * plan.layers().get(l).cOut()];
            }
        }
    }

    /** Fixed chunks of every (network, layer) segment; first (P*L + 1) gives each segment's chunk range. */
    private static final class Chunks {
        final int[] from;
        final int[] to;
        final int[] seg;
        final int[] first;

        Chunks(int[] layerStart, int P, int ppn) {
            int L = layerStart.length - 1;
            List<int[]> list = new ArrayList<>();
            first = new int[P * L + 1];
            for (int p = 0; p < P; p++) {
                for (int l = 0; l < L; l++) {
                    first[p * L + l] = list.size();
                    int end = p * ppn + layerStart[l + 1];
                    for (int s = p * ppn + layerStart[l]; s < end; s += CHUNK) {
                        list.add(new int[] {s, Math.min(s + CHUNK, end), p * L + l});
                    }
                }
            }
            first[P * L] = list.size();
            from = new int[list.size()];
            to = new int[list.size()];
            seg = new int[list.size()];
            for (int c = 0; c < list.size(); c++) {
                from[c] = list.get(c)[0];
                to[c] = list.get(c)[1];
                seg[c] = list.get(c)[2];
            }
        }

        int count() {
            return from.length;
        }
    }
}
