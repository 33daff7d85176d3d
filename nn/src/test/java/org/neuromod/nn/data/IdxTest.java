// IDX reading: values and shapes of raw and gzipped files, and one clear UserException per kind of damage.
package org.neuromod.nn.data;

import org.neuromod.kernels.UserException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxTest {
    private static final int N = 5, ROWS = 3, COLS = 4;

    @TempDir
    Path dir;

    private Path images(byte[] content) throws IOException {
        return IdxFiles.write(dir.resolve("images-idx3-ubyte"), content);
    }

    private Path labels(byte[] content) throws IOException {
        return IdxFiles.write(dir.resolve("labels-idx1-ubyte"), content);
    }

    private Path goodImages() throws IOException {
        return images(IdxFiles.idx(new int[] {N, ROWS, COLS}, IdxFiles.pixels(N, ROWS, COLS)));
    }

    private Path goodLabels() throws IOException {
        return labels(IdxFiles.idx(new int[] {N}, IdxFiles.labels(N, 10)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsPixelsScaledAndLabels(boolean gzip) throws Exception {
        byte[] img = IdxFiles.idx(new int[] {N, ROWS, COLS}, IdxFiles.pixels(N, ROWS, COLS));
        byte[] lab = IdxFiles.idx(new int[] {N}, IdxFiles.labels(N, 10));
        // gzip is detected by content: the names here never end in .gz
        ImageSet set = Idx.read(images(gzip ? IdxFiles.gzip(img) : img), labels(gzip ? IdxFiles.gzip(lab) : lab), 10);

        assertEquals(N, set.count());
        assertEquals(ROWS, set.rows());
        assertEquals(COLS, set.cols());
        assertEquals(ROWS * COLS, set.width());
        assertEquals(10, set.classes());
        assertEquals(N * ROWS * COLS, set.images().length);
        byte[] raw = IdxFiles.pixels(N, ROWS, COLS);
        for (int i = 0; i < raw.length; i++) {
            assertEquals((raw[i] & 0xff) / 255f, set.images()[i], 0f, "pixel " + i);
        }
        assertArrayEquals(new int[] {1, 4, 7, 0, 3}, set.labels());
        float max = 0;
        for (float v : set.images()) {
            assertTrue(v >= 0f && v <= 1f);
            max = Math.max(max, v);
        }
        assertTrue(max > 0.9f, "the pattern includes bright pixels, so scaling is visible");
    }

    @Test
    void byteValuesMapToTheEndsOfTheRange() throws Exception {
        byte[] pixels = {0, (byte) 255, (byte) 128, 1};
        ImageSet set = Idx.read(images(IdxFiles.idx(new int[] {1, 2, 2}, pixels)),
                labels(IdxFiles.idx(new int[] {1}, new byte[] {9})), 10);
        assertArrayEquals(new float[] {0f, 1f, 128 / 255f, 1 / 255f}, set.images());
        assertArrayEquals(new int[] {9}, set.labels());
    }

    @Test
    void sliceCopiesTheRange() throws Exception {
        ImageSet set = Idx.read(goodImages(), goodLabels(), 10);
        ImageSet s = set.slice(1, 3);
        assertEquals(2, s.count());
        assertEquals(ROWS, s.rows());
        assertArrayEquals(Arrays.copyOfRange(set.images(), ROWS * COLS, 3 * ROWS * COLS), s.images());
        assertArrayEquals(new int[] {4, 7}, s.labels());
        s.images()[0] = -1f;
        assertEquals((IdxFiles.pixels(N, ROWS, COLS)[ROWS * COLS] & 0xff) / 255f, set.images()[ROWS * COLS],
                "a slice is a copy");
        assertEquals(0, set.slice(2, 2).count());
        assertThrows(IndexOutOfBoundsException.class, () -> set.slice(3, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> set.slice(2, 1));
    }

    @Test
    void imageSetRejectsArraysThatDoNotMatchTheShape() {
        assertThrows(IllegalArgumentException.class, () -> new ImageSet(new float[5], new int[1], 1, 2, 2, 10));
        assertThrows(IllegalArgumentException.class, () -> new ImageSet(new float[4], new int[2], 1, 2, 2, 10));
    }

    private static void assertProblem(Path file, String problem, UserException e) {
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), "says '" + problem + "': " + e.getMessage());
    }

    @Test
    void badMagic() throws Exception {
        byte[] img = IdxFiles.idx(new int[] {N, ROWS, COLS}, IdxFiles.pixels(N, ROWS, COLS));
        img[2] = 0x0d; // type float instead of unsigned byte
        Path images = images(img);
        UserException e = assertThrows(UserException.class, () -> Idx.read(images, goodLabels(), 10));
        assertProblem(images, "magic number 0x00000d03, expected 0x00000803", e);
    }

    @Test
    void labelsFileGivenAsImages() throws Exception {
        Path labels = goodLabels();
        UserException e = assertThrows(UserException.class, () -> Idx.read(goodImages(), goodImages(), 10));
        assertTrue(e.getMessage().contains("expected 0x00000801"), e.getMessage());
        UserException swapped = assertThrows(UserException.class, () -> Idx.read(labels, labels, 10));
        assertProblem(labels, "1 dimensions, expected 3", swapped);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0,3,4", "5,0,4", "5,3,0"})
    void zeroImagesRowsOrColumnsNameTheFile(String shape) throws Exception {
        int[] dims = java.util.Arrays.stream(shape.split(",")).mapToInt(Integer::parseInt).toArray();
        Path images = images(IdxFiles.idx(dims, new byte[0]));
        Path labels = labels(IdxFiles.idx(new int[] {dims[0]}, IdxFiles.labels(dims[0], 10)));
        UserException e = assertThrows(UserException.class, () -> Idx.read(images, labels, 10));
        assertProblem(images, "holds no images", e);
    }

    @Test
    void wrongDimensionCount() throws Exception {
        Path images = images(IdxFiles.idx(new int[] {N, ROWS * COLS}, IdxFiles.pixels(N, ROWS, COLS)));
        UserException e = assertThrows(UserException.class, () -> Idx.read(images, goodLabels(), 10));
        assertProblem(images, "2 dimensions, expected 3", e);
    }

    @Test
    void truncatedData() throws Exception {
        byte[] img = IdxFiles.idx(new int[] {N, ROWS, COLS}, IdxFiles.pixels(N, ROWS, COLS));
        Path images = images(Arrays.copyOf(img, img.length - 1));
        UserException e = assertThrows(UserException.class, () -> Idx.read(images, goodLabels(), 10));
        assertProblem(images, "truncated: the header says 5 x 3 x 4 (76 bytes in all) but the file size is 75", e);
    }

    @Test
    void truncatedHeader() throws Exception {
        Path labels = labels(new byte[] {0, 0, 8, 1, 0, 0});
        UserException e = assertThrows(UserException.class, () -> Idx.read(goodImages(), labels, 10));
        assertProblem(labels, "truncated", e);
        Path tiny = labels(new byte[] {0, 0});
        assertProblem(tiny, "too short for an IDX header",
                assertThrows(UserException.class, () -> Idx.read(goodImages(), tiny, 10)));
    }

    @Test
    void absurdHeaderIsTruncationNotOverflow() throws Exception {
        Path images = images(IdxFiles.idx(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, 2}, new byte[3]));
        UserException e = assertThrows(UserException.class, () -> Idx.read(images, goodLabels(), 10));
        assertProblem(images, "over 2 GiB", e);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void trailingBytes(boolean gzip) throws Exception {
        byte[] lab = IdxFiles.idx(new int[] {N}, IdxFiles.labels(N + 2, 10)); // two bytes beyond the header's count
        Path labels = labels(gzip ? IdxFiles.gzip(lab) : lab);
        UserException e = assertThrows(UserException.class, () -> Idx.read(goodImages(), labels, 10));
        assertProblem(labels, "2 trailing bytes", e);
        assertTrue(e.getMessage().contains(gzip ? "decompressed size" : "file size"), e.getMessage());
    }

    @Test
    void countMismatch() throws Exception {
        Path labels = labels(IdxFiles.idx(new int[] {N - 1}, IdxFiles.labels(N - 1, 10)));
        Path images = goodImages();
        UserException e = assertThrows(UserException.class, () -> Idx.read(images, labels, 10));
        assertProblem(labels, "has 4 labels but " + images + " has 5 images", e);
    }

    @Test
    void labelOutOfRange() throws Exception {
        byte[] ys = IdxFiles.labels(N, 10);
        ys[3] = 12;
        Path labels = labels(IdxFiles.idx(new int[] {N}, ys));
        UserException e = assertThrows(UserException.class, () -> Idx.read(goodImages(), labels, 10));
        assertProblem(labels, "label 12 at index 3 is outside 0..9", e);
        // bytes are unsigned: 200 must not wrap to a negative, in-range-looking value
        ys[3] = (byte) 200;
        Path labels2 = labels(IdxFiles.idx(new int[] {N}, ys));
        assertProblem(labels2, "label 200 at index 3",
                assertThrows(UserException.class, () -> Idx.read(goodImages(), labels2, 10)));
    }

    @Test
    void garbageNamedGz() throws Exception {
        Path file = IdxFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), "<html>Not Found</html>".getBytes());
        UserException e = assertThrows(UserException.class, () -> Idx.read(file, goodLabels(), 10));
        assertProblem(file, "not an IDX images file", e);
        assertTrue(e.getMessage().contains("not gzip-compressed"), e.getMessage());
    }

    @Test
    void corruptGzip() throws Exception {
        byte[] gz = IdxFiles.gzip(IdxFiles.idx(new int[] {N, ROWS, COLS}, IdxFiles.pixels(N, ROWS, COLS)));
        Path images = images(Arrays.copyOf(gz, gz.length / 2));
        UserException e = assertThrows(UserException.class, () -> Idx.read(images, goodLabels(), 10));
        assertProblem(images, "corrupt or truncated gzip data", e);
    }

    @Test
    void missingFile() throws Exception {
        Path labels = dir.resolve("nope-idx1-ubyte");
        UserException e = assertThrows(UserException.class, () -> Idx.read(goodImages(), labels, 10));
        assertProblem(labels, "file not found", e);
    }

    @Test
    void theParallelConversionIsPixelOver255ForEveryByteAcrossChunks() {
        int n = (1 << 21) + 3; // two whole chunks and a tail, behind an offset
        byte[] bytes = new byte[n + 5];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 37 + (i >> 11));
        }
        float[] out = Idx.toFloats(java.nio.ByteBuffer.wrap(bytes), 5, n);
        assertEquals(n, out.length);
        for (int i = 0; i < n; i++) {
            if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits((bytes[5 + i] & 0xff) / 255f)) {
                assertEquals((bytes[5 + i] & 0xff) / 255f, out[i], 0f, "element " + i);
            }
        }
    }
}
