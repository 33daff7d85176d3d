// An evolution run's directory: config.yaml (the resolved settings), log.jsonl (a line per generation and per
// candidate), best.json (the best genome so far, in the genome-file format, with how it was scored) and
// provenance.json (commit, JDK, backend, device: what does not belong in the results). Files that replace
// older versions are written to a temporary file and renamed into place.
package org.neuromod.evolve;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.neuromod.kernels.UserException;
import org.neuromod.modulators.Genomes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

public final class RunDirectory implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path dir;
    private final BufferedWriter log;

    private RunDirectory(Path dir) throws IOException {
        this.dir = dir;
        this.log = Files.newBufferedWriter(dir.resolve("log.jsonl"), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    }

    /** Creates a new run directory; an existing one is refused (a run never overwrites another). */
    public static RunDirectory create(Path dir, Settings settings, Map<String, Object> provenance) throws IOException {
        if (Files.exists(dir)) {
            throw new UserException("--out " + dir + ": that run directory already exists; choose another");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserException("--out " + dir + ": cannot create the run directory (" + e.getMessage() + ")");
        }
        RunDirectory run = new RunDirectory(dir);
        run.atomically("config.yaml", YAML.writeValueAsString(settings));
        run.atomically("provenance.json", PRETTY.writeValueAsString(provenance) + "\n");
        return run;
    }

    public Path path() {
        return dir;
    }

    void logGeneration(Evolution.GenerationReport report, List<Candidate> candidates, List<Fitness> fitness)
            throws IOException {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("type", "generation");
        g.put("generation", report.generation());
        g.put("best", finite(report.best()));
        g.put("median", finite(report.median()));
        g.put("diverged", report.diverged());
        g.put("seconds", report.seconds());
        g.put("backendSeconds", report.backendSeconds());
        g.put("networkSamplesPerSecond", report.networkSamplesPerSecond());
        log.write(JSON.writeValueAsString(g));
        log.newLine();
        for (int i = 0; i < candidates.size(); i++) {
            Fitness f = fitness.get(i);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("type", "candidate");
            c.put("generation", report.generation());
            c.put("id", candidates.get(i).id());
            c.put("parents", candidates.get(i).parents());
            c.put("fitness", finite(f.loss()));
            c.put("validationLoss", finite(f.tieBreak()));
            c.put("diverged", f.bad());
            log.write(JSON.writeValueAsString(c));
            log.newLine();
        }
        log.flush();
    }

    /** JSON has no NaN or infinity: a diverged score is written as null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    void writeBest(Evolution.Best best, Settings s) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(Genomes.toJson(best.candidate().genome()));
        ScoredWith scored = new ScoredWith(s.data(), s.hidden(), s.activation(), s.batch(), s.limit(), s.validation(),
                s.rule(), s.modulateEvery(), s.epochs(), s.steps(), best.initSeed(), best.orderSeed(),
                best.generation(), best.candidate().id(), best.fitness().loss(), best.fitness().validationAccuracy(),
                best.fitness().tieBreak());
        node.set(Genomes.SCORED_WITH, JSON.valueToTree(scored));
        atomically("best.json", PRETTY.writeValueAsString(node) + "\n");
    }

    private void atomically(String name, String content) throws IOException {
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads the scoredWith block of a genome file written by a run (null when there is none). */
    public static ScoredWith scoredWith(Path genomeFile) {
        try {
            var node = JSON.readTree(Files.readString(genomeFile)).get(Genomes.SCORED_WITH);
            return node == null || node.isNull() ? null : JSON.treeToValue(node, ScoredWith.class);
        } catch (IOException e) {
            throw new UserException(genomeFile + ": unreadable scoredWith block (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
