// Shared set-up of the benchmarks: a prepared backend running a given op list over synthetic data, with
// seeded weights and realistic learning parameters, so each benchmark measures only its step call.
package org.neuromod.bench;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backend;
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

    /** ops == null runs the standard step; otherwise exactly the given ops. */
    BenchSetup(List<Integer> hidden, int P, int B, int threads, String ruleName, List<Op> ops) {
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
        backend = new JvmBackend(threads);
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
                hyper[h + k] = param.name().equals("learningRate") ? 1e-3f : param.map(0.9);
            }
            rule.derivation().derive(hyper, h, 1);
        }
        loss = new float[P];
        stats = new float[P * L * plan.statCount()];
    }

    void step() {
        backend.step(batch, hyper, loss, stats);
    }

    static ParamLayout layout(List<Integer> hidden) {
        return ParamLayout.of(new MlpSpec(WIDTH, hidden, Activation.RELU, CLASSES));
    }

    /** "512,256" or "512-256" (JMH's -p splits its values at commas, so the command line uses dashes). */
    static List<Integer> hidden(String widths) {
        return MlpSpec.parseHidden(widths.replace('-', ','));
    }
}
