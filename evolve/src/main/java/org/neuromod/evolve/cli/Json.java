// The JSON mappers the commands share. They are made when a command first reads or writes JSON, not when the
// command line is built: picocli makes every command object at start, and a mapper in a command's static field
// made every run, `train` included, pay Jackson's start-up before anything else.
package org.neuromod.evolve.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

final class Json {
    static final ObjectMapper PLAIN = new ObjectMapper();
    static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }
}
