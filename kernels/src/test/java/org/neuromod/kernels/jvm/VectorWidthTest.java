// Results do not depend on the machine's vector width or the JIT tier: the same training, run in JVMs forced
// to 128-, 256- and 512-bit vector species (system property neuromod.vector.bits), and in JVMs that only
// interpret or compile everything with C2 at once, gives the same bits, for every activation; so does every
// register tile of the matrix products (system property neuromod.gemm.tile).
package org.neuromod.kernels.jvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorWidthTest {

    /** Runs WidthProbe in a fresh JVM with the given forced width; returns its "device:" and "digest:" values. */
    static Map<String, String> probe(String bits, String... activations) throws IOException, InterruptedException {
        return probe(List.of("-Dneuromod.vector.bits=" + bits), activations);
    }

    static Map<String, String> probe(List<String> jvmFlags, String... activations) throws IOException, InterruptedException {
        String bits = String.join(" ", jvmFlags);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules", "jdk.incubator.vector"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WidthProbe.class.getName()));
        command.addAll(List.of(activations));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "probe with " + bits + " bits timed out");
        assertEquals(0, process.exitValue(), "probe with " + bits + " bits failed:\n" + output);
        Map<String, String> values = new HashMap<>();
        for (String line : output.split("\n")) {
            int colon = line.indexOf(": ");
            if (line.startsWith("device: ") || line.startsWith("digest: ")) {
                values.put(line.substring(0, colon), line.substring(colon + 2).strip());
            }
        }
        return values;
    }

    @Test
    void forcedWidthsGiveTheSameBits() throws Exception {
        Map<String, String> reference = null;
        for (String bits : new String[] {"128", "256", "512"}) {
            Map<String, String> run = probe(bits, "relu", "identity", "tanh", "sigmoid");
            assertTrue(run.getOrDefault("device", "").contains(bits + "-bit vectors"),
                    "device() reports the forced width " + bits + ": " + run.get("device"));
            if (reference == null) {
                reference = run;
            } else {
                assertEquals(reference.get("digest"), run.get("digest"), bits + "-bit vectors changed the results");
            }
        }
    }

    /**
     * A population of one, at 256 and 512 bits, gives the digest recorded at commit 86b0e777e2, before the start-up
     * work (launcher, huge pages, backend choice): a change meant to save time changes no bit.
     */
    static final String P1_RELU_TANH = "ad31d87f99e77c9fbb821fb9d82abd0a6a6732db2e659e926582259b47a7e890";

    @Test
    void aPopulationOfOneGivesTheRecordedBits() throws Exception {
        for (String bits : new String[] {"256", "512"}) {
            assertEquals(P1_RELU_TANH, probe(bits, "--population=1", "relu", "tanh").get("digest"),
                    bits + "-bit vectors, P = 1");
        }
    }

    @Test
    void everyRegisterTileGivesTheSameBits() throws Exception {
        // The tile the JIT's register file picks (-XX:UseAVX=2 has 16 registers) and each forced tile, at 256 bits.
        Map<String, String> reference = probe(List.of("-Dneuromod.vector.bits=256", "-XX:UseAVX=2"), "relu", "tanh");
        assertTrue(reference.getOrDefault("device", "").contains("6x2 register tiles"),
                "16 registers choose the 6x2 tile: " + reference.get("device"));
        for (String tile : new String[] {"4x4", "6x2"}) {
            Map<String, String> run = probe(List.of("-Dneuromod.vector.bits=256", "-Dneuromod.gemm.tile=" + tile),
                    "relu", "tanh");
            assertTrue(run.getOrDefault("device", "").contains(tile + " register tiles"), run.get("device"));
            assertEquals(reference.get("digest"), run.get("digest"), "the " + tile + " tile changed the results");
        }
    }

    @Test
    void theInterpreterAndC2GiveTheSameBitsForEveryActivation() throws Exception {
        Map<String, String> interpreted = probe(List.of("-Xint"), "--small", "relu", "tanh", "sigmoid", "identity");
        Map<String, String> compiled = probe(List.of("-Xcomp", "-XX:-TieredCompilation"), "--small", "relu", "tanh",
                "sigmoid", "identity");
        assertEquals(interpreted.get("digest"), compiled.get("digest"), "-Xint and -Xcomp -XX:-TieredCompilation");
        assertEquals(interpreted.get("digest"), probe(List.of(), "--small", "relu", "tanh", "sigmoid", "identity")
                .get("digest"), "and the default tiered JVM");
    }
}
