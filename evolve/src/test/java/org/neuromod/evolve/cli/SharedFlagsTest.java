// The shared flag groups (picocli mixins) are the only definition of their flags: every command that takes one of
// their flags takes it from the group, with the group's name, default and help, so the flag means and says the same
// everywhere. A command that declared such a flag again, differently, fails here.
package org.neuromod.evolve.cli;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SharedFlagsTest {
    /** The groups whose flags several commands take. */
    private static final List<Class<?>> GROUPS = List.of(NetworkOptions.class, BackendOptions.class,
            DataDirOption.class, GenomeOptions.class, TraceOptions.class);

    /** Flags that mean something else in one command, so that command declares its own: "command flag". */
    private static final List<String> OWN = List.of(
            "train --rule",        // its default is the genome's rule, when --modulator names a genome
            "baseline --threads",  // its default is the evolution run's thread count
            "baseline --eval-every"); // its traces get 20 test-accuracy rows per run by default

    /** Every command and subcommand of the command line. */
    private static List<CommandSpec> commands() {
        List<CommandSpec> all = new ArrayList<>();
        List<CommandLine> todo = new ArrayList<>(Main.commandLine().getSubcommands().values());
        while (!todo.isEmpty()) {
            CommandLine c = todo.remove(todo.size() - 1);
            all.add(c.getCommandSpec());
            todo.addAll(c.getSubcommands().values());
        }
        return all;
    }

    @Test
    void everyCommandTakesASharedFlagFromItsGroup() throws Exception {
        int uses = 0;
        for (Class<?> group : GROUPS) {
            CommandSpec own = CommandSpec.forAnnotatedObject(group.getDeclaredConstructor().newInstance());
            for (OptionSpec flag : own.options()) {
                for (CommandSpec command : commands()) {
                    OptionSpec there = command.findOption(flag.longestName());
                    String where = command.qualifiedName().replaceFirst("^neuromod ", "") + " " + flag.longestName();
                    if (there == null || OWN.contains(where)) {
                        continue;
                    }
                    assertEquals(List.of(flag.description()), List.of(there.description()), where);
                    assertEquals(flag.defaultValue(), there.defaultValue(), where);
                    assertEquals(flag.paramLabel(), there.paramLabel(), where);
                    uses++;
                }
            }
        }
        assertFalse(uses == 0, "the groups' flags are found in the commands");
    }
}
