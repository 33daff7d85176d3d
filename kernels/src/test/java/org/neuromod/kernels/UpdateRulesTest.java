// The update-rule registry: every rule is well-formed and reached by the static dispatch kernels use; each
// rule's delta matches an independent double-precision formula written here (not the rule's own body); the
// mapping of modulator outputs onto parameters; the frozen values stop a parameter.
package org.neuromod.kernels;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpdateRulesTest {

    @Test
    void everyRuleIsWellFormedAndFoundByNameAndId() {
        Set<String> names = new HashSet<>();
        Set<Integer> ids = new HashSet<>();
        for (UpdateRule rule : UpdateRules.all()) {
            assertTrue(names.add(rule.name()), "duplicate rule name " + rule.name());
            assertTrue(ids.add(rule.id()), "duplicate rule id " + rule.id());
            assertTrue(rule.modulated() >= 1, rule.name() + " modulates nothing");
            assertEquals(rule, UpdateRules.byName(rule.name()));
            assertEquals(rule.k(), rule.stepInputNames().size());
            Set<String> params = new HashSet<>();
            for (UpdateRule.HyperParam param : rule.params()) {
                assertTrue(params.add(param.name()), rule.name() + ": duplicate parameter " + param.name());
                assertTrue(param.min() <= param.low() && param.high() <= param.max(),
                        rule.name() + "." + param.name() + " maps outside its bounds");
            }
        }
        assertThrows(UserException.class, () -> UpdateRules.byName("adamw-typo"));
    }

    @Test
    void theStaticSwitchCoversTheRegistry() {
        // delta returns NaN for an id it has no case for; finite inputs give a finite delta for every rule
        for (UpdateRule rule : UpdateRules.all()) {
            int n = 4;
            float[] state = new float[rule.stateBuffers() * n];
            float[] hyper = new float[rule.k()];
            for (int k = 0; k < rule.modulated(); k++) {
                hyper[k] = rule.params().get(k).map(0.5);
            }
            rule.derive(hyper, 0, 3);
            float d = UpdateRules.delta(rule.id(), 0.5f, 0.25f, state, 1, n, hyper, 0);
            assertTrue(Float.isFinite(d) && d != 0f, rule.name() + " (id " + rule.id() + ") is missing from "
                    + "UpdateRules.delta or does not move: " + d);
        }
    }

    /** Independent formulas, in double: the delta, and the state afterwards, for one parameter. */
    private static double[] expected(String rule, double w, double g, double[] state, double[] modulated, long t) {
        return switch (rule) {
            case "sgd" -> new double[] {-modulated[0] * g, -modulated[0] * g};
            case "momentum" -> {
                double v = modulated[1] * state[0] - modulated[0] * g;
                yield new double[] {v, v};
            }
            case "adam" -> {
                double m = 0.9 * state[0] + 0.1 * g;
                double v = 0.999 * state[1] + 0.001 * g * g;
                double mHat = m / (1 - Math.pow(0.9, t));
                double vHat = v / (1 - Math.pow(0.999, t));
                double d = -modulated[0] * mHat / (Math.sqrt(vHat) + 1e-8);
                yield new double[] {d, m, v, d};
            }
            case "rmsprop" -> {
                double s = modulated[1] * state[1] + (1 - modulated[1]) * g * g;
                double d = -modulated[0] * g / (Math.sqrt(s) + 1e-8);
                yield new double[] {d, d, s};
            }
            default -> throw new AssertionError("no independent formula for rule '" + rule
                    + "': add one to this test");
        };
    }

    @Test
    void everyRuleMatchesItsIndependentFormula() {
        SplittableRandom rng = new SplittableRandom(3);
        for (UpdateRule rule : UpdateRules.all()) {
            int n = 5;
            int i = 2;
            for (int trial = 0; trial < 200; trial++) {
                long t = 1 + rng.nextInt(1000);
                float w = (float) rng.nextDouble(-1, 1);
                float g = (float) rng.nextDouble(-2, 2);
                float[] state = new float[rule.stateBuffers() * n];
                double[] before = new double[rule.stateBuffers()];
                for (int s = 0; s < rule.stateBuffers(); s++) {
                    // second-moment-like buffers stay non-negative
                    state[s * n + i] = (float) rng.nextDouble(s == 1 ? 0 : -0.5, 0.5);
                    before[s] = state[s * n + i];
                }
                float[] hyper = new float[1 + rule.k()];
                double[] modulated = new double[rule.modulated()];
                for (int k = 0; k < rule.modulated(); k++) {
                    hyper[1 + k] = rule.params().get(k).map(rng.nextDouble());
                    modulated[k] = hyper[1 + k];
                }
                rule.derive(hyper, 1, t);
                float d = UpdateRules.delta(rule.id(), w, g, state, i, n, hyper, 1);
                double[] want = expected(rule.name(), w, g, before, modulated, t);
                String where = rule.name() + " trial " + trial + " t=" + t;
                assertEquals(want[0], d, 1e-5 * Math.abs(want[0]) + 1e-6, where + " delta");
                for (int s = 0; s < rule.stateBuffers(); s++) {
                    assertEquals(want[1 + s], state[s * n + i], 1e-5 * Math.abs(want[1 + s]) + 1e-7,
                            where + " state " + s);
                }
                assertEquals(d, state[rule.previousUpdate() * n + i], 0f, where + ": the previous-update buffer");
            }
        }
    }

    @Test
    void frozenValuesStopEveryRule() {
        for (UpdateRule rule : UpdateRules.all()) {
            int n = 3;
            float[] state = {0.3f, 0.2f, 0.1f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f};
            float[] hyper = new float[rule.k()];
            for (int k = 0; k < rule.modulated(); k++) {
                hyper[k] = rule.params().get(k).frozen();
            }
            rule.derive(hyper, 0, 7);
            float w = 0.75f;
            assertEquals(w, w + UpdateRules.delta(rule.id(), w, 1.5f, state, 1, n, hyper, 0), 0f, rule.name());
        }
    }

    @Test
    void outputsMapOntoTheDeclaredRangeAndScale() {
        UpdateRule.HyperParam lr = UpdateRules.MOMENTUM.params().get(UpdateRules.MOMENTUM.indexOf("learningRate"));
        assertEquals(1e-4f, lr.map(0), 1e-10);
        assertEquals(1f, lr.map(1), 1e-6);
        assertEquals(1e-2f, lr.map(0.5), 1e-7, "log scale: the middle is the geometric mean");
        assertEquals(1e-4f, lr.map(-3), 1e-10, "outputs below 0 clamp");
        assertEquals(1f, lr.map(Double.POSITIVE_INFINITY), 1e-6, "outputs above 1 clamp");
        assertEquals(0.25, lr.unmap(lr.map(0.25)), 1e-6);
        UpdateRule.HyperParam beta = UpdateRules.MOMENTUM.params().get(UpdateRules.MOMENTUM.indexOf("momentum"));
        assertEquals(0.495f, beta.map(0.5), 1e-6, "linear scale over [0, 0.99]");
        UpdateRule.HyperParam adamLr = UpdateRules.ADAM.params().get(0);
        assertEquals(1e-5f, adamLr.map(0), 1e-11);
        assertEquals(1e-1f, adamLr.map(1), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> new UpdateRule.HyperParam("x", 0f, 1f, 0f, 0.5f,
                UpdateRule.Scale.LOG, 0f, 0.1f, "x", true, java.util.List.of()), "a log range cannot start at 0");
    }
}
