// Test helper: runs the command line in this JVM and captures its exit code, standard output and error.
package org.neuromod.evolve.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

final class Cli {
    private Cli() {
    }

    record Outcome(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    /** An evolution log's lines without their timing fields (and which worker of a cluster scored a candidate). */
    static List<String> untimed(Path log) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            ObjectNode node = (ObjectNode) json.readTree(line);
            node.remove(List.of("seconds", "backendSeconds", "networkSamplesPerSecond", "worker"));
            lines.add(node.toString());
        }
        return lines;
    }

    static Outcome run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Outcome(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /**
     * command's arguments: each default pair {"--name", "value"} unless an extra "--name=value" of the same name
     * replaces it, then the extras.
     */
    static String[] withDefaults(String command, String[][] defaults, String... extra) {
        List<String> args = new ArrayList<>(List.of(command));
        for (String[] option : defaults) {
            if (Arrays.stream(extra).noneMatch(e -> e.startsWith(option[0] + "="))) {
                args.addAll(List.of(option));
            }
        }
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }
}
