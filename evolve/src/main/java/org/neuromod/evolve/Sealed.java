// Files that must never be read torn or edited: a body, then one last line "end sha256 <hex>" holding the SHA-256
// of every byte before it. Evolution and baseline checkpoints are written this way.
package org.neuromod.evolve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.neuromod.kernels.UserException;

final class Sealed {
    private static final String END = "end sha256 ";

    private Sealed() {
    }

    /** The body followed by its end line. */
    static byte[] seal(String body) {
        return (body + END + sha256(body.getBytes(StandardCharsets.UTF_8)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The body of sealed bytes; a missing end line or a checksum mismatch is a UserException naming the file. */
    static String open(byte[] bytes, String name) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.lastIndexOf("\n" + END);
        if (end < 0 || !text.endsWith("\n")) {
            throw new UserException(name + ": the checkpoint is incomplete (no end line): it was cut off while "
                    + "being written; it is not used");
        }
        String body = text.substring(0, end + 1);
        String sum = text.substring(end + 1 + END.length(), text.length() - 1);
        if (!sum.equals(sha256(body.getBytes(StandardCharsets.UTF_8)))) {
            throw new UserException(name + ": the checkpoint's checksum does not match its contents: it is corrupt "
                    + "and is not used");
        }
        return body;
    }

    /** The bytes of a checkpoint file, or null when there is none yet; an unreadable one is a UserException. */
    static byte[] read(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (java.io.IOException e) {
            throw new UserException(file + ": cannot read the checkpoint (" + e.getMessage() + ")");
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
