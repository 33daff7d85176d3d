// Fixed-size pieces of every (network, layer) parameter segment, the unit of work of the per-layer
// reductions and of the update. Boundaries depend only on layer sizes, never on threads.
package org.neuromod.kernels.jvm;

final class Chunks {
    private final int[] from;     // (chunks) first flat index
    private final int[] to;       // (chunks) one past the last
    private final int[] segment;  // (chunks) p * L + l

    /** layerStart (L + 1) boundaries inside one network of {@code paramsPerNet} parameters; P networks. */
    Chunks(int[] layerStart, int P, int paramsPerNet) {
        int L = layerStart.length - 1;
        int count = 0;
        for (int l = 0; l < L; l++) {
            count += P * pieces(layerStart[l + 1] - layerStart[l]);
        }
        from = new int[count];
        to = new int[count];
        segment = new int[count];
        int c = 0;
        for (int p = 0; p < P; p++) {
            for (int l = 0; l < L; l++) {
                int end = p * paramsPerNet + layerStart[l + 1];
                for (int start = p * paramsPerNet + layerStart[l]; start < end; start += JvmBackend.CHUNK) {
                    from[c] = start;
                    to[c] = Math.min(start + JvmBackend.CHUNK, end);
                    segment[c] = p * L + l;
                    c++;
                }
            }
        }
    }

    private static int pieces(int size) {
        return (size + JvmBackend.CHUNK - 1) / JvmBackend.CHUNK;
    }

    int count() {
        return from.length;
    }

    int from(int c) {
        return from[c];
    }

    int to(int c) {
        return to[c];
    }

    /** (network, layer) index p * L + l of chunk c. */
    int segment(int c) {
        return segment[c];
    }
}
