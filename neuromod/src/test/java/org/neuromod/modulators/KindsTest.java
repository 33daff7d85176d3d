// Every registered modulator kind, with no test of its own: random genomes survive a JSON round trip for every
// rule, stay valid under 1000 mutations and crossovers, compute in a population of 8 varied genomes exactly what
// each computes alone, and bad files (truncated, a newer format, an out-of-range value) are refused.
package org.neuromod.modulators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;
import org.neuromod.nn.Modulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KindsTest {
    static Stream<Arguments> kindsAndRules() {
        return Genomes.REGISTRY.stream().flatMap(k -> UpdateRules.all().stream().map(r -> Arguments.of(k, r)));
    }

    static Stream<Genomes.Kind> kinds() {
        return Genomes.REGISTRY.stream();
    }

    @ParameterizedTest
    @MethodSource("kindsAndRules")
    void randomGenomesSurviveAJsonRoundTrip(Genomes.Kind kind, UpdateRule rule) {
        for (long seed = 0; seed < 20; seed++) {
            Genome g = kind.random(rule, new SplittableRandom(seed));
            assertEquals(kind.name(), g.kind());
            assertEquals(kind.format(), g.format(), "new genomes are written in the newest format");
            g.validate(rule);
            String json = Genomes.toJson(g);
            Genome back = Genomes.parse(json);
            assertEquals(g, back, kind.name() + " " + rule.name());
            assertEquals(json, Genomes.toJson(back));
            assertTrue(kind.type().isInstance(back));
        }
    }

    @ParameterizedTest
    @MethodSource("kindsAndRules")
    void genomesStayValidUnder1000MutationsAndCrossovers(Genomes.Kind kind, UpdateRule rule) {
        SplittableRandom rng = new SplittableRandom(5);
        List<Genome> pool = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pool.add(kind.random(rule, rng));
        }
        for (int i = 0; i < 1000; i++) {
            Genome a = pool.get(rng.nextInt(pool.size()));
            Genome child = i % 2 == 0 ? kind.variation().mutate(a, rule, rng)
                    : kind.variation().crossover(a, pool.get(rng.nextInt(pool.size())), rule, rng);
            child.validate(rule);
            assertEquals(child, Genomes.parse(Genomes.toJson(child)), "round trip after variation " + i);
            pool.set(rng.nextInt(pool.size()), child);
        }
        assertTrue(pool.stream().distinct().count() > 1, "variation changes genomes");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void eachMemberComputesInAPopulationOfVariedGenomesWhatItComputesAlone(Genomes.Kind kind) {
        UpdateRule rule = UpdateRules.MOMENTUM;
        int P = 8;
        int L = 3;
        int M = rule.modulated();
        Genome[] genomes = new Genome[P];
        for (int p = 0; p < P; p++) {
            Genome g = kind.random(rule, new SplittableRandom(40 + p));
            for (int m = 0; m < p; m++) {
                g = kind.variation().mutate(g, rule, new SplittableRandom(p * 100 + m)); // sizes drift apart
            }
            genomes[p] = g;
        }
        Modulator together = Genomes.population(rule, genomes, 2);
        List<Modulator> alone = new ArrayList<>();
        for (Genome g : genomes) {
            alone.add(Genomes.population(rule, new Genome[] {g}, 2));
        }
        int[] ones = new int[P];
        Arrays.fill(ones, 1);
        SyntheticStats.assertPartsAsWhole(together, alone, ones, L, M, 60, 8, kind.name());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void badFilesAreRefused(Genomes.Kind kind) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String valid = Genomes.toJson(kind.random(UpdateRules.MOMENTUM, new SplittableRandom(3)));
        assertThrows(UserException.class, () -> Genomes.parse(valid.substring(0, valid.length() / 2)), "truncated");
        ObjectNode newer = (ObjectNode) json.readTree(valid);
        newer.put("format", kind.format() + 1);
        UserException e = assertThrows(UserException.class, () -> Genomes.parse(newer.toString()), "a newer format");
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        // the first number of the kind's own fields, far outside anything valid
        ObjectNode outOfRange = (ObjectNode) json.readTree(valid);
        assertTrue(setFirstNumber(outOfRange, List.of("kind", "format", "rule", "observations")),
                kind.name() + " has a numeric field");
        assertThrows(UserException.class, () -> Genomes.parse(outOfRange.toString()), "an out-of-range value: "
                + outOfRange);
    }

    /** Sets the first number found (depth first, skipping the given top-level keys) to 1e9. */
    private static boolean setFirstNumber(JsonNode node, List<String> skip) {
        if (node instanceof ObjectNode o) {
            for (var it = o.fields(); it.hasNext(); ) {
                var field = it.next();
                if (skip.contains(field.getKey())) {
                    continue;
                }
                if (field.getValue().isNumber()) {
                    o.put(field.getKey(), 1_000_000_000);
                    return true;
                }
                if (setFirstNumber(field.getValue(), List.of())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isNumber()) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, 1_000_000_000);
                    return true;
                }
                if (setFirstNumber(node.get(i), List.of())) {
                    return true;
                }
            }
        }
        return false;
    }
}
