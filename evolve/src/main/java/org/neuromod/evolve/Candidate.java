// One genome to evaluate in a generation, with the lineage the log records.
package org.neuromod.evolve;

import java.util.List;

import org.neuromod.modulators.Genome;

/** @param id unique within a run; @param parents ids it was made from (empty for a random genome, itself for a re-scored parent) */
public record Candidate(long id, List<Long> parents, Genome genome) {
    public Candidate {
        parents = List.copyOf(parents);
    }
}
