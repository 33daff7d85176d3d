// Test fixture: a learnable synthetic data set (IdxFiles.writeLearnableSet) in its own temporary folder, written
// once before a test class's first test and deleted after its last. Register it as a static field:
//   @RegisterExtension static final LearnableData DATA = new LearnableData(600, 100, 3);
package org.neuromod.nn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

public final class LearnableData implements BeforeAllCallback, AfterAllCallback {
    private final int train;
    private final int test;
    private final long seed;
    private Path dir;

    public LearnableData(int train, int test, long seed) {
        this.train = train;
        this.test = test;
        this.seed = seed;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("neuromod-learnable-");
        IdxFiles.writeLearnableSet(dir, train, test, seed);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** The folder with the four IDX files. */
    public Path dir() {
        return dir;
    }

    /** The folder, as a --data-dir argument. */
    @Override
    public String toString() {
        return String.valueOf(dir);
    }
}
