// `neuromod rules`: every registered update rule with its learning parameters (bounds, the range and scale a
// modulator maps onto, the standard value, which one is the rate), derived step inputs and state buffers, all
// read from the registry.
package org.neuromod.evolve.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;

import picocli.CommandLine.Command;

@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Lists the update rules: their learning parameters, ranges, defaults and state buffers.")
final class RulesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        PrintStream out = System.out;
        for (UpdateRule r : UpdateRules.all()) {
            out.printf("%s: %s%n", r.name(), r.description());
            for (UpdateRule.HyperParam p : r.params()) {
                out.printf(Locale.ROOT, "  %-13s %s%s%n", p.name(), p.description(), p.rate() ? " (the rate schedules "
                        + "scale)" : "");
                out.printf(Locale.ROOT, "  %-13s valid [%s, %s], modulators map onto [%s, %s] (%s scale), default %s, "
                        + "frozen %s; flags %s%n", "", p.min(), p.max(), p.low(), p.high(),
                        p.scale().name().toLowerCase(Locale.ROOT), p.standard(), p.frozen(),
                        String.join(", ", p.aliases().stream().map(a -> "--" + a).toList())
                                + (p.aliases().isEmpty() ? "" : ", ") + TrainCommand.optionName(p.name()));
            }
            if (!r.derived().isEmpty()) {
                out.printf("  derived each step: %s%n", String.join(", ", r.derived()));
            }
            out.printf("  state buffers: %s%n", String.join(", ", r.stateNames()));
        }
        return 0;
    }
}
