// Every path a command writes is checked before any work starts: a file's folder exists (or can be created) and
// is writable, the file itself is not a folder or a device; a folder is not a file and is writable. A failure
// while writing (a full disk) becomes one line naming the file. Files are written under a temporary name and
// renamed, so no partial file ever looks complete.
package org.neuromod.evolve.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.neuromod.kernels.UserException;

final class OutputPaths {
    private OutputPaths() {
    }

    /** A file to be written (replaced if it exists): refused, naming the option, when it cannot be. */
    static void file(Path file, String option) {
        Path f = file.toAbsolutePath();
        if (Files.isDirectory(f)) {
            throw new UserException(option + " " + file + ": is a folder, not a file");
        }
        if (Files.exists(f) && !Files.isRegularFile(f)) {
            throw new UserException(option + " " + file + ": exists and is not a regular file (a device or a "
                    + "pipe); write to a file");
        }
        folder(f.getParent(), option + " " + file);
        if (Files.exists(f) && !Files.isWritable(f)) {
            throw new UserException(option + " " + file + ": exists and is not writable");
        }
    }

    /** A folder to be written into (created if missing): refused, naming the option, when it cannot be. */
    static void folder(Path folder, String what) {
        Path existing = folder.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && existing.equals(folder.toAbsolutePath()) && !Files.isDirectory(existing)) {
            throw new UserException(what + ": is a file, not a folder");
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new UserException(what + ": " + existing + " is a file, so the folder " + folder + " cannot be "
                    + "created");
        }
        if (!Files.isWritable(existing) || !canCreateIn(existing)) {
            throw new UserException(what + ": the folder " + existing + " is not writable");
        }
    }

    /** Whether a file can really be created in folder (root ignores permission bits, a read-only mount does not). */
    private static boolean canCreateIn(Path folder) {
        try {
            Path probe = Files.createTempFile(folder, ".neuromod-probe", ".tmp");
            Files.delete(probe);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** One line for a failure while writing file. */
    static UserException writeFailed(Path file, IOException e) {
        return new UserException(file + ": cannot write (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage()) + ")");
    }
}
