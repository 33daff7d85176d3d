// Every Backend wrapper passes on the whole contract: wrappers extend ForwardingBackend, which declares every method
// of the interface (checked by reflection, so a method added to Backend later fails here until it forwards it). Each call on the wrapper reaches the wrapped backend
// with the same arguments, and its result comes back.
package org.neuromod.evolve;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.ForwardingBackend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class BackendWrapperTest {
    @Test
    void theTimedWrapperForwardsEveryMethodOfTheContract() throws Exception {
        List<String> received = new ArrayList<>();
        Map<String, Object> answers = Map.of("name", "inner", "device", "device 7", "threads", 3,
                "lastStepProfile", Map.of("kernel", 5L), "choices", Map.of("forward0", "plain"));
        Backend inner = (Backend) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    received.add(method.getName());
                    return answers.get(method.getName());
                });
        Backend timed = new PopulationEvaluator.Timed(inner);
        for (Method m : Backend.class.getMethods()) {
            ForwardingBackend.class.getDeclaredMethod(m.getName(), m.getParameterTypes()); // none left to a default
            Object[] args = new Object[m.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                Class<?> t = m.getParameterTypes()[i];
                args[i] = t == int.class ? 1 : t == long.class ? 1L : t.isArray() ? java.lang.reflect.Array.newInstance(t.getComponentType(), 1)
                        : null;
            }
            received.clear();
            Object result = m.invoke(timed, args);
            assertEquals(List.of(m.getName()), received, m.getName() + " reaches the wrapped backend");
            if (answers.containsKey(m.getName())) {
                assertSame(answers.get(m.getName()), result, m.getName() + "'s result comes back");
            }
        }
    }
}
