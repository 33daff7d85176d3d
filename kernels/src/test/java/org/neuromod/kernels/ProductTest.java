// A step's products, their names and shapes: one of each kind per layer where the plan runs it, names unique and
// made from the kind and layer, and each kind's M, N, K those of its matrix product.
package org.neuromod.kernels;

import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProductTest {
    private static final StepPlan PLAN = Plans.mlp(64, Activation.RELU, UpdateRules.MOMENTUM, 784, 128, 32, 10);

    @Test
    void aStepRunsEveryForwardAndEachLayersGradientsButNoInputGradientOfTheFirstLayer() {
        List<Product> products = Product.of(PLAN);
        assertEquals(3 + 3 + 2, products.size(), products.toString());
        for (int l = 0; l < 3; l++) {
            assertTrue(products.contains(new Product(l, Product.Kind.FORWARD)));
            assertTrue(products.contains(new Product(l, Product.Kind.WEIGHT_GRADIENT)));
            assertEquals(l > 0, products.contains(new Product(l, Product.Kind.INPUT_GRADIENT)));
        }
        List<String> names = products.stream().map(Product::toString).toList();
        assertEquals(names.size(), new HashSet<>(names).size(), "names are unique: " + names);
        assertTrue(names.containsAll(List.of("forward0", "weightGrad2", "inputGrad1")), names.toString());
    }

    @Test
    void eachKindHasTheShapeOfItsMatrixProductAndOnlyTheFirstLayersInputIsShared() {
        LayerPlan first = PLAN.layers().get(0);
        Product forward = new Product(0, Product.Kind.FORWARD);
        Product weights = new Product(0, Product.Kind.WEIGHT_GRADIENT);
        Product input = new Product(1, Product.Kind.INPUT_GRADIENT);
        LayerPlan second = PLAN.layers().get(1);
        assertEquals(List.of(64, 128, 784), List.of(forward.m(first, 64), forward.n(first), forward.k(first, 64)));
        assertEquals(List.of(784, 128, 64), List.of(weights.m(first, 64), weights.n(first), weights.k(first, 64)));
        assertEquals(List.of(64, 128, 32), List.of(input.m(second, 64), input.n(second), input.k(second, 64)));
        assertTrue(forward.sharedInput() && weights.sharedInput());
        assertFalse(input.sharedInput() || new Product(1, Product.Kind.FORWARD).sharedInput());
        assertThrows(IllegalArgumentException.class, () -> new Product(-1, Product.Kind.FORWARD));
    }
}
