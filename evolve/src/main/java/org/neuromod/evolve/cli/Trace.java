// `train --trace FILE.csv`: one row per traced step, member and layer with every observation and every
// learning parameter as the modulator produced it and as applied after policing, plus test-accuracy rows
// with --eval-every, so the per-layer dynamics of a modulator can be plotted with any tool.
package org.neuromod.evolve.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.modulators.Observations;
import org.neuromod.nn.Trainer;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Columns: row ("step" or "eval"), step, member, layer, the observations (version {@link Observations#VERSION}),
 * each modulated parameter as produced, then as applied ("...Applied"), testAccuracy (eval rows only).
 */
final class Trace implements Trainer.StepObserver, AutoCloseable {
    private final int P;
    private final int L;
    private final int M;
    private final int K;
    private final long every;
    private final long evalEvery;
    private final int columns;
    private final BufferedWriter out;
    private final SequenceWriter csv;
    private final Observations observations;
    private final long totalSteps;
    private float[] previousLoss;
    private float[] previousStats;

    Trace(Path file, UpdateRule rule, int population, int layers, long totalSteps, long every, long evalEvery)
            throws IOException {
        this.P = population;
        this.L = layers;
        this.M = rule.modulated();
        this.K = rule.k();
        this.every = every;
        this.evalEvery = evalEvery;
        this.totalSteps = totalSteps;
        this.observations = new Observations(P, L);
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        List<String> names = new ArrayList<>(List.of("row", "step", "member", "layer"));
        names.addAll(Observations.NAMES);
        rule.params().forEach(p -> names.add(p.name()));
        rule.params().forEach(p -> names.add(p.name() + "Applied"));
        names.add("testAccuracy");
        names.forEach(schema::addColumn);
        columns = names.size();
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        out = Files.newBufferedWriter(file);
        csv = new CsvMapper().writer(schema.build()).writeValues(out);
    }

    @Override
    public void step(long step, float[] produced, float[] applied, float[] loss, float[] stats) {
        // the observations of step t come from step t-1's outcome, exactly as a modulator sees them
        float[] obs = observations.observe(step, totalSteps, previousLoss == null ? new float[P] : previousLoss,
                previousStats == null ? new float[stats.length] : previousStats);
        if (step % every == 0 || step + 1 == totalSteps) {
            for (int p = 0; p < P; p++) {
                for (int l = 0; l < L; l++) {
                    Object[] row = new Object[columns];
                    row[0] = "step";
                    row[1] = step;
                    row[2] = p;
                    row[3] = l;
                    int c = 4;
                    for (int o = 0; o < Observations.COUNT; o++) {
                        row[c++] = obs[(p * L + l) * Observations.COUNT + o];
                    }
                    for (int k = 0; k < M; k++) {
                        row[c++] = produced[(p * L + l) * M + k];
                    }
                    for (int k = 0; k < M; k++) {
                        row[c++] = applied[(p * L + l) * K + k];
                    }
                    row[c] = "";
                    write(row);
                }
            }
        }
        previousLoss = loss.clone();
        previousStats = stats.clone();
    }

    @Override
    public long evaluateEvery() {
        return evalEvery;
    }

    @Override
    public void evaluated(long step, Trainer.Evaluation test) {
        for (int p = 0; p < P; p++) {
            Object[] row = new Object[columns];
            java.util.Arrays.fill(row, "");
            row[0] = "eval";
            row[1] = step;
            row[2] = p;
            row[columns - 1] = test.accuracy()[p];
            write(row);
        }
    }

    private void write(Object[] row) {
        try {
            csv.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        csv.close();
        out.close();
    }
}
