// An evolution run's directory: config.yaml (the resolved settings), log.jsonl (a line per generation and per
// candidate), best.json (the best genome so far, in the genome-file format, with how it was scored),
// checkpoint.json (what a resumed run continues from) and provenance.json (one entry per start or resume:
// commit, JDK, backend, device, data: what does not belong in the results). Files that replace older versions
// are written to a temporary file, forced to disk and renamed into place, so a reader (or a resumed run) sees
// the old file or the new one, never a mix. After each generation the order is: log lines, best.json,
// checkpoint.json; a resumed run trusts the checkpoint and rewrites the other two to match it.
package org.neuromod.evolve;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.neuromod.kernels.UserException;
import org.neuromod.modulators.Genomes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

public final class RunDirectory implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static final String LOG = "log.jsonl";
    static final String CONFIG = "config.yaml";
    static final String PROVENANCE = "provenance.json";
    static final String BEST = "best.json";

    private final Path dir;
    private final OutputStream log;

    private RunDirectory(Path dir) throws IOException {
        this.dir = dir;
        this.log = Files.newOutputStream(dir.resolve(LOG), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Creates a new run directory; an existing one is refused (a run never overwrites another). */
    public static RunDirectory create(Path dir, Settings settings, Map<String, Object> provenance) throws IOException {
        if (Files.exists(dir)) {
            throw new UserException("--out " + dir + ": that run directory already exists; choose another (or "
                    + "continue it with --resume " + dir + ")");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserException("--out " + dir + ": cannot create the run directory (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new UserException("--out " + dir + ": the run directory is not writable");
        }
        // config.yaml last: a directory holding it is a run that --resume can continue
        ArrayNode entries = JSON.createArrayNode().add(JSON.valueToTree(provenance));
        writeAtomically(dir, PROVENANCE, PRETTY.writeValueAsString(entries) + "\n");
        writeAtomically(dir, LOG, "");
        writeAtomically(dir, CONFIG, YAML.writeValueAsString(settings));
        return new RunDirectory(dir);
    }

    /** The settings a run directory was started with (config.yaml), checked like a --config file. */
    public static Settings settings(Path dir) {
        Path config = dir.resolve(CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new UserException("--resume " + dir + ": not a run directory (no " + CONFIG + ")");
        }
        return SettingsFile.read(config);
    }

    /** The checkpoint of a run directory; null when no generation has finished yet. */
    public static Checkpoint checkpoint(Path dir) {
        Path file = dir.resolve(Checkpoint.FILE);
        byte[] bytes = Sealed.read(file);
        return bytes == null ? null : Checkpoint.decode(bytes, file.toString());
    }

    /**
     * A resume's guard against an edited config.yaml: it must hold the settings the sealed checkpoint recorded;
     * a difference, or a checkpoint from before checkpoints recorded settings, is refused unless force, and then
     * added to forced (for provenance).
     */
    public static void checkUnedited(Path dir, Settings saved, Checkpoint checkpoint, boolean force,
                                     List<String> forced) {
        if (checkpoint == null) {
            return;
        }
        if (checkpoint.settings() == null) {
            if (!force) {
                throw new UserException("--resume " + dir + ": its checkpoint was written before checkpoints recorded "
                        + "the run's settings, so an edited config.yaml could not be told apart; add --force to "
                        + "continue with config.yaml as it is");
            }
            forced.add("checkpoint without recorded settings: config.yaml taken as it is");
            return;
        }
        List<String> edited = SettingsFile.changed(checkpoint.settings(), SettingsFile.results(saved));
        if (!edited.isEmpty()) {
            if (!force) {
                throw new UserException("--resume " + dir + ": config.yaml differs from the settings the checkpoint "
                        + "recorded in " + String.join(", ", edited) + " (edited since?); add --force to continue with "
                        + "config.yaml's values");
            }
            forced.add("config.yaml differs from the checkpoint in " + String.join(", ", edited));
        }
    }

    /** The provenance entries of a run directory, oldest first. */
    public static List<Map<String, Object>> provenance(Path dir) {
        Path file = dir.resolve(PROVENANCE);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (JsonNode entry : JSON.readTree(Files.readString(file))) {
                entries.add(JSON.convertValue(entry, LinkedHashMap.class));
            }
            return entries;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserException(file + ": unreadable provenance (" + Genomes.oneLine(e) + ")");
        } catch (IOException | RuntimeException e) {
            throw new UserException(file + ": unreadable provenance (" + e.getMessage() + ")");
        }
    }

    /**
     * Opens a run directory to continue it from {@code checkpoint} (null: from the start): log.jsonl is cut back
     * to exactly the checkpointed generations' lines (a torn last line and lines past the checkpoint go),
     * best.json is rewritten from the checkpoint, config.yaml takes the (allowed) changed settings, and the
     * resume's provenance is appended.
     */
    public static RunDirectory resume(Path dir, Settings settings, Checkpoint checkpoint, Map<String, Object> provenance)
            throws IOException {
        int done = checkpoint == null ? 0 : checkpoint.generationsDone();
        writeAtomically(dir, LOG, keptLog(dir.resolve(LOG), done));
        if (checkpoint != null) {
            writeAtomically(dir, BEST, bestJson(checkpoint.best(), settings));
        } else {
            Files.deleteIfExists(dir.resolve(BEST));
        }
        try (var stale = Files.newDirectoryStream(dir, "*.tmp")) {
            for (Path tmp : stale) {
                Files.delete(tmp);
            }
        }
        writeAtomically(dir, CONFIG, YAML.writeValueAsString(settings));
        ArrayNode entries = JSON.createArrayNode();
        provenance(dir).forEach(e -> entries.add(JSON.valueToTree(e)));
        entries.add(JSON.valueToTree(provenance));
        writeAtomically(dir, PROVENANCE, PRETTY.writeValueAsString(entries) + "\n");
        return new RunDirectory(dir);
    }

    /** The log's lines of generations [0, done): complete lines only; every one of those generations must be there. */
    static String keptLog(Path file, int done) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "";
        StringBuilder kept = new StringBuilder();
        int generations = 0;
        int from = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; from = nl + 1, nl = text.indexOf('\n', from)) {
            String line = text.substring(from, nl);
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw new UserException(file + ": line '" + abbreviate(line) + "' is not JSON: the log was changed "
                        + "outside neuromod, so the run cannot be resumed exactly");
            }
            if (node == null || node.path("generation").asInt(Integer.MAX_VALUE) >= done) {
                continue;
            }
            generations += "generation".equals(node.path("type").asText()) ? 1 : 0;
            kept.append(line).append('\n');
        }
        if (generations != done) {
            throw new UserException(file + ": holds " + generations + " of the " + done + " generations the "
                    + "checkpoint has finished: the log was changed outside neuromod, so the run cannot be resumed "
                    + "exactly");
        }
        return kept.toString();
    }

    private static String abbreviate(String line) {
        return line.length() <= 60 ? line : line.substring(0, 60) + "...";
    }

    void logGeneration(Evolution.GenerationReport report, List<Candidate> candidates, List<Fitness> fitness,
                       SetupsEvaluator.Scores scores, List<String> workers) throws IOException {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("type", "generation");
        g.put("generation", report.generation());
        g.put("best", finite(report.best()));
        g.put("median", finite(report.median()));
        g.put("diverged", report.diverged());
        g.put("seconds", report.seconds());
        g.put("backendSeconds", report.backendSeconds());
        g.put("networkSamplesPerSecond", report.networkSamplesPerSecond());
        if (scores != null) {
            g.put("setups", scores.setups());
            g.put("referenceFitness", finite(scores.referenceFitness()));
            g.put("referenceLoss", finite(scores.referenceLoss()));
            g.put("setupSeconds", scores.seconds());
        }
        StringBuilder lines = new StringBuilder(JSON.writeValueAsString(g)).append('\n');
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
            if (workers.size() == candidates.size()) {
                c.put("worker", workers.get(i));
            }
            if (scores != null) {
                c.put("setupFitness", finite(scores.fitness()[i]));
                c.put("setupLoss", finite(scores.loss()[i]));
            }
            lines.append(JSON.writeValueAsString(c)).append('\n');
        }
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        if (CrashPoints.armed()) {
            int half = bytes.length / 2;
            log.write(bytes, 0, half);
            log.flush();
            CrashPoints.reach("log-partial");
            log.write(bytes, half, bytes.length - half);
        } else {
            log.write(bytes);
        }
        log.flush();
    }

    /** JSON has no NaN or infinity: a diverged score is written as null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<Double> finite(double[] v) {
        List<Double> list = new ArrayList<>();
        for (double x : v) {
            list.add(finite(x));
        }
        return list;
    }

    void writeBest(Evolution.Best best, Settings s) throws IOException {
        writeAtomically(dir, BEST, bestJson(best, s));
    }

    void writeCheckpoint(Checkpoint checkpoint) throws IOException {
        writeAtomically(dir, Checkpoint.FILE, checkpoint.encode());
    }

    private static List<ScoredWith.SetupScore> setupScores(Evolution.PerSetup p, Settings s) {
        if (p == null) {
            return null;
        }
        List<ScoredWith.SetupScore> list = new ArrayList<>();
        for (int j = 0; j < p.setups().size(); j++) {
            int index = p.setups().get(j);
            list.add(new ScoredWith.SetupScore(index, s.setups().get(index), finite(p.fitness()[j]),
                    finite(p.loss()[j]), finite(p.referenceFitness()[j]), finite(p.referenceLoss()[j])));
        }
        return list;
    }

    private static String bestJson(Evolution.Best best, Settings s) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(Genomes.toJson(best.candidate().genome()));
        ScoredWith scored = new ScoredWith(s.data(), s.hidden(), s.activation(), s.batch(), s.limit(), s.validation(),
                s.rule(), s.modulateEvery(), s.epochs(), s.steps(), best.initSeed(), best.orderSeed(),
                best.generation(), best.candidate().id(), best.fitness().loss(), best.fitness().validationAccuracy(),
                best.fitness().tieBreak(), s.fitnessSeeds(), setupScores(best.perSetup(), s));
        node.set(Genomes.SCORED_WITH, JSON.valueToTree(scored));
        return PRETTY.writeValueAsString(node) + "\n";
    }

    /** Writes dir/name atomically (another file of the run directory, e.g. holdout.json). */
    public static void writeFile(Path dir, String name, String content) throws IOException {
        writeAtomically(dir, name, content);
    }

    private static void writeAtomically(Path dir, String name, String content) throws IOException {
        writeAtomically(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces dir/name: the bytes go to name.tmp, are forced to disk, and the file is renamed over the old one
     * (then the directory is forced too). Test crash points: NAME-partial (half the bytes written), NAME-temp
     * (written, not renamed), NAME-renamed.
     */
    static void writeAtomically(Path dir, String name, byte[] content) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            var buffer = java.nio.ByteBuffer.wrap(content);
            if (CrashPoints.armed()) {
                buffer.limit(content.length / 2);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                CrashPoints.reach(name + "-partial");
                buffer.limit(content.length);
            }
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        CrashPoints.reach(name + "-temp");
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot force a directory; the rename itself is atomic either way
        }
        CrashPoints.reach(name + "-renamed");
    }

    /**
     * What an evolution run did: the networks it trained in each finished generation (candidates times the seed
     * pairs each was scored on), and its seconds.
     */
    public record History(List<Integer> candidates, double seconds) {
        public int trainings() {
            return candidates.stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * The finished generations of the run in dir, from its checkpoint and log.jsonl; a directory that is not a
     * run, or whose log is unreadable, is a UserException naming the file it lacks.
     */
    public static History history(Path dir) {
        for (String name : List.of(CONFIG, LOG, Checkpoint.FILE)) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new UserException(dir + ": not an evolution run directory with a finished generation (no "
                        + dir.resolve(name) + ")");
            }
        }
        int done = checkpoint(dir).generationsDone();
        int pairs = settings(dir).scoringSeeds();
        Integer[] counts = new Integer[done];
        java.util.Arrays.fill(counts, 0);
        double seconds = 0;
        try {
            for (String line : Files.readAllLines(dir.resolve(LOG))) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    continue; // a torn last line of an interrupted run
                }
                int g = node.path("generation").asInt(-1);
                if (g < 0 || g >= done) {
                    continue;
                }
                if (node.path("type").asText().equals("candidate")) {
                    counts[g] += pairs;
                } else {
                    seconds += node.path("seconds").asDouble();
                }
            }
        } catch (IOException e) {
            throw new UserException(dir.resolve(LOG) + ": cannot read the log (" + e.getMessage() + ")");
        }
        for (int g = 0; g < done; g++) {
            if (counts[g] == 0) {
                throw new UserException(dir.resolve(LOG) + ": generation " + g + " has no candidates in the log");
            }
        }
        return new History(List.of(counts), seconds);
    }

    /** Reads the scoredWith block of a genome file written by a run (null when there is none). */
    public static ScoredWith scoredWith(Path genomeFile) {
        try {
            var node = JSON.readTree(Files.readString(genomeFile)).get(Genomes.SCORED_WITH);
            return node == null || node.isNull() ? null : JSON.treeToValue(node, ScoredWith.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserException(genomeFile + ": unreadable scoredWith block (" + Genomes.oneLine(e) + ")");
        } catch (IOException e) {
            throw new UserException(genomeFile + ": unreadable scoredWith block (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
