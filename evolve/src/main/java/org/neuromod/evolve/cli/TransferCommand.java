// `neuromod transfer`: evolved genomes and tuned baseline settings, unchanged, on a training setup of the user's
// choosing (another network, activation, data set or budget), on paired seeds: seed s gives every row the same
// initial weights and batch order. Optionally the baselines are re-tuned on the target first (--retune N), the
// reference a practitioner would reach by tuning again. One JSON line per (row, seed) on stdout, a table with
// paired differences to the best baseline on stderr, CSV and a summary with --out.
package org.neuromod.evolve.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.neuromod.evolve.Baseline;
import org.neuromod.evolve.BaselineSearch;
import org.neuromod.evolve.Evolution;
import org.neuromod.evolve.Fitness;
import org.neuromod.evolve.Paired;
import org.neuromod.evolve.PopulationEvaluator;
import org.neuromod.evolve.RunDirectory;
import org.neuromod.evolve.ScoredWith;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UserException;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Genomes;
import org.neuromod.modulators.MixedModulator;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.Modulator;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.Seeds;
import org.neuromod.nn.Trainer;
import org.neuromod.nn.TrainingData;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "transfer", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains evolved genomes and tuned baselines, unchanged, on a setup of your choosing over paired "
                + "seeds, and compares each with the best baseline.")
final class TransferCommand implements Callable<Integer> {
    static final String RETUNED = "/retuned";

    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions net;

    @Option(names = "--genome", description = "A genome file (repeatable), e.g. a run's best.json.")
    List<Path> genomes = new ArrayList<>();

    @Option(names = "--baselines", description = "A `baseline` output directory: its tuned settings become rows, and "
            + "its best baseline (by validation fitness) is the reference.")
    Path baselines;

    @Option(names = "--seeds", defaultValue = "1-10", description = "Paired seeds: a range LOW-HIGH or a list "
            + "(default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--epochs", defaultValue = "1", description = "Training budget in epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--validation", defaultValue = "10000", description = "Training images held out (for --retune; "
            + "every row trains without them either way) (default: ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--retune", defaultValue = "0", description = "Also re-tune each baseline on this setup with N "
            + "network-trainings of random search on the validation split (default: ${DEFAULT-VALUE}, none).")
    int retune;

    @Option(names = "--modulate-every", description = "A genome's modulation period (default: the one it was "
            + "scored with, else 1).")
    Integer modulateEvery;

    @Option(names = "--max-population", defaultValue = "64", description = "Networks trained together at most "
            + "(default: ${DEFAULT-VALUE}).")
    int maxPopulation;

    @Option(names = "--out", description = "Also write results.csv (per row and seed) and summary.json into this new "
            + "directory.")
    Path out;

    /** A row: what trains (one member) under which label. */
    record Row(String label, String kind, UpdateRule rule, Modulator modulator) {
    }

    /** One (row, seed) result, as printed. */
    record Line(String row, String kind, String rule, long seed, double testAccuracy, double testLoss, boolean diverged,
                String data, List<Integer> hidden, String activation, int epochs) {
    }

