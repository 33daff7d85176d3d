// The report's charts, built from plain data so they can be tested on the chart objects themselves: fitness over
// generations, each layer's learning parameter over training (log axis for a log-scaled parameter), test
// accuracy over training, and transfer results as bars with 95% intervals. Every chart is 800 x 600 with a
// title, axis titles with units and a legend; png() renders one headless.
package org.neuromod.evolve.report;

import java.io.IOException;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

public final class Plots {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 600;
    public static final String STEP_AXIS = "training step (minibatches)";

    /** One line of an XY chart; a highlighted one (the evolved modulator) is drawn thick, the others dashed. */
    public record Line(String name, double[] x, double[] y, boolean highlight) {
        public Line(String name, double[] x, double[] y) {
            this(name, x, y, false);
        }

        public Line highlighted() {
            return new Line(name, x, y, true);
        }
    }

    /** One group of bars: a target's mean accuracy per row and the half-widths of their 95% intervals. */
    public record Bars(String name, List<Double> mean, List<Double> halfWidth) {
    }

    private Plots() {
    }

    private static XYChart xy(String title, String xAxis, String yAxis) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xAxis)
                .yAxisTitle(yAxis).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setXAxisTickMarkSpacingHint(90);
        return chart;
    }

    private static void add(XYChart chart, Line line) {
        XYSeries s = chart.addSeries(line.name(), line.x(), line.y());
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(line.highlight() ? new java.awt.BasicStroke(3f) : new java.awt.BasicStroke(1.5f,
                java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 3f}, 0f));
    }

    /** Best and median fitness per generation (generations counted from 1). */
    public static XYChart fitness(String run, Line best, Line median) {
        XYChart chart = xy("Fitness over generations: " + run, "generation",
                "fitness = 1 - validation accuracy (fraction, lower is better)");
        add(chart, best.highlighted());
        add(chart, median);
        return chart;
    }

    /**
     * One learning parameter over training, one line per (modulator, layer); a log y axis when the parameter is
     * log-scaled (values spanning decades).
     */
    public static XYChart parameter(String name, boolean log, List<Line> lines) {
        XYChart chart = xy(name + " per layer over training", STEP_AXIS,
                name + " as applied" + (log ? " (log scale)" : ""));
        chart.getStyler().setYAxisLogarithmic(log);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
        lines.forEach(l -> add(chart, l));
        return chart;
    }

    /** Test accuracy over training, one line per modulator. */
    public static XYChart accuracy(List<Line> lines) {
        XYChart chart = xy("Test accuracy over training", STEP_AXIS, "test accuracy (fraction)");
        lines.forEach(l -> add(chart, l));
        return chart;
    }

    /** Mean test accuracy per row, one group of bars per target, with 95% intervals over seeds as error bars. */
    public static CategoryChart transfer(String title, List<String> rows, List<Bars> targets) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("row (genome or tuned baseline)").yAxisTitle("mean test accuracy (fraction), 95% interval")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setErrorBarsColorSeriesColor(false);
        double low = 1;
        for (Bars b : targets) {
            chart.addSeries(b.name(), rows, b.mean(), b.halfWidth());
            for (int i = 0; i < b.mean().size(); i++) {
                low = Math.min(low, b.mean().get(i) - b.halfWidth().get(i));
            }
        }
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(low * 10) / 10));
        chart.getStyler().setYAxisMax(1.0);
        return chart;
    }

    /** The chart as PNG bytes, rendered headless. */
    public static byte[] png(Chart<?, ?> chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
