package org.neuromod.evolve.cli;

import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    private static List<String> names() {
        return Main.COMMANDS.stream().map(c -> c.getAnnotation(CommandLine.Command.class).name()).toList();
    }

    @Test
    void noCommandAndHelpListEveryCommand() {
        for (String[] args : List.of(new String[0], new String[] {"--help"})) {
            Cli.Outcome run = Cli.run(args);
            assertEquals(0, run.code(), run.err());
            for (String name : names()) {
                assertTrue(run.out().contains("\n  " + name + " "), "'" + String.join(" ", args) + "' lists " + name
                        + ":\n" + run.out());
            }
        }
    }

    @Test
    void aNamedCommandGetsItsOwnModelOnlyAndItsHelp() {
        for (String name : names()) {
            assertEquals(List.of(name), List.copyOf(Main.commandLine(name, "--help").getSubcommands().keySet()));
            Cli.Outcome help = Cli.run(name, "--help");
            assertEquals(0, help.code(), help.err());
            assertTrue(help.out().startsWith("Usage: neuromod " + name), help.out());
        }
        assertEquals(names(), List.copyOf(Main.commandLine("no-such-command").getSubcommands().keySet()),
                "an unknown name gets every command, so that the error can list them");
    }
}
