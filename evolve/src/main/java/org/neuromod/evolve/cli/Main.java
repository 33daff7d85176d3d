// The command line: `neuromod evolve`, `train` and the other subcommands. User errors (bad flags, bad data files,
// bad values) end with one message and a non-zero exit, never a stack trace.
package org.neuromod.evolve.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.IntSupplier;

import org.neuromod.evolve.BuildInfo;
import org.neuromod.kernels.Footprint;
import org.neuromod.kernels.UserException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "neuromod", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Evolves neuromodulators for deep-network training; trains populations of MLPs.")
public final class Main implements Runnable {

    /** The subcommands, in the order `neuromod --help` lists them. */
    static final List<Class<?>> COMMANDS = List.of(EvolveCommand.class, ReplayCommand.class, TrainCommand.class,
            BaselineCommand.class, TransferCommand.class, ReportCommand.class, ModulatorCommand.class,
            RulesCommand.class, DevicesCommand.class, WorkerCommand.class, ClusterCommand.class);

    /** Exit code of user errors found while running (bad data, impossible settings); picocli uses 2 for bad flags. */
    static final int USER_ERROR = 1;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        CommandLine cli = commandLine(args);
        CommandLine train = cli.getSubcommands().get("train");
        if (train != null) {
            TrainCommand.addParameterOptions(train.getCommandSpec());
        }
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler(Main::badParameter);
        return guard(() -> cli.execute(args), cli.getErr());
    }

    /**
     * The command line for these arguments. picocli builds a command's whole model (every option, mixin and
     * subcommand, by reflection) when the command is added, which costs every run a fifth of a second for all of
     * them. So a command line that names a subcommand first gets that one only; anything else (no arguments,
     * --help, --version, an unknown name) gets them all, so that help and errors list every command.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new Main());
        List<Class<?>> named = args.length == 0 ? List.of()
                : COMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(args[0])).toList();
        for (Class<?> command : named.isEmpty() ? COMMANDS : named) {
            cli.addSubcommand(command);
        }
        return cli;
    }

    /**
     * Runs a command; the JVM running out of memory (which the up-front size check should have prevented) ends
     * it with one line and exit 1, not a stack trace.
     */
    static int guard(IntSupplier command, PrintWriter err) {
        try {
            return command.getAsInt();
        } catch (OutOfMemoryError e) {
            err.println("neuromod: error: the JVM ran out of memory (" + e.getMessage() + "): train fewer "
                    + "networks together (--population, --max-population) or smaller --hidden layers, or give the "
                    + "JVM more memory (NEUROMOD_JAVA_OPTS=-Xmx...)");
            err.flush();
            return USER_ERROR;
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No command: the usage, from the command line that was run, so that it lists the commands added to it. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A bad flag: the message and where to find help, not the whole usage text. */
    private static int badParameter(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("neuromod: " + e.getMessage() + " (see '" + cli.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e.getCause() instanceof OutOfMemoryError oom) {
            throw oom; // one line from guard
        }
        if (e instanceof UserException) {
            err.println("neuromod: error: " + e.getMessage() + remedy(e, parsed));
            err.flush();
            return USER_ERROR;
        }
        err.println("neuromod: internal error: " + e);
        e.printStackTrace(err);
        err.flush();
        return 70; // EX_SOFTWARE
    }

    /**
     * For a population refused for its size, the command's own flag that sets it (train's --population, the
     * --max-population of evolve, baseline and transfer), read from the command's options; otherwise nothing.
     */
    static String remedy(Exception e, CommandLine.ParseResult parsed) {
        if (!(e instanceof Footprint.TooLarge tooLarge) || tooLarge.fits() < 1) {
            return "";
        }
        CommandLine.ParseResult command = parsed;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        for (String flag : POPULATION_FLAGS) {
            if (command.commandSpec().findOption(flag) != null) {
                return " (" + flag + " " + tooLarge.fits() + ")";
            }
        }
        return "";
    }

    /** The options that set how many networks train together, in the commands that have one. */
    static final List<String> POPULATION_FLAGS = List.of("--population", "--max-population");

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo info = BuildInfo.current();
            return new String[] {"neuromod " + info.version() + " (commit " + info.commit() + ")", "JDK " + info.jdk()};
        }
    }
}
