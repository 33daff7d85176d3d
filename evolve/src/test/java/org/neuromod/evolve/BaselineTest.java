// Every registered baseline, with no test of its own: its random settings lie in its declared ranges and follow
// the seed, its modulator builds from a setting, and its settings trained together as one population give each
// member the same bits as that setting trained alone.
package org.neuromod.evolve;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.jvm.JvmBackend;
import org.neuromod.modulators.MixedModulator;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.Trainer;
import org.neuromod.nn.TrainingData;
import org.neuromod.nn.data.DataSetName;
import org.neuromod.nn.data.DataSets;
import org.neuromod.nn.data.IdxFiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineTest {
    @TempDir
    static Path dir;
    static TrainingData data;

    @BeforeAll
    static void writeData() throws Exception {
        IdxFiles.writeLearnableSet(dir, 400, 100, 3);
        data = TrainingData.of(DataSets.load(DataSetName.MNIST, dir), 0, 100);
    }

    static Stream<Baseline> baselines() {
        return Baseline.REGISTRY.stream();
    }

    @ParameterizedTest
    @MethodSource("baselines")
    void randomSettingsLieInTheDeclaredRangesAndFollowTheSeed(Baseline b) {
        int layers = 3;
        List<Baseline.Range> ranges = b.ranges(layers);
        for (int trial = 0; trial < 200; trial++) {
            Map<String, Double> s = b.random(7, trial, layers);
            assertEquals(ranges.stream().map(Baseline.Range::name).toList(), List.copyOf(s.keySet()), b.name());
            for (Baseline.Range r : ranges) {
                double v = s.get(r.name());
                assertTrue(v >= r.low() && v <= r.high(), b.name() + " " + r.name() + " " + v);
                assertEquals((float) v, v, 0.0, "stored as a float");
            }
            b.modulator(s); // every drawn setting is a valid modulator
        }
        assertEquals(b.random(7, 5, layers), b.random(7, 5, layers), "a pure function of (seed, trial)");
        assertNotEquals(b.random(7, 5, layers), b.random(8, 5, layers), "the seed is applied");
        assertNotEquals(b.random(7, 5, layers), b.random(7, 6, layers), "each trial draws anew");
        for (org.neuromod.kernels.UpdateRule.HyperParam p : b.rule().params()) {
            assertTrue(ranges.stream().anyMatch(r -> r.name().startsWith(p.name()) && r.low() == p.low()
                    && r.high() == p.high() && r.log() == (p.scale() == org.neuromod.kernels.UpdateRule.Scale.LOG)),
                    b.name() + " searches " + p.name() + " over its modulator range and scale");
        }
    }

    @ParameterizedTest
    @MethodSource("baselines")
    void eachMemberOfAPopulationOfSettingsTrainsAsThatSettingAlone(Baseline b) {
        ParamLayout layout = ParamLayout.of(new MlpSpec(data.inputWidth(), List.of(16, 8), Activation.TANH,
                data.classes()));
        List<Map<String, Double>> settings = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            settings.add(b.random(3, i, layout.spec().layerCount()));
        }
        long init = 42;
        Trainer.Result together;
        try (JvmBackend backend = new JvmBackend(2)) {
            Trainer trainer = new Trainer(backend, layout, b.rule(), data, 20, 4);
            together = trainer.train(new Trainer.Run(2, new long[] {init, init, init, init}, 9, true, false),
                    BaselineSearch.members(b, settings), Trainer.Progress.NONE);
        }
        int n = layout.paramsPerNet();
        for (int i = 0; i < 4; i++) {
            Trainer.Result alone;
            try (JvmBackend backend = new JvmBackend(1)) {
                Trainer trainer = new Trainer(backend, layout, b.rule(), data, 20, 1);
                alone = trainer.train(new Trainer.Run(2, new long[] {init}, 9, true, false),
                        b.modulator(settings.get(i)), Trainer.Progress.NONE);
            }
            assertArrayEquals(java.util.Arrays.copyOfRange(together.params(), i * n, (i + 1) * n), alone.params(),
                    b.name() + " member " + i + ": parameters");
            assertEquals(together.validation().accuracy()[i], alone.validation().accuracy()[0]);
            assertEquals(together.validation().meanLoss()[i], alone.validation().meanLoss()[0]);
            assertEquals(together.test().accuracy()[i], alone.test().accuracy()[0]);
        }
        assertTrue(MixedModulator.class.isInstance(BaselineSearch.members(b, settings)));
    }
}
