// --kind and --rule: the modulator kind and the update rule of new genomes. One definition for `evolve` and
// `modulator new`, so both name, default, complete and check them alike, each against its registry.
package org.neuromod.evolve.cli;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;
import org.neuromod.modulators.Genomes;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

final class GenomeOptions {
    @Option(names = "--kind", defaultValue = "grn", description = "Modulator kind: ${COMPLETION-CANDIDATES} (default: "
            + "${DEFAULT-VALUE}; see `neuromod modulator kinds`).", completionCandidates = ModulatorCommand.KindNames.class)
    String kind;

    @Option(names = "--rule", defaultValue = "momentum", description = "Update rule: ${COMPLETION-CANDIDATES}; see "
            + "`neuromod rules` (default: ${DEFAULT-VALUE}).", completionCandidates = TrainCommand.RuleNames.class)
    String ruleName;

    /** Checks both flags (a bad one is a flag error, exit 2, of spec's command, naming it); returns the rule. */
    UpdateRule check(CommandSpec spec) {
        if (!Genomes.KINDS.contains(kind)) {
            throw NetworkOptions.bad(spec, "--kind", "expected one of " + String.join(", ", Genomes.KINDS) + ", got '"
                    + kind + "'");
        }
        try {
            return UpdateRules.byName(ruleName);
        } catch (UserException e) {
            throw NetworkOptions.bad(spec, "--rule", e.getMessage());
        }
    }
}
