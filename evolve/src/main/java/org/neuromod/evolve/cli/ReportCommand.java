// `neuromod report DIR...`: PNG plots of what the other commands wrote. For an evolution run: fitness over
// generations, the winner's per-layer learning parameters over training (from its replay trace) beside the tuned
// baselines' (from their traces), and test accuracy over training of the winner and the best baseline. For a
// baseline directory: the baselines' parameters and accuracy. For transfer outputs: mean test accuracy with
// 95% intervals per row and target.
package org.neuromod.evolve.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.neuromod.evolve.report.Plots;
import org.neuromod.evolve.report.ReportData;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UserException;

import org.knowm.xchart.internal.chartpart.Chart;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draws PNG plots of an evolution run, a baseline directory or transfer outputs.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "An evolve run directory, a `baseline` output "
            + "directory or a `transfer --out` directory (several transfer outputs are drawn side by side).")
    List<Path> dirs;

    @Option(names = "--baselines", description = "A `baseline` output directory to draw beside a run's winner "
            + "(default: RUN/baselines when it exists).")
    Path baselines;

    @Option(names = "--out", description = "Write every plot into this directory instead of beside its data.")
    Path out;

    static final String WINNER = " winner";

    /** A plot to write: its file name and chart. */
    record Plot(Path file, Chart<?, ?> chart) {
    }

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<Plot> plots = plots();
        for (Plot p : plots) {
            Files.createDirectories(p.file().toAbsolutePath().getParent());
            Path tmp = p.file().resolveSibling(p.file().getFileName() + ".tmp");
            Files.write(tmp, render(p));
            Files.move(tmp, p.file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            System.out.println(p.file());
        }
        System.err.println("wrote " + plots.size() + " plot" + (plots.size() == 1 ? "" : "s"));
        return 0;
    }

    /** The plot as PNG; a machine without fonts (Java2D needs them, headless too) is told what to install. */
    private static byte[] render(Plot p) throws java.io.IOException {
        try {
            return Plots.png(p.chart());
        } catch (Error | RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("font")
                        || java.util.Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().contains("Font"))) {
                    throw new UserException("cannot draw " + p.file() + ": Java2D found no usable fonts ("
                            + t + "); install fontconfig and a font (Debian: apt-get install fontconfig "
                            + "fonts-dejavu-core)");
                }
            }
            throw e;
        }
    }

    /** Every plot of the given directories, checked and built before anything is written. */
    List<Plot> plots() {
        if (out != null) {
            OutputPaths.folder(out, "--out " + out);
        }
        List<Plot> plots = new ArrayList<>();
        List<Path> transfers = new ArrayList<>();
        for (Path dir : dirs) {
            Path target = out != null ? out : dir;
            String prefix = out != null && dirs.size() > 1 ? dir.getFileName() + "-" : "";
            if (Files.isRegularFile(dir.resolve("config.yaml")) || Files.isRegularFile(dir.resolve("log.jsonl"))) {
                plots.addAll(run(dir, target, prefix));
            } else if (Files.isRegularFile(dir.resolve(BaselineCommand.RESULT))) {
                plots.addAll(baselineDir(dir, target, prefix));
            } else if (Files.isRegularFile(dir.resolve("summary.json"))) {
                transfers.add(dir);
                plots.add(new Plot(target.resolve(prefix + "transfer.png"), transfer(List.of(dir))));
            } else {
                throw new UserException(dir + ": not an evolution run, baseline or transfer directory (no "
                        + dir.resolve("config.yaml") + ", " + dir.resolve(BaselineCommand.RESULT) + " or "
                        + dir.resolve("summary.json") + ")");
            }
        }
        if (transfers.size() > 1) {
            if (out == null) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--out': drawing "
                        + transfers.size() + " transfer outputs side by side needs --out DIR for the combined plot");
            }
            plots.add(new Plot(out.resolve("transfer-targets.png"), transfer(transfers)));
        }
        return plots;
    }

    /** A run: fitness, the winner's parameters beside the baselines', accuracy of the winner and the best baseline. */
    private List<Plot> run(Path dir, Path target, String prefix) {
        List<Plot> plots = new ArrayList<>();
        Plots.Line[] fitness = ReportData.fitness(dir.resolve("log.jsonl"));
        plots.add(new Plot(target.resolve(prefix + "fitness.png"), Plots.fitness(dir.getFileName().toString(),
                fitness[0], fitness[1])));
        Path winnerTrace = dir.resolve("replay").resolve("trace.csv");
        if (!Files.isRegularFile(winnerTrace)) {
            throw new UserException(winnerTrace + ": missing (evolve writes it when a run finishes; for an older run: "
                    + "bin/neuromod replay --genome " + dir.resolve("best.json") + " --out " + dir.resolve("replay")
                    + " --eval-every 50)");
        }
        String kind = ReportData.json(dir.resolve("best.json")).path("kind").asText("evolved");
        Map<String, ReportData.Trace> traces = new LinkedHashMap<>();
        traces.put(kind + WINNER, ReportData.trace(winnerTrace));
        Path b = baselines != null ? baselines : dir.resolve("baselines");
        String best = null;
        if (baselines != null || Files.isDirectory(b)) {
            JsonNode result = ReportData.json(b.resolve(BaselineCommand.RESULT));
            best = result.path("best").asText();
            traces.putAll(baselineTraces(b, result));
        }
        plots.addAll(parameters(traces, target, prefix));
        Map<String, ReportData.Trace> compared = new LinkedHashMap<>();
        compared.put(kind + WINNER, traces.get(kind + WINNER));
        if (best != null) {
            compared.put(best + " (best baseline)", traces.get(best));
        }
        plots.add(accuracy(compared, target, prefix));
        return plots;
    }

    private List<Plot> baselineDir(Path dir, Path target, String prefix) {
        Map<String, ReportData.Trace> traces = baselineTraces(dir, ReportData.json(dir.resolve(BaselineCommand.RESULT)));
        List<Plot> plots = new ArrayList<>(parameters(traces, target, prefix));
        plots.add(accuracy(traces, target, prefix));
        return plots;
    }

    private static Map<String, ReportData.Trace> baselineTraces(Path dir, JsonNode result) {
        Map<String, ReportData.Trace> traces = new LinkedHashMap<>();
        for (JsonNode baseline : result.path("baselines")) {
            String name = baseline.path("name").asText();
            traces.put(name, ReportData.trace(dir.resolve(BaselineCommand.TRACES).resolve(name + ".csv")));
        }
        return traces;
    }

    /** One plot per parameter name over every trace that has it. */
    private static List<Plot> parameters(Map<String, ReportData.Trace> traces, Path target, String prefix) {
        Map<String, Boolean> names = new LinkedHashMap<>();
        traces.values().forEach(t -> t.rule().params().forEach(p -> names.putIfAbsent(p.name(),
                p.scale() == UpdateRule.Scale.LOG)));
        List<Plot> plots = new ArrayList<>();
        names.forEach((name, log) -> {
            List<Plots.Line> lines = new ArrayList<>();
            traces.forEach((label, trace) -> {
                Map<Integer, Plots.Line> byLayer = trace.parameters().get(name);
                if (byLayer == null) {
                    return;
                }
                boolean evolved = label.equals(traces.keySet().iterator().next()) && label.endsWith(WINNER);
                if (trace.uniform(name)) {
                    Plots.Line l = byLayer.get(0);
                    lines.add(new Plots.Line(label + (trace.layers() > 1 ? ", every layer" : ""), l.x(), l.y(), evolved));
                } else {
                    byLayer.forEach((layer, l) -> lines.add(new Plots.Line(label + ", layer " + layer, l.x(), l.y(),
                            evolved)));
                }
            });
            plots.add(new Plot(target.resolve(prefix + name + ".png"), Plots.parameter(name, log, lines)));
        });
        return plots;
    }

    private static Plot accuracy(Map<String, ReportData.Trace> traces, Path target, String prefix) {
        List<Plots.Line> lines = new ArrayList<>();
        traces.forEach((label, t) -> {
            if (t.accuracy() != null) {
                lines.add(new Plots.Line(label, t.accuracy().x(), t.accuracy().y(), label.endsWith(WINNER)));
            }
        });
        if (lines.isEmpty()) {
            throw new UserException("no test-accuracy rows in the traces of " + traces.keySet() + " (trace with "
                    + "--eval-every)");
        }
        return new Plot(target.resolve(prefix + "accuracy.png"), Plots.accuracy(lines));
    }

    /** Mean test accuracy per row, a group of bars per transfer output (rows present in all of them). */
    static Chart<?, ?> transfer(List<Path> dirs) {
        List<ReportData.Transfer> targets = dirs.stream().map(d -> ReportData.transfer(d.resolve("summary.json")))
                .toList();
        LinkedHashSet<String> common = new LinkedHashSet<>(label(targets.get(0)).keySet());
        targets.forEach(t -> common.retainAll(label(t).keySet()));
        List<Plots.Bars> bars = new ArrayList<>();
        for (ReportData.Transfer t : targets) {
            Map<String, Integer> index = label(t);
            List<Double> mean = new ArrayList<>();
            List<Double> half = new ArrayList<>();
            for (String row : common) {
                mean.add(t.mean().get(index.get(row)));
                half.add(t.halfWidth().get(index.get(row)));
            }
            bars.add(new Plots.Bars(t.target(), mean, half));
        }
        int seeds = targets.get(0).seeds();
        return Plots.transfer("Transfer: mean test accuracy, 95% intervals over " + seeds + " paired seeds",
                List.copyOf(common), bars);
    }

    /** Row labels for a chart (a genome by its kind and run directory), with their index in the summary. */
    private static Map<String, Integer> label(ReportData.Transfer t) {
        Map<String, Integer> labels = new LinkedHashMap<>();
        for (int i = 0; i < t.rows().size(); i++) {
            String row = t.rows().get(i);
            if (!t.kinds().get(i).equals("baseline")) {
                Path p = Path.of(row);
                row = t.kinds().get(i) + " " + (p.getParent() == null ? p : p.getParent().getFileName());
            }
            labels.putIfAbsent(row, i);
        }
        return labels;
    }
}
