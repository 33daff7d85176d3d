// Format-1 GRN genomes keep computing exactly what they computed when format 1 was the only format: the outputs
// of 16 random format-1 genomes over 400 steps of synthetic statistics hash to a digest recorded then.
package org.neuromod.modulators;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GrnFormat1DigestTest {
    /** Recorded at commit 59d2181 (before format 2 existed). */
    static final String FORMAT1_EVERY1 = "5888b25242a8bed7e0fa9c5257e755826c9c9fdee615184826730cd859d11228";
    static final String FORMAT1_EVERY3 = "76c80aae18f300edf81a7b438743261959cb84eb4cdccc23b04647e855cd5c19";

    static String digest(int modulateEvery) throws Exception {
        UpdateRule rule = UpdateRules.MOMENTUM;
        int P = 16;
        int L = 3;
        int T = 400;
        GrnGenome[] genomes = new GrnGenome[P];
        for (int p = 0; p < P; p++) {
            GrnGenome g = GrnGenome.random(rule, new SplittableRandom(1000 + p));
            genomes[p] = new GrnGenome(1, g.rule(), g.observations(), g.beta(), g.delta(), g.proteins());
        }
        GrnModulator m = new GrnModulator(rule, genomes, modulateEvery);
        m.reset(P, L, T);
        SyntheticStats signals = new SyntheticStats(P, L, 7);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        float[] hyper = new float[P * L * rule.modulated()];
        float[] loss = new float[P];
        float[] stats = new float[P * L * org.neuromod.kernels.Stats.COUNT];
        ByteBuffer bytes = ByteBuffer.allocate(hyper.length * 4);
        for (int t = 0; t < T; t++) {
            m.next(t, loss, stats, hyper);
            bytes.clear();
            bytes.asFloatBuffer().put(hyper);
            sha.update(bytes.array());
            signals.next();
            loss = signals.loss().clone();
            stats = signals.stats().clone();
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void format1OutputsAreTheRecordedBits() throws Exception {
        assertEquals(FORMAT1_EVERY1, digest(1), "format 1, --modulate-every 1");
        assertEquals(FORMAT1_EVERY3, digest(3), "format 1, --modulate-every 3");
    }
}
