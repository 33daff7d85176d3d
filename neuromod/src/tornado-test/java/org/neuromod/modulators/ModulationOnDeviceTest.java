// Kernel-safe means compiled: for every registered modulator kind, TornadoVM compiles the modulation kernels (the
// observations, the kind's step, the policing and the step counter) and runs them on its OpenCL device, 200 steps
// of a population of random genomes of varied sizes, step by step against the host bodies the JVM runs. Compiled
// only where TornadoVM is installed (the tornado profile); a kernel TornadoVM cannot compile is a failure.
package org.neuromod.modulators;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.modulation.Modulation;
import org.neuromod.kernels.modulation.ModulationBuffers;
import org.neuromod.kernels.modulation.ModulationKernels;

import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModulationOnDeviceTest {
    static final int P = 6;
    static final int L = 3;
    static final int STEPS = 200;
    static final int EVERY = 2;
    /** Outputs u and observations, both in [0, 1]: absolute tolerance. */
    static final double TOLERANCE = 1e-5;

    /** Every registered kind, each with a rule of its own so that every rule's policing is compiled too. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> kinds() {
        java.util.List<UpdateRule> rules = UpdateRules.all();
        return java.util.stream.IntStream.range(0, Genomes.REGISTRY.size()).mapToObj(i ->
                org.junit.jupiter.params.provider.Arguments.of(Genomes.REGISTRY.get(i).name(),
                        rules.get((i + 2) % rules.size()).name()));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("kinds")
    void everyKindRunsOnTheDeviceAsOnTheHost(String kindName, String ruleName) throws Exception {
        UpdateRule rule = UpdateRules.byName(ruleName);
        Genomes.Kind kind = Genomes.kind(kindName);
        SplittableRandom rng = new SplittableRandom(kindName.hashCode());
        Genome[] genomes = new Genome[P];
        for (int p = 0; p < P; p++) {
            Genome g = kind.random(rule, rng);
            for (int m = 0; m < p; m++) {
                g = kind.variation().mutate(g, rule, rng);  // of varied sizes
            }
            genomes[p] = g;
        }
        PopulationModulator modulator = (PopulationModulator) Genomes.population(rule, genomes, EVERY);
        Modulation form = modulator.modulation(L);
        int M = rule.modulated();
        int K = rule.k();
        ModulationBuffers d = new ModulationBuffers(form, rule, STEPS);     // the device's buffers
        ModulationBuffers host = new ModulationBuffers(form, rule, STEPS);  // the host's, run by the JVM bodies
        TaskGraph graph = new TaskGraph("modulation")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, form.genes(), form.shape(), d.dims,
                        form.mapping(), d.bounds, d.state, d.memory, d.clock, d.obs, d.produced, d.applied, d.diverged)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, d.loss, d.stats)
                .task("observe", ModulationKernels::observeOnDevice, d.obs, d.memory, d.loss, d.stats, d.dims, d.clock)
                .task("modulate", ModulationKernels::modulateOnDevice, form.kind(), d.produced, d.state, d.obs,
                        form.genes(), form.shape(), d.dims, form.mapping(), d.clock)
                .task("police", ModulationKernels::policeOnDevice, rule.id(), d.applied, d.diverged, d.produced,
                        d.bounds, d.dims, d.clock)
                .task("advance", ModulationKernels::advance, d.clock)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, d.obs, d.produced, d.applied, d.diverged, d.state);

        double worst = 0;
        try (TornadoExecutionPlan plan = new TornadoExecutionPlan(graph.snapshot())) {
            for (int t = 0; t < STEPS; t++) {
                synthetic(rng, d.loss, d.stats, t);
                plan.execute();
                System.arraycopy(d.loss, 0, host.loss, 0, P);
                System.arraycopy(d.stats, 0, host.stats, 0, d.stats.length);
                host.before();
                ModulationKernels.advance(host.clock);

                String at = kindName + " " + ruleName + " step " + t;
                for (int i = 0; i < d.obs.length; i++) {
                    assertEquals(host.obs[i], d.obs[i], TOLERANCE, at + ": observation " + i);
                }
                for (int i = 0; i < d.produced.length; i++) {
                    UpdateRule.HyperParam param = rule.params().get(i % M);
                    double error = Math.abs(param.unmap(host.produced[i]) - param.unmap(d.produced[i]));
                    worst = Math.max(worst, error);
                    assertTrue(error <= TOLERANCE, at + ": output u of value " + i + " differs by " + error);
                }
                for (int i = 0; i < d.applied.length; i++) {
                    assertEquals(host.applied[i], d.applied[i], appliedTolerance(rule, i % K, host.applied[i]),
                            at + ": applied value " + i);
                }
                assertArrayEquals(host.diverged, d.diverged, at + ": diverged members");
            }
        }
        System.out.printf("%s with %s: %d steps of %d members on the device, largest difference in u %.2e%n", kindName,
                ruleName, STEPS, P, worst);
    }

    /**
     * What TOLERANCE in u allows in step input k: the mapping's slope (high - low on a linear scale, v ln(high / low)
     * on a log one) for a modulated value, and TOLERANCE relative for a derived one (Adam's bias corrections).
     */
    private static double appliedTolerance(UpdateRule rule, int k, float value) {
        if (k >= rule.modulated()) {
            return TOLERANCE * Math.abs(value);
        }
        UpdateRule.HyperParam param = rule.params().get(k);
        double slope = param.scale() == UpdateRule.Scale.LOG ? Math.abs(value) * Math.log(param.high() / param.low())
                : param.high() - param.low();
        return TOLERANCE * slope;
    }

    /** A step's loss (P) and statistics (P, L, S): one member's loss turns infinite at step 150. */
    private static void synthetic(SplittableRandom rng, float[] loss, float[] stats, int t) {
        for (int p = 0; p < P; p++) {
            loss[p] = p == 1 && t >= 150 ? Float.POSITIVE_INFINITY : (float) (rng.nextDouble(0.1, 3) / (1 + t * 0.01));
        }
        for (int s = 0; s < P * L; s++) {
            int o = s * Stats.COUNT;
            stats[o + Stats.GRAD_SQ] = (float) rng.nextDouble(0, 4);
            stats[o + Stats.WEIGHT_SQ] = (float) rng.nextDouble(1, 50);
            stats[o + Stats.UPDATE_SQ] = (float) rng.nextDouble(0, 0.1);
            stats[o + Stats.GRAD_UPDATE_COS] = (float) rng.nextDouble(-1, 1);
        }
    }
}
