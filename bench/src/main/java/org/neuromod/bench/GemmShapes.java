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
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.jvm.LayerProducts;
import org.neuromod.nn.ParamLayout;

final class GemmShapes {

    /** One product: its name, kind, layer widths and whether its input is shared by the population (layer 0). */
    record Shape(String name, LayerProducts.Kind kind, int batch, int cIn, int cOut, boolean sharedInput) {
        int m() {
            return kind == LayerProducts.Kind.WEIGHT_GRADIENT ? cIn : batch;
        }

        int n() {
            return kind == LayerProducts.Kind.INPUT_GRADIENT ? cIn : cOut;
        }

        int k() {
            return switch (kind) {
                case FORWARD -> cIn;
                case WEIGHT_GRADIENT -> batch;
                case INPUT_GRADIENT -> cOut;
            };
        }

        boolean transA() {
            return kind == LayerProducts.Kind.WEIGHT_GRADIENT;
        }

        boolean transB() {
            return kind == LayerProducts.Kind.INPUT_GRADIENT;
        }
    }

    private GemmShapes() {
    }

    static List<Shape> of(String hidden, int batch) {
        ParamLayout layout = BenchSetup.layout(BenchSetup.hidden(hidden));
        List<Shape> shapes = new ArrayList<>();
        List<LayerPlan> layers = layout.plan(batch, UpdateRules.byName("sgd")).layers();
        for (int l = 0; l < layers.size(); l++) {
            LayerPlan layer = layers.get(l);
            shapes.add(new Shape("forward" + l, LayerProducts.Kind.FORWARD, batch, layer.cIn(), layer.cOut(), l == 0));
            shapes.add(new Shape("weightGrad" + l, LayerProducts.Kind.WEIGHT_GRADIENT, batch, layer.cIn(), layer.cOut(),
                    l == 0));
            if (l > 0) {
                shapes.add(new Shape("inputGrad" + l, LayerProducts.Kind.INPUT_GRADIENT, batch, layer.cIn(), layer.cOut(),
                        false));
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
