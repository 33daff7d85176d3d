// The modulation kernels' device forms, run by the JVM: for every registered kind and rule, observations, the
// kind's step behind the step counter and the modulation period, policing and the counter's advance give what the
// host path gives (the modulator's next and the policing kernel): the same bits for every kind but GRN, whose
// device form sums without Math.fma and stays within 1e-5 in u. The TornadoVM test runs the same forms on a device.
package org.neuromod.modulators;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.modulation.Modulation;
import org.neuromod.kernels.modulation.ModulationBuffers;
import org.neuromod.kernels.modulation.ModulationKernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceFormTest {
    static final int P = 5;
    static final int L = 2;
    static final int STEPS = 60;

    @Test
    void theDeviceFormsGiveTheHostPathsResults() {
        for (Genomes.Kind kind : Genomes.REGISTRY) {
            for (UpdateRule rule : UpdateRules.all()) {
                check(kind, rule);
            }
        }
    }

    @Test
    void everyPopulationOfAKindHasTheSameBufferSizes() {
        // so a device backend compiles its modulation once for every generation of an evolution
        for (Genomes.Kind kind : Genomes.REGISTRY) {
            UpdateRule rule = UpdateRules.MOMENTUM;
            Modulation first = null;
            for (long seed = 1; seed <= 5; seed++) {
                Genome[] genomes = MutatedGenomes.of(kind, rule, P, seed);
                Modulation form = ((PopulationModulator) Genomes.population(rule, genomes, 1)).modulation(L);
                if (first == null) {
                    first = form;
                }
                String what = kind.name() + " population " + seed;
                assertEquals(first.genes().length, form.genes().length, what + ": genes");
                assertEquals(first.shape().length, form.shape().length, what + ": shape");
                assertEquals(first.start().length, form.start().length, what + ": state");
                assertArrayEquals(first.dims(), form.dims(), what + ": dims");
                ModulationBuffers buffers = new ModulationBuffers(form, rule, 10);
                org.neuromod.kernels.Footprint none = new org.neuromod.kernels.Footprint(P, java.util.List.of(
                        new org.neuromod.kernels.Footprint.Buffer("x", 1, 1)));
                assertEquals(1 + buffers.bytes(), none.plus("modulation", buffers.bytes()).bytes(),
                        what + ": the device-memory check counts the modulation buffers");
                assertTrue(buffers.bytes() > 4L * (form.genes().length + form.start().length), what + ": bytes");
            }
        }
    }

    private static void check(Genomes.Kind kind, UpdateRule rule) {
        SplittableRandom rng = new SplittableRandom(11);
        Genome[] genomes = new Genome[P];
        for (int p = 0; p < P; p++) {
            genomes[p] = kind.random(rule, rng);
        }
        int every = 3;
        PopulationModulator host = (PopulationModulator) Genomes.population(rule, genomes, every);
        Modulation form = ((PopulationModulator) Genomes.population(rule, genomes, every)).modulation(L);
        host.reset(P, L, STEPS);
        int M = rule.modulated();
        ModulationBuffers d = new ModulationBuffers(form, rule, STEPS);
        float[] hostProduced = new float[d.produced.length];
        float[] hostApplied = new float[d.applied.length];
        int[] hostDiverged = new int[P];
        float[] loss = d.loss;
        float[] stats = d.stats;
        for (int t = 0; t < STEPS; t++) {
            host.next(t, loss, stats, hostProduced);
            ModulationKernels.police(rule.id(), hostApplied, hostDiverged, hostProduced, d.bounds, d.dims, t + 1);

            ModulationKernels.observeOnDevice(d.obs, d.memory, loss, stats, d.dims, d.clock);
            ModulationKernels.modulateOnDevice(form.kind(), d.produced, d.state, d.obs, form.genes(), form.shape(),
                    d.dims, form.mapping(), d.clock);
            ModulationKernels.policeOnDevice(rule.id(), d.applied, d.diverged, d.produced, d.bounds, d.dims, d.clock);
            ModulationKernels.advance(d.clock);

            String at = kind.name() + " " + rule.name() + " step " + t;
            assertEquals(t + 1, d.clock[ModulationKernels.STEP], at + ": the counter advanced");
            if (form.kind() == ModulationKernels.GRN) {
                for (int i = 0; i < d.produced.length; i++) {
                    UpdateRule.HyperParam param = rule.params().get(i % M);
                    double error = Math.abs(param.unmap(hostProduced[i]) - param.unmap(d.produced[i]));
                    assertTrue(error <= 1e-5, at + ": u of value " + i + " differs by " + error);
                }
            } else {
                assertArrayEquals(hostProduced, d.produced, at + ": produced");
                assertArrayEquals(hostApplied, d.applied, at + ": applied");
            }
            assertArrayEquals(hostDiverged, d.diverged, at + ": diverged");
            // the next step's outcome
            for (int p = 0; p < P; p++) {
                loss[p] = (float) rng.nextDouble(0.1, 3);
            }
            for (int i = 0; i < stats.length; i++) {
                stats[i] = (float) (i % Stats.COUNT == Stats.GRAD_UPDATE_COS ? rng.nextDouble(-1, 1)
                        : rng.nextDouble(0, 5));
            }
        }
    }
}
