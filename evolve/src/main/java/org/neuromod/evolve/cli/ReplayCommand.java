// `neuromod replay`: retrains a saved genome under the setup and seeds it was scored with (its scoredWith
// block), so the logged validation fitness comes out bit for bit on the same backend; prints train's JSON line
// and writes the trace CSV.
package org.neuromod.evolve.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.neuromod.evolve.BuildInfo;
import org.neuromod.evolve.RunDirectory;
import org.neuromod.evolve.ScoredWith;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UserException;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Genomes;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.Modulator;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.Trainer;
import org.neuromod.nn.TrainingData;
import org.neuromod.nn.data.DataSetName;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Retrains a saved genome (best.json of an evolution run) with the setup and seeds it was scored with.")
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--genome", required = true, description = "Genome file with a scoredWith block (a run's best.json).")
    Path genomeFile;

    @Option(names = "--out", required = true, description = "Folder for the trace CSV (created if missing).")
    Path out;

    @Mixin
    DataDirOption dataDir;

    @Mixin
    BackendOptions backendFlags;

    @Mixin
    TraceOptions traceFlags;

    @Option(names = "--setup", description = "A genome scored on several setups: replay only the setup of this index "
            + "(as best.json lists them; default: every one).")
    Integer setup;

    @Override
    public Integer call() throws Exception {
        backendFlags.check(spec);
        traceFlags.check(spec);
        Genome genome = Genomes.read(genomeFile);
        ScoredWith s = RunDirectory.scoredWith(genomeFile);
        if (s == null) {
            throw new UserException(genomeFile + ": no scoredWith block (not written by an evolution run); "
                    + "train it with: bin/neuromod train --modulator " + genomeFile);
        }
        s.check(genomeFile + ": scoredWith", Genomes.rule(genome));
        OutputPaths.folder(out, "--out " + out);
        PrintStream log = System.err;
        try (Backend engine = backendFlags.open()) {
            for (Replayed r : replays(s, setup, out)) {
                TrainCommand.Report report = replay(genomeFile, genome, r.scored(), r.dir(), r.trace(),
                        r.dataDir() != null ? r.dataDir() : dataDir.dir, engine, traceFlags.evalPeriod(),
                        traceFlags.traceState, log);
                TrainCommand.printSummary(report, true);
            }
        }
        return 0;
    }

    /** One retraining: the single-setup block, the trace file to write, and the setup's own data folder. */
    record Replayed(ScoredWith scored, Path dir, String trace, Path dataDir) {
    }

    /**
     * What to retrain: the genome's one setup into dir/trace.csv; with several setups each one (or only the one
     * of index {@code only}), the first into trace.csv and the others into trace-setup<index>.csv.
     */
    static List<Replayed> replays(ScoredWith s, Integer only, Path dir) {
        if (s.setups() == null) {
            if (only != null) {
                throw new UserException("--setup " + only + ": this genome was scored on one setup; drop --setup");
            }
            return List.of(new Replayed(s, dir, "trace.csv", null));
        }
        List<Replayed> list = new ArrayList<>();
        for (ScoredWith.SetupScore score : s.setups()) {
            if (only == null || only == score.index()) {
                list.add(new Replayed(s.on(score), dir, list.isEmpty() ? "trace.csv" : "trace-setup" + score.index()
                        + ".csv", score.setup().dataDir() == null ? null : Path.of(score.setup().dataDir())));
            }
        }
        if (list.isEmpty()) {
            throw new UserException("--setup " + only + ": the genome was scored on setups " + s.setups().stream()
                    .map(x -> String.valueOf(x.index())).toList());
        }
        return list;
    }

    /**
     * Retrains genome (read from genomeFile, scored with s) on engine with its recorded setup and seeds, tracing
     * it into dir/trace with test-accuracy rows every evalEvery steps (0: none); returns train's report.
     */
    static TrainCommand.Report replay(Path genomeFile, Genome genome, ScoredWith s, Path dir, String traceName,
                                      Path dataDir, Backend engine, long evalEvery, boolean traceState,
                                      PrintStream log) throws Exception {
        UpdateRule rule = Genomes.rule(genome);
        TrainingData data = NetworkOptions.load(DataSetName.parse(s.data()), dataDir, log, s.limit(), s.validation());
        ParamLayout layout = ParamLayout.of(new MlpSpec(data.inputWidth(), s.hidden(), Activation.parse(s.activation()),
                data.classes()));
        Files.createDirectories(dir);
        Path trace = dir.resolve(traceName);
        Trainer trainer = new Trainer(engine, layout, rule, data, s.batch(), 1);
        Trainer.Run run = new Trainer.Run(s.epochs(), new long[] {s.initSeed()}, s.orderSeed(), true, false, s.steps());
        long total = s.steps() > 0 ? Math.min(s.steps(), trainer.steps(s.epochs())) : trainer.steps(s.epochs());
        log.printf("replaying %s (generation %d, candidate %d, logged fitness %s) on %s: %s%n", genomeFile,
                s.generation(), s.candidate(), s.fitness(), engine.name(), engine.device());
        Trainer.Result result;
        Modulator modulator = Genomes.population(rule, new Genome[] {genome}, s.modulateEvery());
        Trace.Info info = new Trace.Info(null, new Trace.Source(genome.kind(), genome.format(),
                TrainCommand.sha256(genomeFile), genomeFile.toAbsolutePath().toString(), null), rule.name(),
                s.modulateEvery(), Math.max(1, total / 200), evalEvery, traceState, new Trace.Setup(s.data(), s.hidden(),
                s.activation().toLowerCase(Locale.ROOT), s.batch(), s.epochs(), total, s.limit(), s.validation(), 1,
                null, s.initSeed(), s.orderSeed()), engine.name(), engine.device(), BuildInfo.current());
        try (Trace writer = new Trace(trace, info, rule, modulator, 1, layout.spec().layerCount())) {
            result = trainer.train(run, modulator, r -> TrainCommand.printEpoch(log, r), writer);
            writer.finish();
        }
        Double fromStart = TrainCommand.secondsFromStart();
        log.println("fitness " + (1 - (double) result.validationAccuracy()[0]) + " (logged " + s.fitness()
                + (s.fitnessSeeds() == null ? "" : ", the mean over " + s.fitnessSeeds() + " seed pairs, of which "
                + "this is the first") + "); trace written to " + trace);
        BuildInfo build = BuildInfo.current();
        return new TrainCommand.Report(s.data(), s.hidden(), s.activation().toLowerCase(Locale.ROOT),
                s.epochs(), s.batch(), 1, rule.name(), null,
                new TrainCommand.ModulatorInfo(genome.kind(), genome.format(), genomeFile.toAbsolutePath().toString(),
                        TrainCommand.sha256(genomeFile)), 0, s.limit(), s.validation(), result.testAccuracy(),
                result.validationAccuracy(), result.validation().meanLoss(), result.diverged(), result.steps(),
                result.trainSeconds(), fromStart, result.samplesPerSecond(), engine.name(),
                engine.device(), engine.threads(),
                build.version(), build.commit(), build.jdk());
    }
}