    @Override
    public Integer call() throws Exception {
        net.check();
        net.positive("--epochs", epochs);
        net.positive("--max-population", maxPopulation);
        List<Long> seedList = net.parse(() -> parseSeeds(seeds), "--seeds");
        if (validation < 0) {
            throw net.bad("--validation", "must be >= 0, got " + validation);
        }
        if (retune < 0) {
            throw net.bad("--retune", "must be 0 (none) or a positive number of network-trainings, got " + retune);
        }
        if (retune > 0 && validation == 0) {
            throw net.bad("--retune", "tunes on the validation split: give --validation > 0");
        }
        if (modulateEvery != null) {
            net.positive("--modulate-every", modulateEvery);
        }
        if (genomes.isEmpty() && baselines == null && retune == 0) {
            throw net.bad("--genome", "nothing to train: give --genome FILE, --baselines DIR or --retune N");
        }
        if (out != null && Files.exists(out)) {
            throw new UserException("--out " + out + ": already exists; choose another");
        }
        if (out != null) {
            OutputPaths.folder(out, "--out " + out);
        }
        List<Row> rows = new ArrayList<>();
        List<Row> genomeRows = new ArrayList<>();
        for (Path file : genomes) {
            Genome genome = Genomes.read(file);
            ScoredWith scored = RunDirectory.scoredWith(file);
            int every = modulateEvery != null ? modulateEvery : scored != null ? scored.modulateEvery() : 1;
            UpdateRule rule = Genomes.rule(genome);
            genomeRows.add(new Row(file.toString(), genome.kind(), rule,
                    Genomes.population(rule, new Genome[] {genome}, every)));
        }
        rows.addAll(genomeRows);
        String reference = null;
        List<Baseline> toRetune = new ArrayList<>(Baseline.REGISTRY);
        if (baselines != null) {
            Path file = baselines.resolve(BaselineCommand.RESULT);
            if (!Files.isRegularFile(file)) {
                throw new UserException("--baselines " + baselines + ": not a baseline output directory (no " + file + ")");
            }
            JsonNode root;
            try {
                root = Json.PLAIN.readTree(file.toFile());
            } catch (IOException e) {
                throw new UserException(file + ": unreadable (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            toRetune.clear();
            for (JsonNode b : root.path("baselines")) {
                Baseline baseline = Baseline.byName(b.path("name").asText());
                Map<String, Double> setting = setting(b.path("best").path("setting"), file);
                rows.add(new Row(baseline.name(), "baseline", baseline.rule(), baseline.modulator(setting)));
                toRetune.add(baseline);
            }
            reference = root.path("best").asText(null);
        }
        PrintStream log = System.err;
        TrainingData data = net.load(log, validation);
        MlpSpec mlp = net.mlp(data);
        ParamLayout layout = ParamLayout.of(mlp);
        Map<String, Object> retuned = new LinkedHashMap<>();
        if (retune > 0) {
            String best = null;
            Fitness bestFitness = null;
            for (Baseline b : toRetune) {
                BaselineSearch.Trial t = retune(b, layout, data, log);
                rows.add(new Row(b.name() + RETUNED, "baseline", b.rule(), b.modulator(t.setting())));
                retuned.put(b.name(), Map.of("setting", t.setting(), "validationFitness", t.fitness().loss()));
                if (bestFitness == null || Fitness.ORDER.compare(t.fitness(), bestFitness) < 0) {
                    best = b.name() + RETUNED;
                    bestFitness = t.fitness();
                }
            }
            if (reference == null) {
                reference = best;
            }
        }
        log.printf("transfer: %d rows x %d seeds on MLP %s, %s, %d %s images (%d held out), %d epoch%s%n", rows.size(),
                seedList.size(), java.util.Arrays.toString(mlp.widths()), net.act.name().toLowerCase(Locale.ROOT),
                data.train().count(), net.dataSet.id(), validation, epochs, epochs == 1 ? "" : "s");
        Map<String, double[]> accuracy = new LinkedHashMap<>();
        Map<String, Integer> diverged = new LinkedHashMap<>();
        rows.forEach(r -> {
            accuracy.put(r.label(), new double[seedList.size()]);
            diverged.put(r.label(), 0);
        });
        List<Line> lines = new ArrayList<>();
        Map<String, List<Row>> byRule = new LinkedHashMap<>();
        rows.forEach(r -> byRule.computeIfAbsent(r.rule().name(), k -> new ArrayList<>()).add(r));
        try (RunProgress progress = new RunProgress(log, "transfer", (long) seedList.size() * byRule.size(), 0)) {
            for (List<Row> group : byRule.values()) {
                for (int from = 0; from < group.size(); from += maxPopulation) {
                    List<Row> chunk = group.subList(from, Math.min(group.size(), from + maxPopulation));
                    try (Backend engine = net.openBackend()) {
                        Trainer trainer = new Trainer(engine, layout, chunk.get(0).rule(), data, net.batch,
                                chunk.size()).stepsPerCall(net.backendFlags.stepsPerCall);
                        for (int i = 0; i < seedList.size(); i++) {
                            long seed = seedList.get(i);
                            long[] init = new long[chunk.size()];
                            java.util.Arrays.fill(init, Seeds.key(seed, Seeds.Purpose.INIT, 0));
                            Trainer.Result result = trainer.train(new Trainer.Run(epochs, init, seed, true, false),
                                    new MixedModulator(chunk.stream().map(Row::modulator).toList(), ones(chunk.size())),
                                    Trainer.Progress.NONE);
                            for (int p = 0; p < chunk.size(); p++) {
                                Row row = chunk.get(p);
                                double acc = result.test().accuracy()[p];
                                accuracy.get(row.label())[i] = acc;
                                if (result.diverged()[p]) {
                                    diverged.merge(row.label(), 1, Integer::sum);
                                }
                                Line line = new Line(row.label(), row.kind(), row.rule().name(), seed, acc,
                                        result.test().meanLoss()[p], result.diverged()[p], net.dataSet.id(), net.widths,
                                        net.act.name().toLowerCase(Locale.ROOT), epochs);
                                lines.add(line);
                                System.out.println(Json.PLAIN.writeValueAsString(line));
                            }
                            progress.step("seed " + seed, null);
                        }
                    }
                }
            }
        }
        System.out.flush();
        List<Map<String, Object>> summary = summarize(rows, accuracy, diverged, reference);
        printTable(log, summary, reference, seedList.size());
        if (out != null) {
            write(out, lines, summary, reference, seedList, retuned);
            log.println("results written to " + out);
        }
        return 0;
    }

    /** Random search with {@code retune} trials on this setup's validation split, in rounds of up to 16. */
    private BaselineSearch.Trial retune(Baseline b, ParamLayout layout, TrainingData data, PrintStream log) {
        int perRound = Math.min(16, retune);
        List<Integer> rounds = new ArrayList<>();
        for (int left = retune; left > 0; left -= perRound) {
            rounds.add(Math.min(perRound, left));
        }
        BaselineSearch.Plan plan = new BaselineSearch.Plan(List.of(b), rounds, 1, layout.spec().layerCount());
        try (PopulationEvaluator evaluator = new PopulationEvaluator(net::openBackend, layout, b.rule(), data, net.batch,
                epochs, 0, 1, maxPopulation).stepsPerCall(net.backendFlags.stepsPerCall)) {
            Path scratch = Files.createTempDirectory("neuromod-retune");
            try {
                BaselineSearch.Result r = BaselineSearch.run(plan, rule -> evaluator, scratch, report -> {
                }).get(0);
                BaselineSearch.Trial t = r.bestTrial();
                log.printf("retuned %s with %d trials: validation fitness %.4f at %s%n", b.name(), retune,
                        t.fitness().loss(), Baseline.describe(t.setting()));
                return t;
            } finally {
                try (var files = Files.list(scratch)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(scratch);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Double> setting(JsonNode node, Path file) {
        if (!node.isObject() || node.isEmpty()) {
            throw new UserException(file + ": a baseline without a best setting");
        }
        Map<String, Double> setting = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isNumber()) {
                throw new UserException(file + ": setting value '" + e.getKey() + "' is not a number");
            }
            setting.put(e.getKey(), e.getValue().asDouble());
        });
        return setting;
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    /** Per row: mean, standard deviation and 95% interval of test accuracy, and the paired difference to the reference. */
    private static List<Map<String, Object>> summarize(List<Row> rows, Map<String, double[]> accuracy,
                                                       Map<String, Integer> diverged, String reference) {
        List<Map<String, Object>> summary = new ArrayList<>();
        for (Row row : rows) {
            double[] acc = accuracy.get(row.label());
            Paired.Interval i = Paired.of(acc);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("row", row.label());
            s.put("kind", row.kind());
            s.put("rule", row.rule().name());
            s.put("seeds", acc.length);
            s.put("meanAccuracy", i.mean());
            s.put("std", finite(i.std()));
            s.put("low", finite(i.low()));
            s.put("high", finite(i.high()));
            if (reference != null && accuracy.containsKey(reference)) {
                Paired.Interval d = Paired.difference(acc, accuracy.get(reference));
                s.put("difference", d.mean());
                s.put("differenceLow", finite(d.low()));
                s.put("differenceHigh", finite(d.high()));
            }
            s.put("diverged", diverged.get(row.label()));
            summary.add(s);
        }
        return summary;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static void printTable(PrintStream log, List<Map<String, Object>> summary, String reference, int seeds) {
        int width = Math.max(24, summary.stream().mapToInt(s -> s.get("row").toString().length()).max().orElse(0));
        log.printf(Locale.ROOT, "%-" + width + "s %9s %8s  %s%n", "row", "accuracy", "std",
                reference == null ? "(no baseline to compare with)" : "minus " + reference + " (paired, 95% interval, "
                        + seeds + " seeds)");
        for (Map<String, Object> s : summary) {
            String diff = "";
            if (s.containsKey("difference")) {
                diff = String.format(Locale.ROOT, "%+.4f [%s, %s]", (double) s.get("difference"),
                        signed(s.get("differenceLow")), signed(s.get("differenceHigh")));
            }
            int d = (int) s.get("diverged");
            log.printf(Locale.ROOT, "%-" + width + "s %9.4f %8s  %s%s%n", s.get("row"), (double) s.get("meanAccuracy"),
                    text(s.get("std")), diff, d > 0 ? "  (" + d + " diverged)" : "");
        }
    }

    private static String text(Object v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", (double) v);
    }

    private static String signed(Object v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%+.4f", (double) v);
    }

    private void write(Path dir, List<Line> lines, List<Map<String, Object>> summary, String reference,
                       List<Long> seedList, Map<String, Object> retuned) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("row,kind,rule,seed,testAccuracy,testLoss,diverged\n");
        for (Line l : lines) {
            csv.append(csvField(l.row())).append(',').append(l.kind()).append(',').append(l.rule()).append(',')
                    .append(l.seed()).append(',').append(l.testAccuracy()).append(',').append(l.testLoss()).append(',')
                    .append(l.diverged()).append('\n');
        }
        Trace.writeAtomically(dir.resolve("results.csv"), csv.toString());
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("data", net.dataSet.id());
        target.put("hidden", net.widths);
        target.put("activation", net.act.name().toLowerCase(Locale.ROOT));
        target.put("epochs", epochs);
        target.put("batch", net.batch);
        target.put("limit", net.limitOrAll());
        target.put("validation", validation);
        root.put("target", target);
        root.put("seeds", seedList);
        root.put("reference", reference);
        root.put("rows", summary);
        if (!retuned.isEmpty()) {
            root.put("retune", Map.of("trainings", retune, "settings", retuned));
        }
        Trace.writeAtomically(dir.resolve("summary.json"), Json.PRETTY.writeValueAsString(root) + "\n");
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** "1-10" (inclusive), "3" or "1,4,7": at least one seed, no repeats. */
    static List<Long> parseSeeds(String text) {
        List<Long> list = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    long low = Long.parseLong(p.substring(0, dash).trim());
                    long high = Long.parseLong(p.substring(dash + 1).trim());
                    if (high < low) {
                        throw new UserException("the range " + p + " is empty (write LOW-HIGH)");
                    }
                    if (high - low >= 10_000) {
                        throw new UserException("the range " + p + " holds more than 10000 seeds");
                    }
                    for (long s = low; s <= high; s++) {
                        list.add(s);
                    }
                } else {
                    list.add(Long.parseLong(p));
                }
            } catch (NumberFormatException e) {
                throw new UserException("'" + p + "' is not a seed or a range LOW-HIGH");
            }
        }
        if (list.stream().distinct().count() != list.size()) {
            throw new UserException("a seed is repeated in '" + text + "'");
        }
        return list;
    }
}
