// The update-rule registry: every rule is well-formed, and the bodies compute their documented formulas.
package org.neuromod.kernels;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpdateRulesTest {

    @Test
    void everyRuleIsWellFormedAndFoundByName() {
        Set<String> names = new HashSet<>();
        for (UpdateRule rule : UpdateRules.all()) {
            assertTrue(names.add(rule.name()), "duplicate rule name " + rule.name());
            assertTrue(rule.k() >= 1, rule.name() + " modulates nothing");
            assertEquals(rule, UpdateRules.byName(rule.name()));
            Set<String> params = new HashSet<>();
            for (UpdateRule.HyperParam param : rule.params()) {
                assertTrue(params.add(param.name()), rule.name() + ": duplicate parameter " + param.name());
                assertTrue(param.min() < param.max(), rule.name() + "." + param.name() + " has an empty range");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> UpdateRules.byName("adamw-typo"));
    }

    @Test
    void momentumFollowsThePaperFormulation() {
        // v <- beta*v - alpha*g; w <- w + v, with alpha = 0.1, beta = 0.9, v = 2, g = 3
        float[] state = {0f, 2f};
        float[] hyper = {0f, 0.1f, 0.9f};
        float delta = UpdateRules.MOMENTUM.body().delta(1f, 3f, state, 1, 2, hyper, 1);
        assertEquals(0.9f * 2f - 0.1f * 3f, delta, 0f);
        assertEquals(delta, state[1], 0f);
        assertEquals(0f, state[0], 0f);
        assertEquals(0, UpdateRules.MOMENTUM.indexOf("learningRate"));
        assertEquals(1, UpdateRules.MOMENTUM.indexOf("momentum"));
    }

    @Test
    void sgdStepsAgainstTheGradient() {
        float delta = UpdateRules.SGD.body().delta(5f, 2f, new float[0], 0, 1, new float[] {0.25f}, 0);
        assertEquals(-0.5f, delta, 0f);
        assertEquals(0, UpdateRules.SGD.stateBuffers());
    }
}
