// A population's modulator as the modulation kernels read it: its kind id and the packed arrays of
// ModulationKernels, with the state a run starts from. A backend that runs the modulation itself loads these once
// per training run.
package org.neuromod.kernels.modulation;

/**
 * @param kind    the kind id (ModulationKernels.GRN, ...)
 * @param genes   the packed genomes, float part
 * @param shape   the packed genomes, int part
 * @param dims    (ModulationKernels.DIMS) the sizes
 * @param mapping (3M) the outputs' mapping onto the rule's parameters
 * @param start   (P, L, W) the state at the start of a run
 */
public record Modulation(int kind, float[] genes, int[] shape, int[] dims, float[] mapping, float[] start) {
}
