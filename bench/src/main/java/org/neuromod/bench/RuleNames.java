// Prints the registered update rules as JMH's -p list (sgd,momentum,...), so bench/run.sh benchmarks every
// rule in the registry without naming any.
package org.neuromod.bench;

import org.neuromod.kernels.UpdateRules;

public final class RuleNames {
    private RuleNames() {
    }

    public static void main(String[] args) {
        System.out.println(String.join(",", UpdateRules.names()));
    }
}
