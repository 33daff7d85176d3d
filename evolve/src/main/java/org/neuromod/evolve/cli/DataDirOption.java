// --data-dir: where a command finds its data set's IDX files. One definition for every command that reads data
// (directly, or through NetworkOptions), so the flag means and says the same everywhere.
package org.neuromod.evolve.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "<dataDir>", description = "Folder with the data set's four IDX "
            + "files, raw or gzipped (default: <user cache dir>/neuromod/<data set>, fetched on first use).")
    Path dir;
}
