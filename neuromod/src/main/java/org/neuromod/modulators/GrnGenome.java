// A gene regulatory network (Banzhaf; Cussat-Blanc's formulation) as a neuromodulator genome: proteins with an
// identifier, an enhancer and an inhibitor tag, and the two constants beta and delta of its dynamics.
package org.neuromod.modulators;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UserException;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.neuromod.kernels.modulation.Observations;

/**
 * Formats 1 and 2 share these fields; they differ in the dynamics ({@link GrnModulator}): format 2, written by this
 * build, cannot let an output die; format 1 files stay readable and compute what they always did. Proteins come in a fixed order: {@link Observations#COUNT} inputs (one per observation, in the
 * observation list's order), then two outputs per modulated learning parameter of the rule (the parameter's
 * protein, then its normaliser), then 0 to {@link #MAX_REGULATORY} regulatory proteins. Tags lie in [0, 1];
 * beta and delta in [{@link #MIN_CONSTANT}, {@link #MAX_CONSTANT}].
 */
@JsonPropertyOrder({"kind", "format", "rule", "observations", "beta", "delta", "proteins"})
public record GrnGenome(int format, String rule, int observations, double beta, double delta,
                        List<Protein> proteins) implements Genome {
    public static final String KIND = "grn";
    public static final int FORMAT = 2;
    public static final int MAX_REGULATORY = 32;
    public static final double MIN_CONSTANT = 0.05;
    public static final double MAX_CONSTANT = 2.0;

    public enum Type {
        @JsonProperty("input") INPUT,
        @JsonProperty("output") OUTPUT,
        @JsonProperty("regulatory") REGULATORY
    }

    public record Protein(Type type, double id, double enhancer, double inhibitor) {
    }

    public GrnGenome {
        proteins = List.copyOf(proteins);
    }

    @JsonIgnore
    public int regulatory() {
        return proteins.size() - Observations.COUNT - outputs();
    }

    /** Output proteins: two per modulated parameter. */
    @JsonIgnore
    public int outputs() {
        return (int) proteins.stream().filter(p -> p.type() == Type.OUTPUT).count();
    }

    /** This genome in another format of the kind (the same proteins and constants, other dynamics). */
    @Override
    public GrnGenome inFormat(int version) {
        if (version < 1 || version > FORMAT) {
            throw new UserException("grn genomes have formats 1 to " + FORMAT + ", not " + version);
        }
        return new GrnGenome(version, rule, observations, beta, delta, proteins);
    }

    @Override
    public void validate(UpdateRule ruleSpec) {
        if (format < 1 || format > FORMAT) {
            throw new UserException("grn genome format must be 1 to " + FORMAT + ", got " + format);
        }
        if (!(beta >= MIN_CONSTANT && beta <= MAX_CONSTANT) || !(delta >= MIN_CONSTANT && delta <= MAX_CONSTANT)) {
            throw new UserException("beta and delta must lie in [" + MIN_CONSTANT + ", " + MAX_CONSTANT
                    + "], got beta " + beta + ", delta " + delta);
        }
        int outputs = 2 * ruleSpec.modulated();
        for (int i = 0; i < proteins.size(); i++) {
            Protein p = proteins.get(i);
            Type want = i < Observations.COUNT ? Type.INPUT : i < Observations.COUNT + outputs ? Type.OUTPUT
                    : Type.REGULATORY;
            if (p == null || p.type() != want) {
                throw new UserException("protein " + i + " must be of type " + want.name().toLowerCase()
                        + " (" + Observations.COUNT + " inputs, then " + outputs + " outputs for rule '" + rule
                        + "', then regulatory proteins)");
            }
            for (double tag : new double[] {p.id(), p.enhancer(), p.inhibitor()}) {
                if (!(tag >= 0 && tag <= 1)) {
                    throw new UserException("protein " + i + " has a tag outside [0, 1]: " + tag);
                }
            }
        }
        if (proteins.size() < Observations.COUNT + outputs) {
            throw new UserException("a " + rule + " GRN needs " + Observations.COUNT + " input and " + outputs
                    + " output proteins, got " + proteins.size() + " proteins");
        }
        if (regulatory() > MAX_REGULATORY) {
            throw new UserException("at most " + MAX_REGULATORY + " regulatory proteins, got " + regulatory());
        }
    }

    @Override
    public String describe() {
        UpdateRule spec = org.neuromod.kernels.UpdateRules.byName(rule);
        StringBuilder s = new StringBuilder();
        s.append(heading());
        s.append(String.format("beta %.4f, delta %.4f; %d proteins (%d inputs, %d outputs, %d regulatory)%n",
                beta, delta, proteins.size(), Observations.COUNT, outputs(), regulatory()));
        s.append(String.format("%-4s %-11s %-24s %8s %8s %8s%n", "#", "type", "role", "id", "enhancer", "inhibitor"));
        for (int i = 0; i < proteins.size(); i++) {
            Protein p = proteins.get(i);
            String role = switch (p.type()) {
                case INPUT -> Observations.NAMES.get(i);
                case OUTPUT -> {
                    int o = i - Observations.COUNT;
                    String name = spec.params().get(o / 2).name();
                    yield o % 2 == 0 ? name : name + " (normaliser)";
                }
                case REGULATORY -> "";
            };
            s.append(String.format("%-4d %-11s %-24s %8.4f %8.4f %8.4f%n", i,
                    p.type().name().toLowerCase(java.util.Locale.ROOT), role, p.id(), p.enhancer(), p.inhibitor()));
        }
        return s.toString();
    }

    /** A random genome for the rule: uniform tags and constants, 2 to 8 regulatory proteins. */
    public static GrnGenome random(UpdateRule rule, SplittableRandom rng) {
        List<Protein> proteins = new ArrayList<>();
        for (int i = 0; i < Observations.COUNT; i++) {
            proteins.add(randomProtein(Type.INPUT, rng));
        }
        for (int i = 0; i < 2 * rule.modulated(); i++) {
            proteins.add(randomProtein(Type.OUTPUT, rng));
        }
        int regulatory = 2 + rng.nextInt(7);
        for (int i = 0; i < regulatory; i++) {
            proteins.add(randomProtein(Type.REGULATORY, rng));
        }
        return new GrnGenome(FORMAT, rule.name(), Observations.VERSION, constant(rng), constant(rng), proteins);
    }

    /** Tags and constants are floats stored as doubles, so a saved genome computes exactly what it was. */
    public static Protein randomProtein(Type type, SplittableRandom rng) {
        return new Protein(type, tag(rng), tag(rng), tag(rng));
    }

    static double tag(SplittableRandom rng) {
        return (float) rng.nextDouble();
    }

    static double constant(SplittableRandom rng) {
        return (float) (MIN_CONSTANT + rng.nextDouble() * (MAX_CONSTANT - MIN_CONSTANT));
    }
}
