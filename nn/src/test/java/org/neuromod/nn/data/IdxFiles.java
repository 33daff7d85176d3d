// Test helper: writes small synthetic IDX files (raw or gzipped) with known contents.
package org.neuromod.nn.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

public final class IdxFiles {
    private IdxFiles() {}

    /** An IDX file's bytes: magic [0, 0, 0x08, dims.length], the dimensions, then {@code data}. */
    static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(0x00000800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    /** Pixel {@code i} of a set is {@code (7 i + 3) mod 256}, so every byte value shows up in a few images. */
    static byte[] pixels(int count, int rows, int cols) {
        byte[] p = new byte[count * rows * cols];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (7 * i + 3);
        }
        return p;
    }

    /** Label {@code i} is {@code (3 i + 1) mod classes}. */
    static byte[] labels(int count, int classes) {
        byte[] l = new byte[count];
        for (int i = 0; i < count; i++) {
            l[i] = (byte) ((3 * i + 1) % classes);
        }
        return l;
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    /** Writes the four standard files into {@code dir} with {@code suffix} "" (raw) or ".gz" (gzipped). */
    static void writeSet(Path dir, String suffix, int train, int test, int rows, int cols) throws IOException {
        int[] counts = {train, test};
        for (int s = 0; s < 2; s++) {
            byte[] images = idx(new int[] {counts[s], rows, cols}, pixels(counts[s], rows, cols));
            byte[] labels = idx(new int[] {counts[s]}, labels(counts[s], DataSets.CLASSES));
            boolean gz = suffix.equals(".gz");
            write(dir.resolve(DataSets.FILES[2 * s] + suffix), gz ? gzip(images) : images);
            write(dir.resolve(DataSets.FILES[2 * s + 1] + suffix), gz ? gzip(labels) : labels);
        }
    }

    /**
     * Writes a learnable 28x28 ten-class set (raw files) into {@code dir}: class c lights a 4x4 block at a
     * position of its own, on seeded noise, so a small MLP reaches high accuracy in an epoch or two.
     */
    public static void writeLearnableSet(Path dir, int train, int test, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] counts = {train, test};
        for (int s = 0; s < 2; s++) {
            int n = counts[s];
            byte[] pixels = new byte[n * 28 * 28];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                int c = rng.nextInt(DataSets.CLASSES);
                labels[i] = (byte) c;
                for (int k = 0; k < 28 * 28; k++) {
                    pixels[i * 784 + k] = (byte) rng.nextInt(60);
                }
                int top = 2 + (c / 5) * 12;
                int left = 2 + (c % 5) * 5;
                for (int r = top; r < top + 4; r++) {
                    for (int col = left; col < left + 4; col++) {
                        pixels[i * 784 + r * 28 + col] = (byte) (180 + rng.nextInt(70));
                    }
                }
            }
            write(dir.resolve(DataSets.FILES[2 * s]), idx(new int[] {n, 28, 28}, pixels));
            write(dir.resolve(DataSets.FILES[2 * s + 1]), idx(new int[] {n}, labels));
        }
    }
}
