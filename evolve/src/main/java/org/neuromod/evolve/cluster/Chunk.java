// A fitness chunk as data: the candidates' genomes, the training setup, the generation's seeds, and what the
// worker must share with the coordinator for its scores to count (the code's commit, the chunk and observation
// formats, the data's SHA-256). The answer carries each candidate's fitness as the bits of its doubles, so a score
// crosses the network exactly.
package org.neuromod.evolve.cluster;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.neuromod.evolve.Fitness;
import org.neuromod.kernels.modulation.Observations;

/**
 * @param format       {@link #FORMAT}
 * @param observations the observations' version ({@link Observations#VERSION})
 * @param generation   the generation, with index the chunk's identity (a chunk scored twice counts once)
 * @param from         its first candidate's place in the generation
 */
public record Chunk(int format, int observations, String commit, String dataSha256, int generation, int index,
                    int from, Setup setup, long initSeed, long orderSeed, List<String> genomes) {
    public static final int FORMAT = 1;
    static final ObjectMapper JSON = new ObjectMapper();

    /** What a worker trains with: the evolution's single setup and scoring settings. */
    public record Setup(String data, int limit, int validation, List<Integer> hidden, String activation, int batch,
                        String rule, int modulateEvery, int epochs, long steps, int maxPopulation,
                        int stepsPerCall) {
        /** The data a worker must load for it (its cache key). */
        String dataKey() {
            return data + " limit " + limit + " validation " + validation;
        }
    }

    /**
     * A worker's answer: the fitness of each candidate, in order ([loss, tieBreak, accuracy] as double bits, and
     * 1 when diverged), or why it refused the chunk, or the error that stopped it.
     */
    public record Answer(int generation, int index, String worker, String device, String refused, String error,
                         double seconds, List<long[]> fitness) {
        static Answer scored(Chunk c, String worker, String device, double seconds, List<Fitness> scores) {
            List<long[]> bits = new ArrayList<>();
            for (Fitness f : scores) {
                bits.add(new long[] {Double.doubleToRawLongBits(f.loss()), Double.doubleToRawLongBits(f.tieBreak()),
                    f.diverged() ? 1 : 0, Double.doubleToRawLongBits(f.validationAccuracy())});
            }
            return new Answer(c.generation(), c.index(), worker, device, null, null, seconds, bits);
        }

        static Answer refused(Chunk c, String worker, String device, String why) {
            return new Answer(c.generation(), c.index(), worker, device, why, null, 0, List.of());
        }

        static Answer failed(Chunk c, String worker, String device, String error) {
            return new Answer(c == null ? -1 : c.generation(), c == null ? -1 : c.index(), worker, device, null,
                    error, 0, List.of());
        }

        List<Fitness> scores() {
            List<Fitness> scores = new ArrayList<>();
            for (long[] f : fitness) {
                scores.add(new Fitness(Double.longBitsToDouble(f[0]), Double.longBitsToDouble(f[1]), f[2] != 0,
                        Double.longBitsToDouble(f[3])));
            }
            return scores;
        }
    }

    String toJson() {
        return write(this);
    }

    static Chunk parse(String json) {
        return read(json, Chunk.class);
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cluster document could not be written: " + e.getOriginalMessage(), e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + " document: "
                    + e.getOriginalMessage(), e);
        }
    }
}
