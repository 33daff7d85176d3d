// Genome files: JSON round trip, and one clear message naming the file for every kind of bad file.
package org.neuromod.modulators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenomesTest {
    @TempDir
    Path dir;

    @Test
    void aGenomeSurvivesTheRoundTripExactly() throws IOException {
        for (String rule : UpdateRules.names()) {
            Genome genome = Genomes.random("grn", UpdateRules.byName(rule), 42);
            Path file = dir.resolve(rule + ".json");
            Genomes.write(genome, file);
            Genome back = Genomes.read(file);
            assertEquals(genome, back, rule);
            assertEquals(Genomes.toJson(genome), Files.readString(file));
            assertTrue(Files.readString(file).contains("\"kind\" : \"grn\""), Files.readString(file));
        }
        assertTrue(!Genomes.random("grn", UpdateRules.MOMENTUM, 1).equals(Genomes.random("grn", UpdateRules.MOMENTUM, 2)),
                "the seed is applied");
    }

    private String valid() {
        return Genomes.toJson(Genomes.random("grn", UpdateRules.MOMENTUM, 7));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty|EMPTY|empty",
        "truncated|TRUNCATE|not valid genome JSON",
        "unknown kind|\"kind\" : \"grn\"=>\"kind\" : \"lstm\"|unknown modulator kind 'lstm'",
        "newer format|\"format\" : [0-9]+=>\"format\" : 9|newer than this build",
        "format 0|\"format\" : [0-9]+=>\"format\" : 0|missing or invalid 'format'",
        "newer observations|\"observations\" : 1=>\"observations\" : 7|newer than this build",
        "NaN constant|\"beta\" : [0-9.eE-]+=>\"beta\" : NaN|not valid genome JSON",
        "out-of-range constant|\"delta\" : [0-9.eE-]+=>\"delta\" : 7.5|beta and delta must lie in",
        "unknown rule|\"rule\" : \"momentum\"=>\"rule\" : \"adamw\"|unknown update rule 'adamw'",
        "rule mismatch|\"rule\" : \"momentum\"=>\"rule\" : \"sgd\"|must be of type",
        "tag out of range|\"id\" : 0\\.=>\"id\" : 3.|tag outside [0, 1]",
        "unknown field|\"beta\" : =>\"colour\" : 1, \"beta\" : |malformed grn genome"})
    void badFilesGiveOneMessageNamingTheFile(String name, String edit, String message) throws IOException {
        String text = valid();
        if (edit.equals("EMPTY")) {
            text = "";
        } else if (edit.equals("TRUNCATE")) {
            text = text.substring(0, text.length() / 2);
        } else {
            String[] parts = edit.split("=>");
            String edited = text.replaceFirst(parts[0], java.util.regex.Matcher.quoteReplacement(parts[1]));
            assertTrue(!edited.equals(text), name + ": the edit applies");
            text = edited;
        }
        Path file = dir.resolve("bad.json");
        Files.writeString(file, text);
        UserException e = assertThrows(UserException.class, () -> Genomes.read(file), name);
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(message),
                name + ": " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("nothing.json");
        UserException e = assertThrows(UserException.class, () -> Genomes.read(file));
        assertTrue(e.getMessage().contains("nothing.json"), e.getMessage());
    }
}
