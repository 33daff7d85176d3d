// What the GEMM benchmark times is the right product: each kind, with a shared or per-member input, against a
// product computed in double from the same buffers.
package org.neuromod.kernels.jvm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neuromod.kernels.Product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.neuromod.kernels.Close.ATOL;
import static org.neuromod.kernels.Close.RTOL_SUM;
import static org.neuromod.kernels.Close.assertClose;

class LayerProductsTest {

    @ParameterizedTest(name = "{0} P={1} B={2} cIn={3} cOut={4} shared={5}")
    @CsvSource({
        "FORWARD, 3, 13, 37, 21, true", "FORWARD, 2, 16, 20, 10, false",
        "WEIGHT_GRADIENT, 3, 13, 37, 21, true", "WEIGHT_GRADIENT, 2, 9, 33, 10, false",
        "INPUT_GRADIENT, 3, 13, 37, 21, false", "INPUT_GRADIENT, 2, 64, 128, 10, false"})
    void eachKindComputesItsProduct(Product.Kind kind, int P, int B, int cIn, int cOut, boolean shared) {
        try (LayerProducts products = new LayerProducts(kind, P, B, cIn, cOut, shared, 2)) {
            products.run();
            float[] params = products.inputs()[0];
            float[] x = products.inputs()[1];
            float[] dz = products.inputs()[2];
            int ppn = cIn * cOut + cOut;
            int xStride = shared ? 0 : B * cIn;
            int rows = kind == Product.Kind.WEIGHT_GRADIENT ? cIn : B;
            int cols = kind == Product.Kind.FORWARD ? cOut : kind == Product.Kind.WEIGHT_GRADIENT ? cOut : cIn;
            int depth = kind == Product.Kind.FORWARD ? cIn : kind == Product.Kind.WEIGHT_GRADIENT ? B : cOut;
            int outStride = kind == Product.Kind.WEIGHT_GRADIENT ? ppn : rows * cols;
            assertEquals(2.0 * P * B * cIn * cOut, products.flops());
            for (int p = 0; p < P; p++) {
                double[] expected = new double[rows * cols];
                float[] actual = new float[rows * cols];
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        double sum = 0;
                        for (int k = 0; k < depth; k++) {
                            sum += switch (kind) {
                                case FORWARD -> (double) x[p * xStride + r * cIn + k] * params[p * ppn + k * cOut + c];
                                case WEIGHT_GRADIENT -> (double) x[p * xStride + k * cIn + r] * dz[p * B * cOut + k * cOut + c];
                                case INPUT_GRADIENT -> (double) dz[p * B * cOut + r * cOut + k] * params[p * ppn + c * cOut + k];
                            };
                        }
                        if (kind == Product.Kind.FORWARD) {
                            sum = Math.max(0, sum + params[p * ppn + cIn * cOut + c]); // bias, then relu
                        }
                        expected[r * cols + c] = sum;
                        actual[r * cols + c] = products.output()[p * outStride + r * cols + c];
                    }
                }
                assertClose(kind + " member " + p, expected, actual, ATOL, RTOL_SUM);
            }
        }
    }
}
