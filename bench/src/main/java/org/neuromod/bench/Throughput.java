// Population-training throughput sweep: for each population size P, a backend prepared for P networks of
// 784-H-10 (MNIST's shape) on synthetic data trains timed steps after warm-up ones, and reports network-samples
// per second, the time to prepare (on TornadoVM: measuring the products' kinds and compiling), the backend's own
// split of a step (TornadoVM: device kernel, transfer, dispatch, bytes copied in and out) and its choices. A
// population the device cannot hold is reported as refused and the sweep goes on. Used by bench/gpu-ready.sh.
//
// --modulation picks what sets the learning parameters: none (fixed values handed to every step, the step alone),
// host (a population of random GRN genomes modulated on the host between steps, as the JVM backend does, its
// values going in and the loss and statistics coming out every step) or device (the same GRN population
// modulated inside the backend's step graph, nothing read back). --steps-per-call K (device only) runs K steps in
// each call to the backend; the profile's figures are per step all the same.
//
//   java [TornadoVM's flags] -cp bench/target/benchmarks.jar org.neuromod.bench.Throughput \
//       [--backend tornado|jvm] [--device ID] [--populations 1,8,32,128,512] [--hidden 128] [--batch 64]
//       [--samples 60000] [--seconds 3] [--min-steps 3] [--warmup 2] [--threads N]
//       [--modulation none|host|device] [--steps-per-call K] [--out FILE.json]
//   ... org.neuromod.bench.Throughput --devices      lists TornadoVM's devices (or says why there are none)
package org.neuromod.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.BackendProvider;
import org.neuromod.kernels.Backends;
import org.neuromod.kernels.LabeledData;
import org.neuromod.kernels.Split;
import org.neuromod.kernels.StepPlan;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;
import org.neuromod.kernels.modulation.HostModulatedRun;
import org.neuromod.kernels.modulation.ModulatedRun;
import org.neuromod.kernels.modulation.Modulation;
import org.neuromod.kernels.modulation.ModulationBuffers;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Genomes;
import org.neuromod.modulators.GrnGenome;
import org.neuromod.nn.Init;
import org.neuromod.nn.Modulator;
import org.neuromod.nn.ParamLayout;

public final class Throughput {
    private Throughput() {
    }

