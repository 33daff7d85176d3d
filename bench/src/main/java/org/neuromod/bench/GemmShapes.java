// The matrix-product shapes of one training step of an MLP (784 inputs, the hidden widths, 10 classes): per layer
// l, forward<l> (C (B, cOut) = x · W), weightGrad<l> (dW (cIn, cOut) = x^T · dZ) and, past the first layer,
// inputGrad<l> (dX (B, cIn) = dZ · W^T). GemmBench times them on the JVM backend; run as a program it prints them
// for bench/gemm.sh's OpenBLAS side, so both sides measure the same list:
//
//   java -cp bench/target/benchmarks.jar org.neuromod.bench.GemmShapes --hidden 128 --batch 64
//
// prints "name M N K transA transB" lines (row-major C (M, N) = op(A) · op(B); transA: A stored (K, M)).
package org.neuromod.bench;

import java.util.ArrayList;
import java.util.List;

import org.neuromod.kernels.LayerPlan;
import org.neuromod.kernels.Product;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.nn.ParamLayout;

final class GemmShapes {

    /** One product of the step at its layer's widths and the batch. */
    record Shape(Product product, LayerPlan layer, int batch) {
        String name() {
            return product.toString();
        }

        Product.Kind kind() {
            return product.kind();
        }

        int cIn() {
            return layer.cIn();
        }

        int cOut() {
            return layer.cOut();
        }

        boolean sharedInput() {
            return product.sharedInput();
        }

        int m() {
            return product.m(layer, batch);
        }

        int n() {
            return product.n(layer);
        }

        int k() {
            return product.k(layer, batch);
        }

        boolean transA() {
            return product.kind() == Product.Kind.WEIGHT_GRADIENT;
        }

        boolean transB() {
            return product.kind() == Product.Kind.INPUT_GRADIENT;
        }
    }

    private GemmShapes() {
    }

    static List<Shape> of(String hidden, int batch) {
        ParamLayout layout = BenchSetup.layout(BenchSetup.hidden(hidden));
        List<Shape> shapes = new ArrayList<>();
        List<LayerPlan> layers = layout.plan(batch, UpdateRules.byName("sgd")).layers();
        for (int l = 0; l < layers.size(); l++) {
            for (Product.Kind kind : Product.Kind.values()) {
                if (kind != Product.Kind.INPUT_GRADIENT || l > 0) {
                    shapes.add(new Shape(new Product(l, kind), layers.get(l), batch));
                }
            }
        }
        return shapes;
    }

    static Shape named(String name, String hidden, int batch) {
        for (Shape s : of(hidden, batch)) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no product " + name + " in a step of hidden " + hidden + ": "
                + of(hidden, batch).stream().map(Shape::name).toList());
    }

    public static void main(String[] args) {
        String hidden = "128";
        int batch = 64;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hidden" -> hidden = args[++i];
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("GemmShapes: unknown argument " + args[i] + " (--hidden W[,W..] --batch B)");
                    System.exit(2);
                }
            }
        }
        System.out.println("# name\tM\tN\tK\ttransA\ttransB");
        for (Shape s : of(hidden, batch)) {
            System.out.println(s.name() + "\t" + s.m() + "\t" + s.n() + "\t" + s.k() + "\t" + (s.transA() ? 1 : 0)
                    + "\t" + (s.transB() ? 1 : 0));
        }
    }
}
