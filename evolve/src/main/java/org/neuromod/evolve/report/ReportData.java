// What the report draws, read from the files commands write: an evolution's log.jsonl, a trace CSV with its
// .csv.json sidecar, a transfer's summary.json. Every missing or unreadable file is one UserException naming it.
package org.neuromod.evolve.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

public final class ReportData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportData() {
    }

    public static void require(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserException(file + ": missing (the report draws from it)");
        }
    }

    public static JsonNode json(Path file) {
        require(file);
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserException(file + ": unreadable (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** Best and median fitness per generation of an evolution log (generation g drawn at g + 1). */
    public static Plots.Line[] fitness(Path log) {
        require(log);
        List<double[]> points = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log)) {
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    continue; // a torn last line of an interrupted run
                }
                if (n != null && n.path("type").asText().equals("generation")) {
                    points.add(new double[] {n.get("generation").asInt() + 1, value(n.get("best")),
                        value(n.get("median"))});
                }
            }
        } catch (IOException e) {
            throw new UserException(log + ": unreadable (" + e.getMessage() + ")");
        }
        if (points.isEmpty()) {
            throw new UserException(log + ": no finished generation to draw");
        }
        double[] g = points.stream().mapToDouble(p -> p[0]).toArray();
        return new Plots.Line[] {new Plots.Line("best", g, points.stream().mapToDouble(p -> p[1]).toArray()),
            new Plots.Line("median", g, points.stream().mapToDouble(p -> p[2]).toArray())};
    }

    private static double value(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    /** A trace: its rule, and per member 0's layer the applied parameters and the test accuracy, by step. */
    public record Trace(UpdateRule rule, int layers, Map<String, Map<Integer, Plots.Line>> parameters,
                        Plots.Line accuracy) {
        /** Whether every layer of parameter name has the same values (a setting uniform over layers). */
        public boolean uniform(String name) {
            Map<Integer, Plots.Line> byLayer = parameters.get(name);
            Plots.Line first = byLayer.get(0);
            return byLayer.values().stream().allMatch(l -> java.util.Arrays.equals(l.y(), first.y()));
        }
    }

    /** Reads member 0 of a trace CSV (the rule from its sidecar, else its columns). */
    public static Trace trace(Path csv) {
        require(csv);
        Path sidecar = csv.resolveSibling(csv.getFileName() + ".json");
        UpdateRule rule;
        if (Files.isRegularFile(sidecar)) {
            rule = UpdateRules.byName(json(sidecar).path("rule").asText());
        } else {
            rule = null;
        }
        Map<String, TreeMap<Integer, List<double[]>>> values = new LinkedHashMap<>();
        List<double[]> accuracy = new ArrayList<>();
        int layers = 0;
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                if (!"0".equals(row.get("member"))) {
                    continue;
                }
                double step = Double.parseDouble(row.get("step"));
                if ("eval".equals(row.get("row"))) {
                    accuracy.add(new double[] {step + 1, Double.parseDouble(row.get("testAccuracy"))});
                    continue;
                }
                if (rule == null) {
                    rule = ruleOf(row.keySet(), csv);
                }
                int layer = Integer.parseInt(row.get("layer"));
                layers = Math.max(layers, layer + 1);
                for (UpdateRule.HyperParam p : rule.params()) {
                    values.computeIfAbsent(p.name(), k -> new TreeMap<>()).computeIfAbsent(layer, k -> new ArrayList<>())
                            .add(new double[] {step, Double.parseDouble(row.get(p.name() + "Applied"))});
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new UserException(csv + ": not a readable trace (" + e.getMessage().lines().findFirst().orElse("")
                    + ")");
        }
        if (rule == null || layers == 0) {
            throw new UserException(csv + ": a trace without step rows");
        }
        Map<String, Map<Integer, Plots.Line>> parameters = new LinkedHashMap<>();
        values.forEach((name, byLayer) -> {
            Map<Integer, Plots.Line> lines = new TreeMap<>();
            byLayer.forEach((layer, points) -> lines.put(layer, line(name + " " + layer, points)));
            parameters.put(name, lines);
        });
        return new Trace(rule, layers, parameters, accuracy.isEmpty() ? null : line("test accuracy", accuracy));
    }

    private static UpdateRule ruleOf(java.util.Set<String> columns, Path csv) {
        for (UpdateRule r : UpdateRules.all()) {
            if (r.params().stream().allMatch(p -> columns.contains(p.name() + "Applied"))
                    && columns.stream().filter(c -> c.endsWith("Applied")).count() == r.modulated()) {
                return r;
            }
        }
        throw new UserException(csv + ": no update rule has exactly these parameter columns");
    }

    static Plots.Line line(String name, List<double[]> points) {
        return new Plots.Line(name, points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray());
    }

    /** A transfer's summary: its target's label, its rows and their accuracy intervals. */
    public record Transfer(String target, int seeds, List<String> rows, List<String> kinds, List<Double> mean,
                           List<Double> halfWidth) {
    }

    public static Transfer transfer(Path summary) {
        JsonNode root = json(summary);
        JsonNode t = root.path("target");
        List<String> hidden = new ArrayList<>();
        t.path("hidden").forEach(h -> hidden.add(h.asText()));
        String target = t.path("data").asText() + " " + String.join("-", hidden) + " " + t.path("activation").asText()
                + ", " + t.path("epochs").asInt() + " epoch" + (t.path("epochs").asInt() == 1 ? "" : "s");
        List<String> rows = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<Double> mean = new ArrayList<>();
        List<Double> half = new ArrayList<>();
        for (JsonNode r : root.path("rows")) {
            rows.add(r.path("row").asText());
            kinds.add(r.path("kind").asText());
            mean.add(r.path("meanAccuracy").asDouble());
            half.add(r.path("high").isNumber() ? r.path("high").asDouble() - r.path("meanAccuracy").asDouble() : 0.0);
        }
        if (rows.isEmpty()) {
            throw new UserException(summary + ": no rows");
        }
        return new Transfer(target, root.path("seeds").size(), rows, kinds, mean, half);
    }
}
