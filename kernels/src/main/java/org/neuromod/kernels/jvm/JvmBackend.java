// The JVM backend: runs a step plan on the CPU with a team of threads and Vector API inner loops.
// It is the baseline every GPU figure is compared against, so it is tuned, not a strawman.
//
// Determinism: threads split output tiles and fixed-size chunks, never a reduction; tile and chunk shapes
// depend only on layer shapes; every reduction runs in the order of Sums (16 interleaved lanes, whatever the
// vector width) and partial sums are folded in chunk order. A network's results are therefore bitwise
// identical for any thread count, any vector width, and whether it trains alone or inside a population.
package org.neuromod.kernels.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neuromod.kernels.Backend;
import org.neuromod.kernels.BackendCalls;
import org.neuromod.kernels.Footprint;
import org.neuromod.kernels.LabeledData;
import org.neuromod.kernels.LayerPlan;
import org.neuromod.kernels.Op;
import org.neuromod.kernels.SoftmaxCrossEntropy;
import org.neuromod.kernels.Split;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.StepPlan;
import org.neuromod.kernels.Gather;

public final class JvmBackend implements Backend {

    /** Elements per chunk of the per-layer reductions and elementwise phases; fixed, so sums never depend on threads. */
    static final int CHUNK = 2048;
    /** Samples per evaluation batch. */
    static final int EVAL_BATCH = Footprint.EVAL_BATCH;

    /**
     * System property that turns the background warm-up off ("false"); on by default. For comparisons and tests
     * of it; the results are the same either way.
     */
    public static final String WARM_UP_PROPERTY = "neuromod.warmup";
    /** Products of the warm-up at most: past C2's thresholds for the tiles with K = 8, on this JDK's defaults. */
    static final int WARM_UP_CALLS = 2500;
    /** Wall time of the warm-up at most, so that it never competes long with the training it prepares. */
    static final long WARM_UP_NANOS = 600_000_000L;
    private static final AtomicBoolean WARMING = new AtomicBoolean();

    private final WorkerTeam team;

    private StepPlan plan;
    private int P;
    private int B;
    private int L;
    private int ppn;
    private int K;
    private TunedUpdates.RangeUpdate rule;
    private Map<Split, LabeledData> data;
    private LabeledData train;

    private float[] x0;          // (B, inputWidth) gathered batch, shared by all networks
    private int[] y0;            // (B) its labels
    private float[][] act;       // [l] (P, B, cOut_l) layer outputs
    private float[][] dAct;      // [l] (P, B, cOut_l) loss gradient w.r.t. outputs, then pre-activations
    private float[] params;      // (P, ppn), padded (Gemm.padded), as are the products' other buffers
    private float[] grads;       // (P, ppn)
    private float[] state;       // (stateBuffers, P, ppn)
    private float[] rowLoss;     // (P, B)
    private float[] raw;         // (P, L, RAW_COUNT) raw statistics sums of this step
    private int[] rowCorrect;    // (P, B)
    private Chunks chunks;       // fixed-size pieces of every (network, layer) segment
    private float[] partial;     // (chunks, RAW_COUNT) per-chunk raw sums, folded in chunk order
    private float[][] scratch;   // [worker] (TunedUpdates.SCRATCH) lane sums and deltas of one update chunk
    private float[][] lanes;     // [worker] (max(LANES, RAW_COUNT)) lane sums, or the raw sums of one chunk
    private int previous;        // offset of the state buffer holding the previous update

    private int[] batch;         // this step's indices (B)
    private float[] hyper;       // this step's (P, L, K)
    private final List<WorkerTeam.Phase> stepPhases = new ArrayList<>();

    private float[][] evalAct;   // [l] (P, EVAL_BATCH, cOut_l)
    private int[] evalCorrect;   // (P, EVAL_BATCH)
    private float[] evalLoss;    // (P, EVAL_BATCH)
    private List<DenseProducts.Forward> evalForward;

