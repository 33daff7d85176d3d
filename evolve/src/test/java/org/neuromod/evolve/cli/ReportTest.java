// `neuromod report` on small recorded inputs written here (an evolution log, a winner's trace, a baseline directory
// with two baselines, two transfer summaries): the charts carry a title, axis titles, the expected series and
// points; every PNG is written and decodes at 800 x 600; a missing input is exit 1 naming the file.
package org.neuromod.evolve.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    @TempDir
    static Path tmp;
    static Path run;
    static Path transferA;
    static Path transferB;

    static final String HEADER = "row,step,member,layer,progress,depth,loss,lossTrend,gradNorm,weightNorm,updateNorm,"
            + "agreement,learningRate,momentum,learningRateApplied,momentumApplied,testAccuracy";

    /** A trace of 2 layers over steps 0..4 with test accuracy after steps 1 and 3; lr of layer l = base * (l + 1). */
    static String trace(double base, boolean perLayer) {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        for (int step = 0; step < 5; step++) {
            for (int layer = 0; layer < 2; layer++) {
                double lr = base * (perLayer ? layer + 1 : 1) * (1 + step);
                s.append(String.format(java.util.Locale.ROOT, "step,%d,0,%d,0,0,0,0,0,0,0,0,%s,0.9,%s,0.9,%n", step,
                        layer, lr, lr));
            }
            if (step % 2 == 1) {
                s.append(String.format(java.util.Locale.ROOT, "eval,%d,0,,,,,,,,,,,,,,0.%d%n", step, 5 + step));
            }
        }
        return s.toString();
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @BeforeAll
    static void recordedInputs() throws IOException {
        run = tmp.resolve("run");
        write(run.resolve("config.yaml"), "kind: grn\n");
        write(run.resolve("best.json"), "{\"kind\": \"grn\"}\n");
        write(run.resolve("log.jsonl"), String.join("\n",
                "{\"type\":\"generation\",\"generation\":0,\"best\":0.2,\"median\":0.5}",
                "{\"type\":\"candidate\",\"generation\":0,\"fitness\":0.2}",
                "{\"type\":\"generation\",\"generation\":1,\"best\":0.15,\"median\":null}",
                "{\"type\":\"generation\",\"generation\":2,\"best\":0.1,\"median\":0.3}",
                "{\"type\":\"generation\",\"generation\":3,\"best\":0.1,\"median\":0.2}", "{\"type\":\"gener"));
        write(run.resolve("replay/trace.csv"), trace(0.01, true));
        write(run.resolve("replay/trace.csv.json"), "{\"rule\": \"momentum\"}\n");
        Path b = run.resolve("baselines");
        write(b.resolve("baselines.json"), "{\"best\": \"layers-momentum\", \"baselines\": [{\"name\": "
                + "\"constant-momentum\"}, {\"name\": \"layers-momentum\"}]}\n");
        write(b.resolve("traces/constant-momentum.csv"), trace(0.05, false));
        write(b.resolve("traces/layers-momentum.csv"), trace(0.02, true));
        transferA = tmp.resolve("transfer-a");
        transferB = tmp.resolve("transfer-b");
        for (Path t : List.of(transferA, transferB)) {
            write(t.resolve("summary.json"), "{\"target\": {\"data\": \"" + (t == transferA ? "mnist" : "fashion")
                    + "\", \"hidden\": [128], \"activation\": \"relu\", \"epochs\": 1}, \"seeds\": [1, 2, 3], "
                    + "\"rows\": [{\"row\": \"runs/g1/best.json\", \"kind\": \"grn\", \"meanAccuracy\": 0.9, "
                    + "\"high\": 0.95}, {\"row\": \"constant-sgd\", \"kind\": \"baseline\", \"meanAccuracy\": 0.8, "
                    + "\"high\": 0.82}" + (t == transferB ? ", {\"row\": \"only-here\", \"kind\": \"baseline\", "
                    + "\"meanAccuracy\": 0.7, \"high\": 0.71}" : "") + "]}\n");
        }
    }

    static List<ReportCommand.Plot> plots(String... args) {
        ReportCommand command = new ReportCommand();
        new CommandLine(command).parseArgs(args);
        return command.plots();
    }

    static Map<String, ReportCommand.Plot> byName(List<ReportCommand.Plot> plots) {
        return plots.stream().collect(Collectors.toMap(p -> p.file().getFileName().toString(), p -> p));
    }

    static void assertLabelled(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        assertFalse(chart.getTitle().isBlank(), "a title");
        assertFalse(chart.getXAxisTitle().isBlank(), "an x axis title");
        assertFalse(chart.getYAxisTitle().isBlank(), "a y axis title");
        assertEquals(800, chart.getWidth());
        assertEquals(600, chart.getHeight());
    }

    @Test
    void aRunsPlotsDrawFitnessEachParameterAndAccuracyBesideTheBaselines() {
        Map<String, ReportCommand.Plot> plots = byName(plots(run.toString()));
        assertEquals(List.of("accuracy.png", "fitness.png", "learningRate.png", "momentum.png"),
                plots.keySet().stream().sorted().toList());
        plots.values().forEach(p -> assertLabelled(p.chart()));

        XYChart fitness = (XYChart) plots.get("fitness.png").chart();
        assertEquals(List.of("best", "median"), List.copyOf(fitness.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {1, 2, 3, 4}, fitness.getSeriesMap().get("best").getXData(), "generations from 1");
        assertArrayEquals(new double[] {0.2, 0.15, 0.1, 0.1}, fitness.getSeriesMap().get("best").getYData());

        XYChart lr = (XYChart) plots.get("learningRate.png").chart();
        assertTrue(lr.getStyler().isYAxisLogarithmic(), "a learning rate spans decades: log axis");
        assertEquals(List.of("grn winner, layer 0", "grn winner, layer 1", "constant-momentum, every layer",
                "layers-momentum, layer 0", "layers-momentum, layer 1"), List.copyOf(lr.getSeriesMap().keySet()));
        for (XYSeries s : lr.getSeriesMap().values()) {
            assertEquals(5, s.getXData().length, s.getName());
        }
        assertArrayEquals(new double[] {0.02, 0.04, 0.06, 0.08, 0.1}, lr.getSeriesMap().get("grn winner, layer 1")
                .getYData(), 1e-12);
        XYChart momentum = (XYChart) plots.get("momentum.png").chart();
        assertFalse(momentum.getStyler().isYAxisLogarithmic(), "momentum is linear");

        XYChart accuracy = (XYChart) plots.get("accuracy.png").chart();
        assertEquals(List.of("grn winner", "layers-momentum (best baseline)"), List.copyOf(accuracy.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {2, 4}, accuracy.getSeriesMap().get("grn winner").getXData(), "after steps 1 and 3");
        assertArrayEquals(new double[] {0.6, 0.8}, accuracy.getSeriesMap().get("grn winner").getYData(), 1e-12);
    }

    @Test
    void transferOutputsAreBarsWithIntervalsPerRowAndTarget() {
        Map<String, ReportCommand.Plot> plots = byName(plots(transferA.toString(), transferB.toString(), "--out",
                tmp.resolve("combined").toString()));
        assertEquals(List.of("transfer-a-transfer.png", "transfer-b-transfer.png", "transfer-targets.png"),
                plots.keySet().stream().sorted().toList());
        CategoryChart chart = (CategoryChart) plots.get("transfer-targets.png").chart();
        assertLabelled(chart);
        assertEquals(List.of("mnist 128 relu, 1 epoch", "fashion 128 relu, 1 epoch"),
                List.copyOf(chart.getSeriesMap().keySet()));
        var mnist = chart.getSeriesMap().get("mnist 128 relu, 1 epoch");
        assertEquals(List.of("grn g1", "constant-sgd"), List.copyOf(mnist.getXData()), "rows present in every target");
        assertEquals(List.of(0.9, 0.8), List.copyOf(mnist.getYData()));
        List<? extends Number> bars = List.copyOf(mnist.getExtraValues());
        assertEquals(0.05, bars.get(0).doubleValue(), 1e-12, "the 95% interval's half-width");
        assertEquals(3, ((CategoryChart) plots.get("transfer-b-transfer.png").chart()).getSeriesMap().values()
                .iterator().next().getXData().size(), "alone, a target keeps all its rows");
        assertEquals(2, Cli.run("report", transferA.toString(), transferB.toString()).code(),
                "the combined plot needs --out");
    }

    @Test
    void everyPngIsWrittenAndDecodes() throws IOException {
        Path out = tmp.resolve("pngs");
        Cli.Outcome o = Cli.run("report", run.toString(), transferA.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        List<String> written = o.out().lines().toList();
        assertEquals(5, written.size(), o.out());
        for (String file : written) {
            BufferedImage image = ImageIO.read(Path.of(file).toFile());
            assertEquals(800, image.getWidth(), file);
            assertEquals(600, image.getHeight(), file);
        }
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary file is left");
        }
    }

    @Test
    void aMissingInputIsExitOneNamingIt() throws IOException {
        Path bare = tmp.resolve("bare");
        write(bare.resolve("config.yaml"), "kind: grn\n");
        Cli.Outcome noLog = Cli.run("report", bare.toString());
        assertEquals(Main.USER_ERROR, noLog.code(), noLog.err());
        assertTrue(noLog.err().contains(bare.resolve("log.jsonl").toString()), noLog.err());

        Files.copy(run.resolve("log.jsonl"), bare.resolve("log.jsonl"));
        Cli.Outcome noTrace = Cli.run("report", bare.toString());
        assertEquals(Main.USER_ERROR, noTrace.code(), noTrace.err());
        assertTrue(noTrace.err().contains(bare.resolve("replay/trace.csv").toString()), noTrace.err());

        Path badBaselines = tmp.resolve("bad-baselines");
        write(badBaselines.resolve("baselines.json"), "{\"baselines\": [{\"name\": \"constant-sgd\"}]}\n");
        Cli.Outcome noBaselineTrace = Cli.run("report", badBaselines.toString());
        assertEquals(Main.USER_ERROR, noBaselineTrace.code());
        assertTrue(noBaselineTrace.err().contains("constant-sgd.csv"), noBaselineTrace.err());

        Path nothing = Files.createDirectories(tmp.resolve("nothing"));
        Cli.Outcome none = Cli.run("report", nothing.toString());
        assertEquals(Main.USER_ERROR, none.code());
        assertTrue(none.err().contains("summary.json"), none.err());
        for (Cli.Outcome o : List.of(noLog, noTrace, noBaselineTrace, none)) {
            assertFalse(o.err().contains("\tat "), o.err());
        }
        assertThrows(org.neuromod.kernels.UserException.class, () -> plots(bare.toString()));
    }
}