    /** One population size's result. */
    public record Row(int population, String status, double prepareSeconds, int warmupSteps, int steps,
                      double secondsPerStep, double samplesPerSecond, Map<String, Double> meanNanosPerStep,
                      Map<String, String> choices) {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--devices")) {
                flags.put("devices", "");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                flags.put(args[i].substring(2), args[++i]);
            } else {
                System.err.println("Throughput: unexpected argument '" + args[i] + "' (see the header of Throughput.java)");
                System.exit(2);
            }
        }
        if (flags.containsKey("devices")) {
            BackendProvider tornado = Backends.provider("tornado");
            if (tornado == null) {
                System.out.println("no TornadoVM backend in this JVM (TORNADOVM_HOME / TornadoVM's JVM flags missing)");
                System.exit(3);
            }
            List<String> devices = tornado.devices();
            devices.forEach(System.out::println);
            System.exit(devices.isEmpty() ? 4 : 0);
        }
        String backendName = flags.getOrDefault("backend", "tornado");
        String device = flags.get("device");
        if (device != null) {
            System.setProperty("neuromod.bench.device", device);
        }
        List<Integer> populations = new ArrayList<>();
        for (String p : flags.getOrDefault("populations", "1,8,32,128,512").split(",")) {
            populations.add(Integer.parseInt(p.trim()));
        }
        List<Integer> hidden = BenchSetup.hidden(flags.getOrDefault("hidden", "128"));
        int B = Integer.parseInt(flags.getOrDefault("batch", "64"));
        int samples = Integer.parseInt(flags.getOrDefault("samples", "60000"));
        double seconds = Double.parseDouble(flags.getOrDefault("seconds", "3"));
        int minSteps = Integer.parseInt(flags.getOrDefault("min-steps", "3"));
        int warmup = Integer.parseInt(flags.getOrDefault("warmup", "2"));
        int threads = Integer.parseInt(flags.getOrDefault("threads",
                String.valueOf(Runtime.getRuntime().availableProcessors())));
        String modulation = flags.getOrDefault("modulation", "none");
        if (!List.of("none", "host", "device").contains(modulation)) {
            System.err.println("Throughput: --modulation must be none, host or device, got '" + modulation + "'");
            System.exit(2);
        }
        int stepsPerCall = Integer.parseInt(flags.getOrDefault("steps-per-call", "1"));
        if (stepsPerCall < 1 || stepsPerCall > 1 && !modulation.equals("device")) {
            System.err.println("Throughput: --steps-per-call K needs K >= 1, and K > 1 needs --modulation device");
            System.exit(2);
        }

        LabeledData data = synthetic(samples);
        ParamLayout layout = BenchSetup.layout(hidden);
        UpdateRule rule = UpdateRules.MOMENTUM;
        StepPlan plan = layout.plan(B, rule);
        List<Row> rows = new ArrayList<>();
        String deviceName = null;
        System.out.println("| P | status | prepare (s) | steps | ms/step | network-samples/s | kernel / transfer / dispatch "
                + "(ms/step); bytes copied and TornadoVM executions per step |");
        System.out.println("|---:|---|---:|---:|---:|---:|---|");
        for (int P : populations) {
            Row row;
            try (Backend backend = BenchSetup.open(backendName, threads)) {
                deviceName = backend.device();
                row = run(backend, plan, layout, rule, data, P, seconds, minSteps, warmup, modulation,
                        stepsPerCall);
            } catch (UserException | OutOfMemoryError e) {
                row = new Row(P, "refused: " + e.getMessage(), 0, 0, 0, 0, 0, Map.of(), Map.of());
            }
            rows.add(row);
            System.out.println(line(row));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backend", backendName);
        out.put("device", deviceName);
        out.put("network", "784-" + flags.getOrDefault("hidden", "128") + "-10");
        out.put("batch", B);
        out.put("rule", rule.name());
        out.put("modulation", modulation);
        out.put("stepsPerCall", stepsPerCall);
        out.put("samples", samples);
        out.put("rows", rows);
        if (flags.containsKey("out")) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(Path.of(flags.get("out")).toFile(), out);
        }
    }

    private static Row run(Backend backend, StepPlan plan, ParamLayout layout, UpdateRule rule, LabeledData data,
                           int P, double seconds, int minSteps, int warmup, String modulation, int stepsPerCall) {
        long t0 = System.nanoTime();
        backend.prepare(plan, P, Map.of(Split.TRAIN, data));
        backend.loadParams(Init.population(layout, P, 1));
        backend.loadState(new float[rule.stateBuffers() * P * plan.paramsPerNet()]);
        double prepare = (System.nanoTime() - t0) / 1e9;
        int B = plan.batch();
        int L = plan.layerCount();
        float[] hyper = new float[P * L * rule.k()];
        for (int h = 0; h < hyper.length; h += rule.k()) {
            for (int k = 0; k < rule.modulated(); k++) {
                UpdateRule.HyperParam param = rule.params().get(k);
                hyper[h + k] = param.rate() ? 0.01f : param.map(0.9);
            }
            rule.derive(hyper, h, 1);
        }
        float[] loss = new float[P];
        float[] stats = new float[P * L * plan.statCount()];
        SplittableRandom rng = new SplittableRandom(2);
        int[] batch = new int[B];
        int epochSteps = data.count() / B;
        ModulatedRun modulated = modulated(modulation, backend, plan, rule, P, stepsPerCall);
        int[] order = new int[data.count()];
        int[] inEpoch = {epochSteps};  // steps of the current epoch run so far
        Runnable call = () -> {
            if (modulated == null) {
                fill(batch, rng, data.count());
                backend.step(batch, hyper, loss, stats);
                return;
            }
            if (inEpoch[0] + stepsPerCall > epochSteps) {
                fill(order, rng, data.count());
                modulated.epoch(order);
                inEpoch[0] = 0;
            }
            modulated.steps(inEpoch[0], stepsPerCall);
            inEpoch[0] += stepsPerCall;
        };
        // the first call compiles (TornadoVM) or warms the JIT
        for (int s = 0; s < warmup; s++) {
            call.run();
        }
        Map<String, Long> sums = new LinkedHashMap<>();
        int steps = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        while (steps < minSteps || System.nanoTime() < deadline) {
            call.run();
            for (Map.Entry<String, Long> e : backend.lastStepProfile().entrySet()) {
                sums.merge(e.getKey(), e.getValue(), Long::sum);
            }
            steps += stepsPerCall;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<String, Double> means = new LinkedHashMap<>();
        int n = steps;
        sums.forEach((k, v) -> means.put(k, (double) v / n));
        means.remove("steps");
        return new Row(P, "ok", prepare, warmup * stepsPerCall, steps, elapsed / steps,
                (double) P * B * steps / elapsed, means, backend.choices());
    }

    /**
     * none: null; host or device: a run of a population of P random GRN genomes (seeded), its modulation on the
     * host around the backend's steps or inside the backend.
     */
    private static ModulatedRun modulated(String where, Backend backend, StepPlan plan, UpdateRule rule, int P,
                                          int stepsPerCall) {
        long steps = 1L << 40;  // a run longer than the bench's, so the observations' progress stays near 0
        if (where.equals("none")) {
            return null;
        }
        SplittableRandom rng = new SplittableRandom(3);
        Genome[] genomes = new Genome[P];
        for (int p = 0; p < P; p++) {
            genomes[p] = Genomes.random(GrnGenome.KIND, rule, rng.nextLong());
        }
        Modulator modulator = Genomes.population(rule, genomes, 1);
        modulator.reset(P, plan.layerCount(), steps);
        Modulation form = modulator.modulation(plan.layerCount());
        return where.equals("device") ? backend.modulated(form, steps, plan, stepsPerCall)
                : new HostModulatedRun(backend, new ModulationBuffers(form, rule, steps), plan.batch());
    }

    private static void fill(int[] batch, SplittableRandom rng, int n) {
        for (int b = 0; b < batch.length; b++) {
            batch[b] = rng.nextInt(n);
        }
    }

    /** Synthetic data of MNIST's shape: samples x 784 values in [0, 1), 10 classes, seeded. */
    static LabeledData synthetic(int samples) {
        SplittableRandom rng = new SplittableRandom(1);
        float[] x = new float[samples * BenchSetup.WIDTH];
        int[] y = new int[samples];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble();
        }
        for (int i = 0; i < samples; i++) {
            y[i] = rng.nextInt(BenchSetup.CLASSES);
        }
        return new LabeledData(x, y, samples, BenchSetup.WIDTH);
    }

    private static String line(Row r) {
        if (!r.status().equals("ok")) {
            return "| " + r.population() + " | " + r.status() + " | | | | | |";
        }
        String split = r.meanNanosPerStep().isEmpty() ? "-" : String.format(Locale.ROOT,
                "%.2f / %.3f / %.3f; in %.0f B, out %.0f B; %.3f executions",
                r.meanNanosPerStep().getOrDefault("deviceKernelNanos", 0.0) / 1e6,
                r.meanNanosPerStep().getOrDefault("dataTransferNanos", 0.0) / 1e6,
                r.meanNanosPerStep().getOrDefault("kernelDispatchNanos", 0.0) / 1e6,
                r.meanNanosPerStep().getOrDefault("bytesCopyIn", 0.0),
                r.meanNanosPerStep().getOrDefault("bytesCopyOut", 0.0),
                r.meanNanosPerStep().getOrDefault("executions", 1.0));
        return String.format(Locale.ROOT, "| %d | ok | %.1f | %d | %.2f | %,.0f | %s |", r.population(),
                r.prepareSeconds(), r.steps(), r.secondsPerStep() * 1e3, r.samplesPerSecond(), split);
    }
}
