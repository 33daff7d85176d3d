// Shared set-up of the benchmarks: a prepared backend (JVM or TornadoVM) running a given op list over synthetic
// data, with seeded weights and realistic learning parameters, so each benchmark measures only its step call.
// On TornadoVM it also sums the backend's own profile of every measured step (device kernel, transfer and
// dispatch time) and, when -Dneuromod.bench.profile=FILE is set, appends their means, the device and the
// products' choices to FILE as one JSON line per trial (bench/report.py puts them beside the JMH times).
package org.neuromod.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.BackendProvider;
import org.neuromod.kernels.Backends;
import org.neuromod.kernels.LabeledData;
import org.neuromod.kernels.Op;
import org.neuromod.kernels.Split;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.StepPlan;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.jvm.JvmBackend;
import org.neuromod.nn.Init;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.ParamLayout;

final class BenchSetup {
    static final int SAMPLES = 4096;
    static final int WIDTH = 784;
    static final int CLASSES = 10;

    final Backend backend;
    final StepPlan plan;
    final int[] batch;
    final float[] hyper;
    final float[] loss;
    final float[] stats;
    private final Map<String, Long> profileSums = new LinkedHashMap<>();
    private long profiledSteps;
    private boolean profiling;

    /** The message a TornadoVM benchmark fails with where TornadoVM is not there. */
    static final String NO_TORNADO = "no TornadoVM backend in this JVM: set TORNADOVM_HOME to a TornadoVM SDK, "
            + "build with it (bench/run.sh does) and start the forks with TornadoVM's JVM flags (bench/run.sh does)";

    /** backend "jvm" or "tornado" (device: -Dneuromod.bench.device=ID, else TornadoVM's default). */
    static Backend open(String backend, int threads) {
        if (backend.equals("jvm")) {
            return new JvmBackend(threads);
        }
        if (!backend.equals("tornado")) {
            throw new IllegalArgumentException("unknown backend " + backend + " (jvm or tornado)");
        }
        BackendProvider tornado = Backends.provider("tornado");
        if (tornado == null) {
            throw new IllegalStateException(NO_TORNADO);
        }
        return tornado.open(System.getProperty("neuromod.bench.device"), threads);
    }

    /** ops == null runs the standard step; otherwise exactly the given ops. */
    BenchSetup(List<Integer> hidden, int P, int B, int threads, String ruleName, List<Op> ops) {
        this("jvm", hidden, P, B, threads, ruleName, ops);
    }

    BenchSetup(String backendName, List<Integer> hidden, int P, int B, int threads, String ruleName, List<Op> ops) {
        ParamLayout layout = layout(hidden);
        UpdateRule rule = UpdateRules.byName(ruleName);
        StepPlan standard = layout.plan(B, rule);
        plan = ops == null ? standard : new StepPlan(standard.inputWidth(), standard.classes(), B, standard.layers(),
                standard.paramsPerNet(), standard.rule(), ops);
        SplittableRandom rng = new SplittableRandom(1);
        float[] x = new float[SAMPLES * WIDTH];
        int[] y = new int[SAMPLES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble();
        }
        for (int i = 0; i < SAMPLES; i++) {
            y[i] = rng.nextInt(CLASSES);
        }
        backend = open(backendName, threads);
        backend.prepare(plan, P, Map.of(Split.TRAIN, new LabeledData(x, y, SAMPLES, WIDTH)));
        backend.loadParams(Init.population(layout, P, 1));
        batch = new int[B];
        for (int b = 0; b < B; b++) {
            batch[b] = rng.nextInt(SAMPLES);
        }
        int L = plan.layerCount();
        int K = rule.k();
        hyper = new float[P * L * K];
        for (int h = 0; h < hyper.length; h += K) {
            for (int k = 0; k < rule.modulated(); k++) {
                UpdateRule.HyperParam param = rule.params().get(k);
                // a small learning rate, so repeated steps on one batch stay finite for the whole measurement
                hyper[h + k] = param.rate() ? 1e-3f : param.map(0.9);
            }
            rule.derive(hyper, h, 1);
        }
        loss = new float[P];
        stats = new float[P * L * plan.statCount()];
    }

    void step() {
        backend.step(batch, hyper, loss, stats);
        if (profiling) {
            for (Map.Entry<String, Long> e : backend.lastStepProfile().entrySet()) {
                profileSums.merge(e.getKey(), e.getValue(), Long::sum);
            }
            profiledSteps++;
        }
    }

    /** Sums the backend's profile from now on (from the first measured iteration); forgets what came before. */
    void profileFromNow(boolean on) {
        if (on && !profiling) {
            profileSums.clear();
            profiledSteps = 0;
        }
        profiling = on;
    }

    /** Appends this trial's device, choices and mean profile per step (TornadoVM) to -Dneuromod.bench.profile. */
    /** The end of a trial: its profile written under the benchmark's name and parameters, the backend closed. */
    void finish(org.openjdk.jmh.infra.BenchmarkParams params) {
        Map<String, Object> shown = new LinkedHashMap<>();
        for (String key : params.getParamsKeys()) {
            shown.put(key, params.getParam(key));
        }
        writeProfile(params.getBenchmark(), shown);
        backend.close();
    }

    void writeProfile(String benchmark, Map<String, Object> params) {
        String file = System.getProperty("neuromod.bench.profile");
        if (file == null || profiledSteps == 0) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("benchmark", benchmark);
        line.put("params", params);
        line.put("device", backend.device());
        line.put("choices", backend.choices());
        line.put("steps", profiledSteps);
        Map<String, Double> means = new LinkedHashMap<>();
        profileSums.forEach((k, v) -> means.put(k, (double) v / profiledSteps));
        line.put("meanNanosPerStep", means);
        try {
            Files.writeString(Path.of(file), new ObjectMapper().writeValueAsString(line) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing the TornadoVM profile to " + file, e);
        }
    }

    static ParamLayout layout(List<Integer> hidden) {
        return ParamLayout.of(new MlpSpec(WIDTH, hidden, Activation.RELU, CLASSES));
    }

    /** "512,256" or "512-256" (JMH's -p splits its values at commas, so the command line uses dashes). */
    static List<Integer> hidden(String widths) {
        return MlpSpec.parseHidden(widths.replace('-', ','));
    }
}
