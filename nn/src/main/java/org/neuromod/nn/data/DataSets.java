// Where the data sets live and how they are loaded: the four standard IDX files of a data set in one folder,
// each raw or gzipped, defaulting to <user cache dir>/neuromod/<id>. Fetching missing files is Fetcher's job.
package org.neuromod.nn.data;

import org.neuromod.kernels.UserException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

public final class DataSets {
    /** The standard file names, in the order train images, train labels, test images, test labels. */
    static final String[] FILES = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
    };
    /** Both MNIST and Fashion-MNIST have ten classes. */
    static final int CLASSES = 10;

    private DataSets() {}

    /** {@code <user cache dir>/neuromod/<id>}; the cache dir is $XDG_CACHE_HOME if set and absolute, else ~/.cache. */
    public static Path defaultDir(DataSetName name) {
        return defaultDir(name, System::getenv, Path.of(System.getProperty("user.home")));
    }

    static Path defaultDir(DataSetName name, Function<String, String> env, Path home) {
        String xdg = env.apply("XDG_CACHE_HOME");
        // The XDG Base Directory spec says a relative value is invalid and must be ignored.
        boolean useXdg = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute();
        Path cache = useXdg ? Path.of(xdg) : home.resolve(".cache");
        return cache.resolve("neuromod").resolve(name.id());
    }

    /**
     * Loads and validates all four files before returning, so a bad test file is reported before training
     * starts rather than at the first evaluation.
     */
    public static DataSplits load(DataSetName name, Path dir) throws UserException {
        Path[] files = new Path[FILES.length];
        for (int i = 0; i < FILES.length; i++) {
            files[i] = locate(name, dir, FILES[i]);
        }
        ImageSet train = Idx.read(files[0], files[1], CLASSES);
        ImageSet test = Idx.read(files[2], files[3], CLASSES);
        if (test.rows() != train.rows() || test.cols() != train.cols()) {
            throw new UserException(files[2] + ": images are " + test.rows() + "x" + test.cols() + " but " + files[0]
                    + " has " + train.rows() + "x" + train.cols());
        }
        return new DataSplits(train, test);
    }

    /** Fetches the data set into {@code dir} unless its four files are all there; announces a fetch on {@code log}. */
    public static void ensurePresent(DataSetName name, Path dir, PrintStream log) throws UserException {
        new Fetcher(System.getenv("PATH"), Fetcher.Release::of).ensurePresent(name, dir, log);
    }

    /** Whether each of the four files is in {@code dir}, raw or gzipped. */
    static boolean allPresent(Path dir) {
        for (String f : FILES) {
            if (!Files.exists(dir.resolve(f)) && !Files.exists(dir.resolve(f + ".gz"))) {
                return false;
            }
        }
        return true;
    }

    private static Path locate(DataSetName name, Path dir, String file) throws UserException {
        Path raw = dir.resolve(file);
        Path gz = dir.resolve(file + ".gz");
        boolean hasRaw = Files.exists(raw);
        boolean hasGz = Files.exists(gz);
        if (hasRaw && hasGz) { // refuse to guess: one of them may be stale
            throw new UserException(raw + " and " + gz + " both exist: remove one of them");
        }
        if (hasRaw || hasGz) {
            return hasRaw ? raw : gz;
        }
        throw new UserException(raw + " not found (nor " + gz.getFileName() + "): point --data-dir at a folder "
                + "holding the four " + name.title() + " IDX files (" + String.join(", ", FILES)
                + "; raw or .gz), or leave --data-dir out to have them fetched automatically into "
                + defaultDir(name));
    }
}
