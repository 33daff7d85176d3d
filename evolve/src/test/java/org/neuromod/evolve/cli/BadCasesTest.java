// Every bad flag, value and file of the table bad-cases.tsv (train, evolve, replay, modulator, devices): one
// error line naming what is wrong, exit 1 (user error while running) or 2 (bad flag), never a stack trace.
package org.neuromod.evolve.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neuromod.nn.data.IdxFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadCasesTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void writeFixtures() throws IOException {
        IdxFiles.writeLearnableSet(tmp.resolve("data"), 300, 100, 1);
        Files.createDirectories(tmp.resolve("empty"));
        IdxFiles.writeLearnableSet(tmp.resolve("corrupt"), 300, 100, 1);
        Path images = tmp.resolve("corrupt").resolve("train-images-idx3-ubyte");
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path genome = tmp.resolve("genome.json");
        Cli.Outcome made = Cli.run("modulator", "new", "--kind", "grn", "--rule", "momentum", "--seed", "1",
                "--out", genome.toString());
        assertEquals(0, made.code(), made.err());
        String json = Files.readString(genome);
        Files.writeString(tmp.resolve("newer.json"), json.replaceFirst("\"format\" : [0-9]+", "\"format\" : 9"));
        Files.writeString(tmp.resolve("nan.json"), json.replaceFirst("\"beta\" : [0-9.eE-]+", "\"beta\" : NaN"));
        Files.writeString(tmp.resolve("blank.json"), "");
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = BadCasesTest.class.getResourceAsStream("/bad-cases.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                cases.add(Arguments.of(Integer.parseInt(columns[0]), columns[1], columns[2]));
            }
        }
        return cases.stream();
    }

    private static String fill(String text) {
        return text.replace("{data}", tmp.resolve("data").toString())
                .replace("{empty}", tmp.resolve("empty").toString())
                .replace("{corrupt}", tmp.resolve("corrupt").toString())
                .replace("{genome}", tmp.resolve("genome.json").toString())
                .replace("{newer}", tmp.resolve("newer.json").toString())
                .replace("{nan}", tmp.resolve("nan.json").toString())
                .replace("{blank}", tmp.resolve("blank.json").toString())
                .replace("{missing}", tmp.resolve("missing.json").toString())
                .replace("{tmp}", tmp.toString());
    }

    @Test
    void theTableHoldsAtLeast25Cases() throws IOException {
        assertTrue(cases().count() >= 25);
    }

    @ParameterizedTest(name = "[{index}] exit {0}: {2}")
    @MethodSource("cases")
    void eachBadCaseGivesOneLineAndItsExitCode(int exit, String expected, String args) {
        Cli.Outcome run = Cli.run(fill(args).split(" "));
        String all = run.out() + run.err();
        List<String> errors = run.err().lines().filter(l -> l.startsWith("neuromod: ")).toList();
        assertEquals(exit, run.code(), args + ": " + all);
        assertEquals(1, errors.size(), args + ": exactly one error line: " + run.err());
        assertTrue(errors.getFirst().contains(fill(expected)), args + ": names '" + fill(expected) + "': " + errors);
        assertFalse(all.contains("\tat ") || all.contains("Exception"), args + ": no stack trace: " + all);
        assertFalse(all.contains("Usage:"), args + ": one message, not the usage text: " + all);
    }

    @Test
    void runningOutOfMemoryIsOneLineAndExitOne() {
        java.io.StringWriter text = new java.io.StringWriter();
        int code = Main.guard(() -> {
            throw new OutOfMemoryError("Java heap space");
        }, new java.io.PrintWriter(text));
        assertEquals(1, code);
        assertEquals(1, text.toString().lines().count(), text.toString());
        assertTrue(text.toString().contains("ran out of memory (Java heap space)"), text.toString());
    }
}
