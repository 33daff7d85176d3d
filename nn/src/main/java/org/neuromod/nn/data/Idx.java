// Reader for IDX, the file format MNIST and Fashion-MNIST ship in (http://yann.lecun.com/exdb/mnist/, "FILE
// FORMATS"): a big-endian magic number [0, 0, 0x08 = unsigned byte, number of dimensions], one int32 per
// dimension, then the bytes. A file may be raw or gzip-compressed; gzip is recognised by its magic bytes 1f 8b
// (RFC 1952), not by the name, because downloaded files get renamed. Every check fails with one
// UserException that names the file, so a bad file stops the run before any training.
package org.neuromod.nn.data;

import org.neuromod.kernels.UserException;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

public final class Idx {
    private static final int IMAGES_MAGIC = 0x00000803; // unsigned bytes, 3 dimensions (count, rows, cols)
    private static final int LABELS_MAGIC = 0x00000801; // unsigned bytes, 1 dimension (count)

    private Idx() {}

    /** Reads an images file and its labels file; labels must lie in 0..classes-1. */
    public static ImageSet read(Path images, Path labels, int classes) throws UserException {
        if (classes < 1 || classes > 256) {
            throw new IllegalArgumentException("classes must be in 1..256, got " + classes);
        }
        Content img = readFile(images, IMAGES_MAGIC);
        Content lab = readFile(labels, LABELS_MAGIC);
        int count = img.dims[0];
        int rows = img.dims[1];
        int cols = img.dims[2];
        if (count == 0 || rows == 0 || cols == 0) {
            throw new UserException(images + ": holds no images (" + count + " images of " + rows + " x " + cols
                    + " pixels)");
        }
        if (lab.dims[0] != count) {
            throw new UserException(labels + ": has " + lab.dims[0] + " labels but " + images + " has " + count
                    + " images");
        }
        float[] pixels = toFloats(img.bytes, img.offset, count * rows * cols); // (count, rows*cols)
        int[] ys = new int[count]; // (count)
        for (int i = 0; i < count; i++) {
            ys[i] = lab.bytes.get(lab.offset + i) & 0xff;
            if (ys[i] >= classes) {
                throw new UserException(labels + ": label " + ys[i] + " at index " + i + " is outside 0.."
                        + (classes - 1));
            }
        }
        return new ImageSet(pixels, ys, count, rows, cols, classes);
    }

    /** pixel / 255f for every byte value, so that converting a byte is one load. */
    private static final float[] SCALED = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            SCALED[b] = b / 255f;
        }
    }

    /** Elements per task of the conversion: large enough that a task outweighs its hand-off. */
    private static final int CHUNK = 1 << 20;

    /**
     * bytes[offset, offset + n) as unsigned pixels scaled to [0, 1] (pixel / 255f), each element on its own, so
     * the chunks run in parallel and give the same floats in any order. A training set is tens of millions of
     * pixels: one thread spent a third of a second here at every start.
     */
    static float[] toFloats(ByteBuffer bytes, int offset, int n) {
        float[] out = new float[n];
        IntStream.range(0, (n + CHUNK - 1) / CHUNK).parallel().forEach(c -> {
            for (int i = c * CHUNK, end = Math.min(n, i + CHUNK); i < end; i++) {
                out[i] = SCALED[bytes.get(offset + i) & 0xff];
            }
        });
        return out;
    }

    /** A checked file: its dimensions and where its data starts in {@code bytes} (big-endian, read absolutely). */
    private record Content(int[] dims, ByteBuffer bytes, int offset) {}

    /**
     * The file's bytes: a raw file mapped from the page cache, a gzip file decompressed into an array. Reading a raw
     * file into an array went through a temporary native buffer of the file's size, fresh memory that cost a
     * quarter second of page faults at every start for MNIST's 47 MB training images.
     */
    private static Content readFile(Path file, int magic) throws UserException {
        ByteBuffer data;
        boolean gzip;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.mark(2);
            gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            data = gzip ? ByteBuffer.wrap(new GZIPInputStream(in).readAllBytes()) : map(file);
        } catch (NoSuchFileException e) {
            throw new UserException(file + ": file not found");
        } catch (ZipException | EOFException e) { // only the gzip path throws these
            throw new UserException(file + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UserException(file + ": cannot read (" + e + ")", e);
        }

        int length = data.limit();
        String kind = magic == IMAGES_MAGIC ? "images" : "labels";
        String size = gzip ? "decompressed size" : "file size";
        if (length < 4) {
            throw new UserException(file + ": " + size + " is " + length + " bytes, too short for an IDX header");
        }
        int found = data.getInt(0); // big-endian, as IDX is
        if (found >>> 8 != magic >>> 8) {
            boolean misnamed = !gzip && file.getFileName().toString().endsWith(".gz");
            throw new UserException(file + ": not an IDX " + kind + " file: magic number "
                    + String.format("0x%08x, expected 0x%08x", found, magic)
                    + (misnamed ? "; the name ends in .gz but the file is not gzip-compressed" : ""));
        }
        int dimCount = magic & 0xff;
        if ((found & 0xff) != dimCount) {
            throw new UserException(file + ": IDX file has " + (found & 0xff) + " dimensions, expected " + dimCount
                    + " for " + kind + String.format(" (magic number 0x%08x, expected 0x%08x)", found, magic));
        }
        int offset = 4 + 4 * dimCount;
        if (length < offset) {
            throw new UserException(file + ": truncated: " + size + " is " + length
                    + " bytes, shorter than the " + offset + "-byte header");
        }
        int[] dims = new int[dimCount];
        long need = 1; // data bytes the header promises; capped at 2^31 (beyond any array) so it cannot overflow
        for (int k = 0; k < dimCount; k++) {
            dims[k] = data.getInt(4 + 4 * k);
            if (dims[k] < 0) {
                throw new UserException(file + ": dimension " + k + " has impossible size "
                        + Integer.toUnsignedString(dims[k]));
            }
            need = Math.min(need * dims[k], 1L << 31);
        }
        String shape = Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(" x "));
        long expected = offset + need;
        if (length < expected) {
            String total = need < 1L << 31 ? expected + " bytes" : "over 2 GiB";
            throw new UserException(file + ": truncated: the header says " + shape + " (" + total
                    + " in all) but the " + size + " is " + length + " bytes");
        }
        if (length > expected) {
            throw new UserException(file + ": " + (length - expected) + " trailing bytes after the " + shape
                    + " " + kind + " the header describes (" + size + " " + length + ", expected "
                    + expected + ")");
        }
        return new Content(dims, data, offset);
    }

    /** A raw file, mapped read-only; one over 2 GiB is more than any IDX set this reads can hold. */
    private static ByteBuffer map(Path file) throws IOException, UserException {
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new UserException(file + ": file size is " + size + " bytes, over the 2 GiB an IDX file "
                        + "read here may have");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
    }
}
