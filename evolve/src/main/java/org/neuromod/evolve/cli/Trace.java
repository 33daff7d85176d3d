// A training trace: one CSV row per traced step, member and layer with every observation and every learning
// parameter as the modulator produced it and as applied after policing (and, with --trace-state, the
// modulator's internal state), plus test-accuracy rows with --eval-every, so the per-layer dynamics of a
// modulator can be plotted with any tool. Beside FILE.csv, FILE.csv.json says what produced it.
package org.neuromod.evolve.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.neuromod.evolve.BuildInfo;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.modulation.Observations;
import org.neuromod.nn.Modulator;
import org.neuromod.nn.Trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Columns: row ("step" or "eval"), step, member, layer, the observations (version {@link Observations#VERSION}),
 * each modulated parameter as produced, then as applied ("...Applied"), the modulator's state values (with
 * state only; empty where a member has fewer), testAccuracy (eval rows only). The file is written under a
 * temporary name and renamed into place (after its FILE.csv.json) when training ends, so a trace that exists is
 * complete; a run that fails leaves neither.
 */
final class Trace implements Trainer.StepObserver, AutoCloseable {
    /** What produced a trace, written beside it as FILE.csv.json. */
    record Info(List<String> columns, Source modulator, String rule, int modulateEvery, long traceEvery,
                long evalEvery, boolean traceState, Setup setup, String backend, String device, BuildInfo build) {
    }

    /**
     * The modulator: a kind ("constant", "step", "cosine") with its settings, or a genome file's kind, format,
     * SHA-256 and path.
     */
    record Source(String kind, Integer format, String sha256, String path, Object settings) {
    }

    /**
     * The training setup: train's --seed, or (replay) the initialisation and batch-order seeds the genome was
     * scored with; the others null.
     */
    record Setup(String data, List<Integer> hidden, String activation, int batch, int epochs, long steps, int limit,
                 int validation, int population, Long seed, Long initSeed, Long orderSeed) {
    }

    private final int P;
    private final int L;
    private final int M;
    private final int K;
    private final long every;
    private final long evalEvery;
    private final int columns;
    private final int stateWidth;
    private final Modulator modulator;
    private final Path file;
    private final Path partial;
    private final BufferedWriter out;
    private final SequenceWriter csv;
    private final float[] state;
    private final String infoJson;
    private boolean finished;

    /**
     * @param modulator the modulator whose state is traced, or null for no state columns
     * @param info      what produced the trace, with columns left null (the trace fills them in)
     */
    Trace(Path file, Info info, UpdateRule rule, Modulator modulator, int population, int layers) throws IOException {
        this.P = population;
        this.L = layers;
        this.M = rule.modulated();
        this.K = rule.k();
        this.every = info.traceEvery();
        this.evalEvery = info.evalEvery();
        this.file = file;
        this.modulator = info.traceState() ? modulator : null;
        List<String> names = new ArrayList<>(List.of("row", "step", "member", "layer"));
        names.addAll(Observations.NAMES);
        rule.params().forEach(p -> names.add(p.name()));
        rule.params().forEach(p -> names.add(p.name() + "Applied"));
        List<String> stateNames = this.modulator == null ? List.of() : this.modulator.stateNames();
        names.addAll(stateNames);
        names.add("testAccuracy");
        stateWidth = stateNames.size();
        state = new float[stateWidth];
        columns = names.size();
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        names.forEach(schema::addColumn);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Info complete = new Info(List.copyOf(names), info.modulator(), info.rule(), info.modulateEvery(), every,
                evalEvery, info.traceState(), info.setup(), info.backend(), info.device(), info.build());
        infoJson = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(complete) + "\n";
        partial = Files.createTempFile(parent, file.getFileName().toString(), ".partial");
        out = Files.newBufferedWriter(partial);
        csv = new CsvMapper().writer(schema.build()).writeValues(out);
    }

    /** FILE.csv.json beside FILE.csv. */
    static Path sidecar(Path trace) {
        return trace.resolveSibling(trace.getFileName() + ".json");
    }

    /** Refuses a target that exists and is not a regular file: a rename must never replace a device or a pipe. */
    private static void replaceable(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file");
        }
    }

    static void writeAtomically(Path file, String text) throws IOException {
        replaceable(file);
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The trace's steps: the training loop reads the run's values only there. */
    @Override
    public long readEvery() {
        return every;
    }

    /**
     * A traced step (the loop calls only at {@link #readEvery} steps and the last). The observations of step t come
     * from step t-1's outcome: the modulation's own, as its modulator saw them.
     */
    @Override
    public void step(long step, float[] obs, float[] produced, float[] applied, float[] loss, float[] stats) {
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
                if (modulator != null) {
                    modulator.state(p, l, state);
                    for (int i = 0; i < stateWidth; i++) {
                        row[c++] = Float.isNaN(state[i]) ? "" : state[i];
                    }
                }
                row[c] = "";
                write(row);
            }
        }
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
            throw OutputPaths.writeFailed(file, e);
        }
    }

    /** Training ended normally: close() puts the trace in place. */
    void finish() {
        finished = true;
    }

    @Override
    public void close() throws IOException {
        try {
            csv.close();
            out.close();
            if (finished) {
                replaceable(file); // before the sidecar is written, so a refusal leaves neither
                writeAtomically(sidecar(file), infoJson);
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw OutputPaths.writeFailed(file, e);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
