// The checkpoint and the log a resume trusts: a checkpoint reads back to the same state (NaN fitness and
// mixed-size genomes included) and the same bytes; a torn, edited or newer checkpoint is refused; a strategy
// restored from a checkpoint asks exactly what the original asks next; the log is cut back to the
// checkpointed generations, a torn last line dropped, and a log missing generations refused.
package org.neuromod.evolve;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;
import org.neuromod.modulators.Genomes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    @TempDir
    Path dir;

    /** A mu-plus-lambda strategy after two generations of the toy objective, one child scored as diverged. */
    private static Strategy evolved(int generations) {
        Strategy s = Strategy.of("mu-plus-lambda", org.neuromod.modulators.Genomes.kind("grn").variation(), UpdateRules.MOMENTUM, 3, 4);
        StrategyTest.Toy toy = new StrategyTest.Toy();
        for (int g = 0; g < generations; g++) {
            List<Candidate> asked = s.ask(g, Evolution.streams(3, g));
            List<Fitness> f = new java.util.ArrayList<>(toy.evaluate(asked.stream().map(Candidate::genome).toList(), 0, 0));
            f.set(f.size() - 1, new Fitness(Double.NaN, Double.POSITIVE_INFINITY, true, 0.1f));
            s.tell(g, asked, f);
        }
        return s;
    }

    private static Checkpoint checkpointOf(Strategy s, int done) {
        Strategy.State state = s.state();
        Evolution.Best best = new Evolution.Best(state.kept().get(0), state.fitness().get(0), done - 1, 11, -12);
        return new Checkpoint(done, state, best);
    }

    @Test
    void aCheckpointReadsBackToTheSameStateAndBytes() {
        Strategy original = evolved(2);
        Checkpoint c = checkpointOf(original, 2);
        byte[] bytes = c.encode();
        Checkpoint back = Checkpoint.decode(bytes, "c");
        assertArrayEquals(bytes, back.encode(), "re-encoding gives the same bytes");
        assertEquals(c.strategy().nextId(), back.strategy().nextId());
        assertEquals(c.strategy().fitness(), back.strategy().fitness(), "fitness to the bit");
        for (int i = 0; i < c.strategy().kept().size(); i++) {
            assertEquals(Genomes.toJson(c.strategy().kept().get(i).genome()),
                    Genomes.toJson(back.strategy().kept().get(i).genome()));
        }
        Fitness nan = new Fitness(Double.NaN, Double.NEGATIVE_INFINITY, true, 0.25);
        Checkpoint withNan = new Checkpoint(1, new Strategy.State(3, List.of(c.best().candidate()), List.of(nan)), c.best());
        assertEquals(nan, Checkpoint.decode(withNan.encode(), "n").strategy().fitness().get(0), "NaN and infinities");
    }

    @Test
    void aRestoredStrategyAsksWhatTheOriginalAsksNext() {
        Strategy original = evolved(3);
        Strategy restored = Strategy.of("mu-plus-lambda", org.neuromod.modulators.Genomes.kind("grn").variation(), UpdateRules.MOMENTUM, 3, 4);
        restored.restore(Checkpoint.decode(checkpointOf(original, 3).encode(), "c").strategy());
        List<Candidate> a = original.ask(3, Evolution.streams(3, 3));
        List<Candidate> b = restored.ask(3, Evolution.streams(3, 3));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).id(), b.get(i).id());
            assertEquals(a.get(i).parents(), b.get(i).parents());
            assertEquals(Genomes.toJson(a.get(i).genome()), Genomes.toJson(b.get(i).genome()), "candidate " + i);
        }
    }

    @Test
    void aTornEditedOrNewerCheckpointIsRefused() {
        byte[] bytes = checkpointOf(evolved(1), 1).encode();
        for (int cut : new int[] {0, 1, bytes.length / 2, bytes.length - 2, bytes.length - 1}) {
            byte[] torn = java.util.Arrays.copyOf(bytes, cut);
            UserException e = assertThrows(UserException.class, () -> Checkpoint.decode(torn, "c.json"), "cut " + cut);
            assertTrue(e.getMessage().startsWith("c.json: "), e.getMessage());
        }
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 3] ^= 1;
        assertTrue(assertThrows(UserException.class, () -> Checkpoint.decode(flipped, "c.json")).getMessage()
                .contains("checksum"));
        String text = new String(bytes, StandardCharsets.UTF_8);
        String body = text.substring(0, text.lastIndexOf("end sha256 ")).replace("\"format\" : 1", "\"format\" : " + (Checkpoint.FORMAT + 1));
        byte[] newer = (body + "end sha256 " + Sealed.sha256(body.getBytes(StandardCharsets.UTF_8)) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        assertTrue(assertThrows(UserException.class, () -> Checkpoint.decode(newer, "c.json")).getMessage()
                .contains("format " + (Checkpoint.FORMAT + 1)));
    }

    @Test
    void theLogIsCutBackToTheCheckpointedGenerations() throws Exception {
        Path log = dir.resolve("log.jsonl");
        String g0 = "{\"type\":\"generation\",\"generation\":0}\n{\"type\":\"candidate\",\"generation\":0,\"id\":0}\n";
        String g1 = "{\"type\":\"generation\",\"generation\":1}\n{\"type\":\"candidate\",\"generation\":1,\"id\":1}\n";
        String g2 = "{\"type\":\"generation\",\"generation\":2}\n{\"type\":\"candid";
        Files.writeString(log, g0 + g1 + g2);
        assertEquals(g0 + g1, RunDirectory.keptLog(log, 2), "a torn last line goes");
        assertEquals(g0, RunDirectory.keptLog(log, 1), "lines past the checkpoint go");
        assertEquals("", RunDirectory.keptLog(log, 0));
        UserException e = assertThrows(UserException.class, () -> RunDirectory.keptLog(log, 4));
        assertTrue(e.getMessage().contains("holds 3 of the 4 generations"), e.getMessage());
        Files.writeString(log, g0 + "garbage\n" + g1);
        assertThrows(UserException.class, () -> RunDirectory.keptLog(log, 2), "a corrupt line inside the log");
    }
}
