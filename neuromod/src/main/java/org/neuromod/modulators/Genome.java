// An evolvable modulator's description: an immutable value saved as JSON that carries its kind, its format
// version, the update rule it drives and the version of the observation list it reads. Each kind registers in
// Genomes.KINDS.
package org.neuromod.modulators;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.modulation.Observations;

import com.fasterxml.jackson.annotation.JsonProperty;

public interface Genome {
    /** "grn", ... : the kind, as files and the command line name it; the registry's name for this genome class. */
    @JsonProperty("kind")
    default String kind() {
        return Genomes.kindOf(this).name();
    }

    /** The format version it was written in. */
    int format();

    /** Name of the update rule whose modulated parameters it sets. */
    String rule();

    /** Version of {@link Observations} it reads. */
    int observations();

    /**
     * Checks the genome against its rule; the message names the first problem (the caller adds the file).
     *
     * @throws org.neuromod.kernels.UserException when a value is out of range or the structure does not fit
     */
    void validate(UpdateRule rule);

    /**
     * This genome written in another format version of its kind (1 to the newest), where the kind can express
     * it; the same genome when version is its own.
     *
     * @throws org.neuromod.kernels.UserException when the kind has no such format
     */
    default Genome inFormat(int version) {
        if (version != format()) {
            throw new org.neuromod.kernels.UserException(kind() + " genomes have only format " + format());
        }
        return this;
    }

    /** A readable, multi-line description for `neuromod modulator show`. */
    String describe();

    /** The first line of {@link #describe}: kind, format, rule and observation-list version. */
    default String heading() {
        return String.format("%s genome, format %d, rule %s, observations v%d%n", kind(), format(), rule(),
                observations());
    }
}
