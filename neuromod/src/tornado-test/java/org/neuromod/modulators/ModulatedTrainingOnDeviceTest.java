// Training with the modulation inside TornadoVM's step graph, on its OpenCL device, against the training loop's host
// path on the same device: GRN and CGP populations end within a sample of the host path's accuracy with epoch
// losses close to its own; three generations of varied genomes build the modulated plan once; any steps per call
// give the same results. Compiled only where TornadoVM is installed (the tornado profile).
package org.neuromod.modulators;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.Backends;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.Modulator;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.SyntheticTasks;
import org.neuromod.nn.Trainer;
import org.neuromod.nn.TrainingData;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModulatedTrainingOnDeviceTest {
    static final int P = 4;
    static final TrainingData DATA = SyntheticTasks.separable(3, 800, 200, 12);
    static final UpdateRule RULE = UpdateRules.MOMENTUM;

    record Outcome(float[] accuracy, List<float[]> losses, boolean[] diverged, float[] params) {
    }

    static Outcome train(Trainer trainer, Modulator modulator) {
        List<float[]> losses = new ArrayList<>();
        Trainer.Result r = trainer.train(Trainer.Run.standard(3, P, 17), modulator, e -> losses.add(e.meanLoss()));
        return new Outcome(r.testAccuracy(), losses, r.diverged(), r.params());
    }

    static Modulator population(Genomes.Kind kind, long seed) {
        return Genomes.population(RULE, MutatedGenomes.of(kind, RULE, P, seed), 1);
    }

    @Test
    void theDevicesModulationTrainsAsTheHostPathDoes() {
        ParamLayout layout = ParamLayout.of(new MlpSpec(DATA.inputWidth(), List.of(16, 8), Activation.RELU, 4));
        try (Backend backend = Backends.open("tornado", System.getenv("NEUROMOD_TORNADO_DEVICE"), 1)) {
            Trainer trainer = new Trainer(backend, layout, RULE, DATA, 16, P);
            List<String> kinds = List.of(GrnGenome.KIND, CgpGenome.KIND);
            for (String kind : kinds) {
                for (long generation = 1; generation <= 3; generation++) {
                    Modulator modulator = population(Genomes.kind(kind), generation);
                    Outcome device = train(trainer, modulator);
                    assertTrue(trainer.modulationWhere().contains("device"), trainer.modulationWhere());
                    Outcome host = train(trainer, Modulator.onTheHost(modulator));
                    String what = kind + " generation " + generation;
                    assertArrayEquals(host.diverged(), device.diverged(), what + ": divergence");
                    for (int p = 0; p < P; p++) {
                        assertEquals(host.accuracy()[p], device.accuracy()[p], 1.01 / 200,
                                what + ": member " + p + "'s test accuracy within a sample");
                        for (int e = 0; e < host.losses().size(); e++) {
                            assertEquals(host.losses().get(e)[p], device.losses().get(e)[p],
                                    1e-3 * Math.abs(host.losses().get(e)[p]), what + ": member " + p + " epoch " + e);
                        }
                    }
                }
                // one plan for three generations; the next kind needs its own buffers, so one more plan
                int plans = kinds.indexOf(kind) + 1;
                assertTrue(backend.choices().get("modulation").contains("built for it " + plans + " time"),
                        kind + ": one plan for three generations: " + backend.choices());
            }
            Modulator modulator = population(Genomes.kind(GrnGenome.KIND), 9);
            Outcome one = train(trainer, modulator);
            Outcome seven = train(trainer.stepsPerCall(7), modulator);
            assertArrayEquals(one.params(), seven.params(), "7 steps per call: the same bits as 1");
            assertTrue(trainer.modulationWhere().matches(".*up to 7 steps per call, [2-7] per execution.*"),
                    "several steps in one execution: " + trainer.modulationWhere());
        }
    }
}
