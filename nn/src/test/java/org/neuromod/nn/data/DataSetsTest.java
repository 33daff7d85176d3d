// Data-set names, the default folder, and loading the four files of a split pair.
package org.neuromod.nn.data;

import org.neuromod.kernels.UserException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetsTest {
    @TempDir
    Path dir;

    @Test
    void parsesNamesCaseInsensitively() {
        assertEquals(DataSetName.MNIST, DataSetName.parse("mnist"));
        assertEquals(DataSetName.FASHION, DataSetName.parse("Fashion"));
        assertEquals(DataSetName.FASHION, DataSetName.parse(" FASHION "));
        assertEquals("fashion", DataSetName.FASHION.id());
        assertEquals("mnist", DataSetName.MNIST.id());
        UserException e = assertThrows(UserException.class, () -> DataSetName.parse("cifar"));
        assertTrue(e.getMessage().contains("'cifar'") && e.getMessage().contains("mnist, fashion"), e.getMessage());
        assertThrows(UserException.class, () -> DataSetName.parse(null));
    }

    @Test
    void defaultDirHonoursXdgCacheHome() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/xdg/cache/neuromod/fashion"),
                DataSets.defaultDir(DataSetName.FASHION, Map.of("XDG_CACHE_HOME", "/xdg/cache")::get, home));
        assertEquals(Path.of("/home/u/.cache/neuromod/mnist"),
                DataSets.defaultDir(DataSetName.MNIST, Map.<String, String>of()::get, home));
        // the XDG spec says relative values are ignored
        assertEquals(Path.of("/home/u/.cache/neuromod/mnist"),
                DataSets.defaultDir(DataSetName.MNIST, Map.of("XDG_CACHE_HOME", "rel/cache")::get, home));
        assertEquals(Path.of("/home/u/.cache/neuromod/mnist"),
                DataSets.defaultDir(DataSetName.MNIST, Map.of("XDG_CACHE_HOME", "")::get, home));
        assertTrue(DataSets.defaultDir(DataSetName.MNIST).endsWith(Path.of("neuromod", "mnist")));
    }

    @Test
    void loadsRawAndGzippedFilesAlike() throws Exception {
        IdxFiles.writeSet(dir.resolve("raw"), "", 6, 4, 2, 3);
        IdxFiles.writeSet(dir.resolve("gz"), ".gz", 6, 4, 2, 3);
        DataSplits raw = DataSets.load(DataSetName.MNIST, dir.resolve("raw"));
        DataSplits gz = DataSets.load(DataSetName.FASHION, dir.resolve("gz"));
        for (DataSplits s : new DataSplits[] {raw, gz}) {
            assertEquals(6, s.train().count());
            assertEquals(4, s.test().count());
            assertEquals(6, s.train().width());
            assertEquals(10, s.test().classes());
        }
        assertArrayEquals(raw.train().images(), gz.train().images());
        assertArrayEquals(raw.test().labels(), gz.test().labels());
        assertArrayEquals(new int[] {1, 4, 7, 0}, raw.test().labels());
    }

    @Test
    void aBadTestFileFailsTheLoad() throws Exception {
        IdxFiles.writeSet(dir, "", 6, 4, 2, 3);
        byte[] ys = IdxFiles.labels(4, 10);
        ys[2] = 10;
        Path t10k = IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.idx(new int[] {4}, ys));
        UserException e = assertThrows(UserException.class, () -> DataSets.load(DataSetName.MNIST, dir));
        assertEquals(t10k + ": label 10 at index 2 is outside 0..9", e.getMessage());
    }

    @Test
    void testImagesOfAnotherShapeFailTheLoad() throws Exception {
        IdxFiles.writeSet(dir, "", 6, 4, 2, 3);
        Path t10k = IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte"),
                IdxFiles.idx(new int[] {4, 3, 2}, IdxFiles.pixels(4, 3, 2)));
        UserException e = assertThrows(UserException.class, () -> DataSets.load(DataSetName.MNIST, dir));
        assertTrue(e.getMessage().startsWith(t10k + ": images are 3x2 but "), e.getMessage());
    }

    @Test
    void missingFileTellsWhatToDo() throws Exception {
        IdxFiles.writeSet(dir, ".gz", 6, 4, 2, 3);
        Path missing = dir.resolve("t10k-images-idx3-ubyte");
        Files.delete(dir.resolve("t10k-images-idx3-ubyte.gz"));
        UserException e = assertThrows(UserException.class, () -> DataSets.load(DataSetName.FASHION, dir));
        assertTrue(e.getMessage().startsWith(missing + " not found (nor t10k-images-idx3-ubyte.gz)"), e.getMessage());
        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
        assertTrue(e.getMessage().contains("fetched automatically into "
                + DataSets.defaultDir(DataSetName.FASHION)), e.getMessage());
        assertTrue(e.getMessage().contains("Fashion-MNIST"), e.getMessage());
    }

    @Test
    void rawAndGzOfTheSameFileIsAmbiguous() throws Exception {
        IdxFiles.writeSet(dir, "", 6, 4, 2, 3);
        Files.copy(dir.resolve("train-labels-idx1-ubyte"), dir.resolve("train-labels-idx1-ubyte.gz"));
        UserException e = assertThrows(UserException.class, () -> DataSets.load(DataSetName.MNIST, dir));
        assertTrue(e.getMessage().contains("both exist"), e.getMessage());
    }

    @Test
    void ensurePresentDoesNothingWhenTheFilesAreThere() throws Exception {
        IdxFiles.writeSet(dir, ".gz", 6, 4, 2, 3);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // With no tools on the PATH, any fetch attempt would throw.
        new Fetcher(null, Fetcher.Release::of).ensurePresent(DataSetName.FASHION, dir, new PrintStream(log));
        DataSets.ensurePresent(DataSetName.MNIST, dir, new PrintStream(log));
        assertEquals("", log.toString());
    }
}
