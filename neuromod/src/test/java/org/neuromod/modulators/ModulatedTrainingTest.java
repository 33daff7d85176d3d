// Training with the modulation run by the backend (the modulation kernels between its steps) against the training
// loop's host path (the modulator's own next, then the policing kernel), on the JVM backend: the same bits of
// parameters, epoch losses, divergence and accuracy, for constant, GRN, CGP and MLP modulators, every rule, relu
// and tanh, a population in which one member diverges, however many steps go per call and whether or not a step
// observer reads every step.
package org.neuromod.modulators;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.LabeledData;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.jvm.JvmBackend;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.Modulator;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.SyntheticTasks;
import org.neuromod.nn.Trainer;
import org.neuromod.nn.TrainingData;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModulatedTrainingTest {
    static final int P = 4;
    static final TrainingData DATA = SyntheticTasks.separable(3, 400, 100, 12);

    /** What a run gives, as compared: every float's bits. */
    record Outcome(float[] params, List<float[]> epochLosses, boolean[] diverged, float[] accuracy, long steps) {
        void assertSame(Outcome other, String what) {
            assertArrayEquals(params, other.params, what + ": parameters");
            assertEquals(epochLosses.size(), other.epochLosses.size(), what);
            for (int e = 0; e < epochLosses.size(); e++) {
                assertArrayEquals(epochLosses.get(e), other.epochLosses.get(e), what + ": mean loss of epoch " + e);
            }
            assertArrayEquals(diverged, other.diverged, what + ": divergence");
            assertArrayEquals(accuracy, other.accuracy, what + ": test accuracy");
            assertEquals(steps, other.steps, what + ": steps");
        }
    }

    static Outcome train(Modulator modulator, UpdateRule rule, Activation activation, int stepsPerCall,
                         boolean watched) {
        return train(DATA, modulator, rule, activation, stepsPerCall, watched);
    }

    static Outcome train(TrainingData data, Modulator modulator, UpdateRule rule, Activation activation,
                         int stepsPerCall, boolean watched) {
        ParamLayout layout = ParamLayout.of(new MlpSpec(data.inputWidth(), List.of(16, 8), activation, 4));
        List<float[]> losses = new ArrayList<>();
        long[] watchedSteps = {0};
        Trainer.StepObserver observer = !watched ? Trainer.StepObserver.NONE : new Trainer.StepObserver() {
            @Override
            public void step(long step, float[] observations, float[] produced, float[] applied, float[] loss,
                             float[] stats) {
                assertEquals(watchedSteps[0]++, step, "every step, in order");
            }

            @Override
            public long evaluateEvery() {
                return 13;
            }
        };
        try (Backend backend = new JvmBackend(2)) {
            Trainer trainer = new Trainer(backend, layout, rule, data, 16, P).stepsPerCall(stepsPerCall);
            Trainer.Result r = trainer.train(Trainer.Run.standard(3, P, 17), modulator,
                    report -> losses.add(report.meanLoss()), observer);
            return new Outcome(r.params(), losses, r.diverged(), r.testAccuracy(), r.steps());
        }
    }

    /** The modulators compared for a rule: constant values, and a population of each evolved kind. */
    static List<Modulator> modulators(UpdateRule rule) {
        List<Modulator> list = new ArrayList<>();
        list.add(new ConstantModulator(rule, rule.standards()));
        for (Genomes.Kind kind : Genomes.REGISTRY) {
            SplittableRandom rng = new SplittableRandom(kind.name().hashCode() + rule.id());
            Genome[] genomes = new Genome[P];
            for (int p = 0; p < P; p++) {
                genomes[p] = kind.random(rule, rng);
            }
            list.add(Genomes.population(rule, genomes, 2));
        }
        return list;
    }

    @Test
    void theBackendsModulationGivesTheHostPathsBits() {
        for (UpdateRule rule : UpdateRules.all()) {
            for (Activation activation : List.of(Activation.RELU, Activation.TANH)) {
                for (Modulator modulator : modulators(rule)) {
                    String what = modulator.getClass().getSimpleName() + " " + rule.name() + " " + activation;
                    Outcome host = train(Modulator.onTheHost(modulator), rule, activation, 1, false);
                    train(modulator, rule, activation, 1, false).assertSame(host, what + ", one step per call");
                    train(modulator, rule, activation, 7, false).assertSame(host, what + ", 7 steps per call");
                    train(modulator, rule, activation, 7, true).assertSame(host, what + ", every step watched");
                }
            }
        }
    }

    @Test
    void aMemberThatDivergesIsFrozenAlikeOnBothPaths() {
        UpdateRule rule = UpdateRules.MOMENTUM;
        SplittableRandom rng = new SplittableRandom(5);
        MlpGenome[] genomes = new MlpGenome[P];
        for (int p = 0; p < P; p++) {
            genomes[p] = (MlpGenome) Genomes.kind(MlpGenome.KIND).random(rule, rng);
        }
        // on inputs 1000 times larger, through identity activations: member 1's outputs saturate at 1 (learning
        // rate 1, momentum 0.99) and it diverges; the others' saturate at 0 (learning rate 1e-4, momentum 0) and
        // they train on
        for (int p = 0; p < P; p++) {
            MlpGenome g = genomes[p];
            double b2 = p == 1 ? 10 : -10;
            genomes[p] = new MlpGenome(g.format(), g.rule(), g.observations(), g.hidden(), g.sigma(), g.w1(), g.b1(),
                    g.w2(), List.of(b2, b2));
        }
        float[] x = DATA.train().x().clone();
        for (int i = 0; i < x.length; i++) {
            x[i] *= 1000;
        }
        TrainingData large = new TrainingData(new LabeledData(x, DATA.train().y(), DATA.train().count(),
                DATA.train().width()), null, DATA.test(), DATA.classes());
        Modulator modulator = new MlpModulator(rule, genomes, 1);
        Outcome host = train(large, Modulator.onTheHost(modulator), rule, Activation.IDENTITY, 1, false);
        assertTrue(host.diverged()[1], "member 1 diverges: " + java.util.Arrays.toString(host.epochLosses().get(0)));
        assertEquals(1, count(host.diverged()), "and only member 1");
        train(large, modulator, rule, Activation.IDENTITY, 5, false).assertSame(host, "one member diverging");
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }
}
