// A fingerprint of the data an evolution trains and scores on: SHA-256 over the training and validation images
// and labels as loaded (so raw and gzipped copies of the same files agree). A resumed run compares it with the
// one it started with, wherever the files now live.
package org.neuromod.evolve;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.neuromod.kernels.LabeledData;
import org.neuromod.nn.TrainingData;

public final class DataFingerprint {
    private DataFingerprint() {
    }

    public static String of(TrainingData data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (LabeledData split : new LabeledData[] {data.train(), data.validation()}) {
                if (split == null) {
                    continue;
                }
                buffer.putInt(split.count()).putInt(split.width());
                float[] x = split.x();
                for (int i = 0, n = split.count() * split.width(); i < n; i++) {
                    if (!buffer.hasRemaining()) {
                        flush(sha, buffer);
                    }
                    buffer.putFloat(x[i]);
                }
                int[] y = split.y();
                for (int i = 0; i < split.count(); i++) {
                    if (!buffer.hasRemaining()) {
                        flush(sha, buffer);
                    }
                    buffer.putInt(y[i]);
                }
                flush(sha, buffer);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void flush(MessageDigest sha, ByteBuffer buffer) {
        buffer.flip();
        sha.update(buffer);
        buffer.clear();
    }
}
