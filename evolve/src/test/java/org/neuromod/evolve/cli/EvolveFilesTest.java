// A run that uses none of the optional settings writes exactly the files it wrote before they existed: the
// SHA-256 of config.yaml and best.json of a small run, recorded at commit 811d327 (before --fitness-seeds and
// setups), must not change. checkpoint.json's was recorded there too and re-recorded once, on purpose, when
// checkpoints began to record the run's settings (format 3, so a resume can tell an edited config.yaml).
package org.neuromod.evolve.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuromod.nn.data.IdxFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvolveFilesTest {
    static final String CONFIG = "5e055b6da3e863d872d96bb049b7a83e69392e72e28ca1043e7e36b92a2ffbe8";
    static final String BEST = "18c921b3ec69c85debea4f3590f1471fc6336c85c11fe4c0246ed1e9a590db1b";
    static final String CHECKPOINT = "a792450d313cddc7b358c070234969f86229df8dc77526639e938f5bd0b762bd";

    static String sha(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** A small evolution of seed 3 into run, on data, with extra flags. */
    static Cli.Outcome evolve(Path data, Path run, int generations, String... extra) {
        List<String> args = new ArrayList<>(List.of("evolve", "--data-dir", data.toString(), "--hidden", "16",
                "--generations", String.valueOf(generations), "--mu", "2", "--lambda", "3", "--validation", "100",
                "--batch", "20", "--threads", "1", "--backend", "jvm", "--seed", "3", "--out", run.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    /** The files of the 3-generation run of seed 3, as recorded. */
    static void assertRecordedFiles(Path run, String how) throws Exception {
        assertEquals(CONFIG, sha(run.resolve("config.yaml")), how + ": config.yaml");
        assertEquals(BEST, sha(run.resolve("best.json")), how + ": best.json");
        assertEquals(CHECKPOINT, sha(run.resolve("checkpoint.json")), how + ": checkpoint.json");
    }

    @Test
    void aRunWithoutOptionalSettingsWritesTheFilesItAlwaysWrote(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        IdxFiles.writeLearnableSet(data, 600, 100, 5);
        Cli.Outcome o = evolve(data, tmp.resolve("run"), 3);
        assertEquals(0, o.code(), o.err());
        assertRecordedFiles(tmp.resolve("run"), "straight through");

        // steps per call are a scheduling setting, which a resume may change: 4, then 9 give the same files
        Path parts = tmp.resolve("parts");
        Cli.Outcome first = evolve(data, parts, 2, "--steps-per-call", "4");
        assertEquals(0, first.code(), first.err());
        Cli.Outcome resumed = Cli.run("evolve", "--resume", parts.toString(), "--generations", "3",
                "--steps-per-call", "9", "--data-dir", data.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertRecordedFiles(parts, "in two parts, at 4 and 9 steps per call");
    }

    @Test
    void fitnessSeedsAreRecordedWhereTheyMatter(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        IdxFiles.writeLearnableSet(data, 600, 100, 5);
        Path run = tmp.resolve("run");
        Cli.Outcome o = evolve(data, run, 2, "--fitness-seeds", "2");
        assertEquals(0, o.code(), o.err());
        org.junit.jupiter.api.Assertions.assertTrue(Files.readString(run.resolve("config.yaml")).contains("fitnessSeeds: 2"));
        org.junit.jupiter.api.Assertions.assertTrue(Files.readString(run.resolve("best.json")).contains("\"fitnessSeeds\" : 2"));
        assertEquals(2 * 2 * 5, org.neuromod.evolve.RunDirectory.history(run).trainings(),
                "2 generations of 5 candidates, each trained on 2 seed pairs");
        assertEquals(2, Cli.run("evolve", "--fitness-seeds", "0").code());
    }
}