    /**
     * Starts, once per JVM, a daemon thread that runs the matrix-product kernels on small private matrices (see
     * Gemm.warmUp) for at most {@link #WARM_UP_NANOS}, so that they are compiled by the time a command has loaded
     * its data. For the commands, which start cold.
     *
     * @return the thread, or null where the property turns it off or it has started before
     */
    public static Thread warmUpInBackground() {
        boolean on = Boolean.parseBoolean(System.getProperty(WARM_UP_PROPERTY, "true"));
        if (!on || !WARMING.compareAndSet(false, true)) {
            return null;
        }
        long deadline = System.nanoTime() + WARM_UP_NANOS;
        Thread thread = new Thread(() -> Gemm.warmUp(WARM_UP_CALLS, deadline), "neuromod-warm-up");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    public JvmBackend(int threads) {
        this.team = new WorkerTeam(threads);
    }

    @Override
    public String name() {
        return "jvm";
    }

    @Override
    public String device() {
        return cpuModel() + ", " + team.size() + " thread" + (team.size() == 1 ? "" : "s") + ", "
                + Gemm.F.vectorBitSize() + "-bit vectors, " + Gemm.tileName() + " register tiles";
    }

    @Override
    public int threads() {
        return team.size();
    }

    @Override
    public void prepare(StepPlan plan, int population, Map<Split, LabeledData> data) {
        if (population < 1) {
            throw new IllegalArgumentException("population must be >= 1, got " + population);
        }
        LabeledData train = data.get(Split.TRAIN);
        if (train == null || train.width() != plan.inputWidth()) {
            throw new IllegalArgumentException("prepare needs TRAIN data of width " + plan.inputWidth());
        }
        this.plan = plan;
        this.P = population;
        this.B = plan.batch();
        this.L = plan.layerCount();
        this.ppn = plan.paramsPerNet();
        this.K = plan.rule().k();
        this.rule = TunedUpdates.of(plan.rule());
        this.data = new EnumMap<>(data);
        this.train = train;

        x0 = new float[B * plan.inputWidth()];
        y0 = new int[B];
        act = new float[L][];
        dAct = new float[L][];
        evalAct = new float[L][];
        for (int l = 0; l < L; l++) {
            LayerPlan layer = plan.layers().get(l);
            act[l] = Gemm.padded(P * B * layer.cOut());
            dAct[l] = Gemm.padded(P * B * layer.cOut());
            evalAct[l] = Gemm.padded(P * EVAL_BATCH * layer.cOut());
        }
        params = Gemm.padded(P * ppn);
        grads = Gemm.padded(P * ppn);
        state = new float[plan.rule().stateBuffers() * P * ppn];
        rowLoss = new float[P * B];
        rowCorrect = new int[P * B];
        evalCorrect = new int[P * EVAL_BATCH];
        evalLoss = new float[P * EVAL_BATCH];
        raw = new float[P * L * Stats.RAW_COUNT];
        previous = plan.rule().previousUpdate() * P * ppn;
        chunks = new Chunks(plan.layerStarts(), P, ppn);
        partial = new float[chunks.count() * Stats.RAW_COUNT];
        scratch = new float[team.size()][TunedUpdates.SCRATCH];
        lanes = new float[team.size()][Math.max(Sums.LANES, Stats.RAW_COUNT)];

        stepPhases.clear();
        List<Op> ops = plan.ops();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof Op.LayerStats && i + 1 < ops.size() && ops.get(i + 1) instanceof Op.Update) {
                // One pass over each chunk instead of two: the statistics read the weights and gradients the
                // update is about to read anyway, while they are in L1.
                stepPhases.add(WorkerTeam.Phase.of(chunks.count(), (from, to, w) -> update(from, to, w, true)));
                i++;
            } else {
                compile(ops.get(i));
            }
        }
        evalForward = new ArrayList<>();
        for (int l = 0; l < L; l++) {
            evalForward.add(forward(plan.layers().get(l), evalAct[l], 0));
        }
    }

    private void compile(Op op) {
        switch (op) {
            case Op.Gather g -> stepPhases.add(WorkerTeam.Phase.of(B, (from, to, w) -> {
                for (int b = from; b < to; b++) {
                    Gather.row(x0, y0, train.x(), train.y(), batch, b, plan.inputWidth());
                }
            }));
            case Op.DenseForward f -> {
                LayerPlan layer = plan.layers().get(f.layer());
                DenseProducts.Forward forward = forward(layer, act[f.layer()], B);
                if (f.layer() == 0) {
                    forward.input(x0, 0, 0);
                } else {
                    forward.input(act[f.layer() - 1], 0, B * layer.cIn());
                }
                stepPhases.add(forward);
            }
            case Op.SoftmaxCrossEntropy s -> {
                float[] logits = act[L - 1];
                float[] dLogits = dAct[L - 1];
                int classes = plan.classes();
                stepPhases.add(WorkerTeam.Phase.of(P * B, (from, to, w) -> {
                    for (int r = from; r < to; r++) {
                        SoftmaxCrossEntropy.row(dLogits, rowLoss, rowCorrect, logits, y0, r, B, classes);
                    }
                }));
            }
            case Op.ActivationBackward a -> {
                float[] y = act[a.layer()];
                float[] dz = dAct[a.layer()];
                int code = plan.layers().get(a.layer()).activation().code();
                int n = P * B * plan.layers().get(a.layer()).cOut();
                stepPhases.add(WorkerTeam.Phase.of((n + CHUNK - 1) / CHUNK, (from, to, w) ->
                        Gemm.activationBackward(dz, y, from * CHUNK, Math.min(to * CHUNK, n), code)));
            }
            case Op.DenseBackward d -> compileBackward(d);
            case Op.LayerStats s -> stepPhases.add(WorkerTeam.Phase.of(chunks.count(), this::stats));
            case Op.Update u -> stepPhases.add(WorkerTeam.Phase.of(chunks.count(), (from, to, w) -> update(from, to, w, false)));
        }
    }

    private void compileBackward(Op.DenseBackward d) {
        int l = d.layer();
        LayerPlan layer = plan.layers().get(l);
        int cIn = layer.cIn();
        int cOut = layer.cOut();
        float[] input = l == 0 ? x0 : act[l - 1];
        int inputNetStride = l == 0 ? 0 : B * cIn;
        boolean down = d.inputGrad();
        float[] transposed = down ? Gemm.padded(P * cOut * cIn) : null; // (P, cOut, cIn) W^T for the input gradient
        stepPhases.add(DenseProducts.weightGradients(P, B, cIn, cOut, true, grads, ppn, layer.weight().offset(),
                layer.bias().offset(), input, inputNetStride, dAct[l], params, layer.weight().offset(), transposed));
        if (down) {
            stepPhases.add(DenseProducts.inputGradients(P, B, cIn, cOut, dAct[l - 1], dAct[l], transposed));
        }
    }

    /** The raw sums that precede the update, for chunks [from, to). */
    private void stats(int from, int to, int worker) {
        float[] l = lanes[worker];
        for (int c = from; c < to; c++) {
            int i = chunks.from(c);
            int len = chunks.to(c) - i;
            Sums.beforeUpdate(partial, c * Stats.RAW_COUNT, params, grads, state, i, previous + i, len, l);
        }
    }

    /** Update chunks [from, to); withStats also records the raw sums that precede the update. */
    private void update(int from, int to, int worker, boolean withStats) {
        int n = P * ppn;
        float[] sums = lanes[worker];
        for (int c = from; c < to; c++) {
            rule.apply(params, grads, state, chunks.from(c), chunks.to(c), n, hyper, chunks.segment(c) * K, sums,
                    scratch[worker]);
            int at = c * Stats.RAW_COUNT;
            if (withStats) {
                System.arraycopy(sums, 0, partial, at, Stats.RAW_COUNT);
            } else {
                partial[at + Stats.UPDATE_SQ] = sums[Stats.UPDATE_SQ];
            }
        }
    }

    @Override
    public void loadParams(float[] source) {
        copyIn(source, params, P * ppn, "params");
    }

    @Override
    public void readParams(float[] target) {
        copyOut(params, P * ppn, target, "params");
    }

    @Override
    public void loadState(float[] source) {
        copyIn(source, state, state.length, "optimizer state");
    }

    @Override
    public void readState(float[] target) {
        copyOut(state, state.length, target, "optimizer state");
    }

    @Override
    public void step(int[] batch, float[] hyper, float[] loss, float[] stats) {
        requirePrepared();
        BackendCalls.checkStep(plan, P, train.count(), batch, hyper, loss, stats);
        this.batch = batch;
        this.hyper = hyper;
        for (WorkerTeam.Phase phase : stepPhases) {
            team.run(phase);
        }
        SoftmaxCrossEntropy.meanLoss(loss, rowLoss, P, B);
        Arrays.fill(raw, 0f);
        for (int c = 0; c < chunks.count(); c++) {
            int s = chunks.segment(c) * Stats.RAW_COUNT;
            for (int slot = 0; slot < Stats.RAW_COUNT; slot++) {
                raw[s + slot] += partial[c * Stats.RAW_COUNT + slot];
            }
        }
        Stats.finish(stats, raw, P * L);
    }

    @Override
    public void evaluate(Split split, int[] correct, double[] loss) {
        requirePrepared();
        LabeledData set = BackendCalls.evaluated(data, split, P, correct, loss);
        int classes = plan.classes();
        float[] logits = evalAct[L - 1];
        for (int start = 0; start < set.count(); start += EVAL_BATCH) {
            int rows = Math.min(EVAL_BATCH, set.count() - start);
            for (int l = 0; l < L; l++) {
                DenseProducts.Forward forward = evalForward.get(l);
                forward.rows = rows;
                if (l == 0) {
                    forward.input(set.x(), start * plan.inputWidth(), 0);
                } else {
                    forward.input(evalAct[l - 1], 0, rows * plan.layers().get(l).cIn());
                }
                team.run(forward);
            }
            int first = start;
            team.run(WorkerTeam.Phase.of(P * rows, (from, to, w) -> {
                for (int r = from; r < to; r++) {
                    SoftmaxCrossEntropy.lossRow(evalLoss, evalCorrect, logits, set.y()[first + r % rows], r, classes);
                }
            }));
            // folded on one thread in row order: the sums do not depend on threads
            for (int r = 0; r < P * rows; r++) {
                correct[r / rows] += evalCorrect[r];
                loss[r / rows] += evalLoss[r];
            }
        }
    }

    @Override
    public void close() {
        team.close();
    }

    private DenseProducts.Forward forward(LayerPlan layer, float[] output, int rows) {
        return new DenseProducts.Forward(P, layer.cIn(), layer.cOut(), layer.activation().code(), params, ppn,
                layer.weight().offset(), layer.bias().offset(), output, rows);
    }

    private void requirePrepared() {
        if (plan == null) {
            throw new IllegalStateException("prepare() was not called");
        }
    }

    private void copyIn(float[] source, float[] held, int length, String what) {
        requirePrepared();
        BackendCalls.copyIn(source, held, length, what);
    }

    private void copyOut(float[] held, int length, float[] target, String what) {
        requirePrepared();
        BackendCalls.copyOut(held, length, target, what);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through to the architecture name
        }
        return "CPU " + System.getProperty("os.arch");
    }
}
