// The shape of the networks a population trains: a multi-layer perceptron from input features to classes.
package org.neuromod.nn;

import java.util.ArrayList;
import java.util.List;

import org.neuromod.kernels.Activation;
import org.neuromod.kernels.UserException;

/**
 * inputs -> hidden[0] -> ... -> hidden[n-1] -> classes. Hidden layers use {@code activation}; the output
 * layer is linear (its logits go to softmax cross-entropy).
 */
public record MlpSpec(int inputs, List<Integer> hidden, Activation activation, int classes) {
    public MlpSpec {
        hidden = List.copyOf(hidden);
        if (inputs <= 0 || classes < 2) {
            throw new IllegalArgumentException("an MLP needs inputs > 0 and at least 2 classes");
        }
        for (int width : hidden) {
            if (width <= 0) {
                throw new IllegalArgumentException("hidden layer widths must be positive, got " + hidden);
            }
        }
    }

    /** Layer widths including input and output: {inputs, hidden..., classes}. */
    public int[] widths() {
        int[] widths = new int[hidden.size() + 2];
        widths[0] = inputs;
        for (int i = 0; i < hidden.size(); i++) {
            widths[i + 1] = hidden.get(i);
        }
        widths[widths.length - 1] = classes;
        return widths;
    }

    /** Number of dense layers, L. */
    public int layerCount() {
        return hidden.size() + 1;
    }

    /** The activation of layer l (hidden layers use the spec's, the output layer is linear). */
    public Activation activation(int l) {
        return l == hidden.size() ? Activation.IDENTITY : activation;
    }

    /** Parses "128" or "256,128" into hidden widths. */
    public static List<Integer> parseHidden(String text) {
        List<Integer> widths = new ArrayList<>();
        if (text.isBlank()) {
            return widths;
        }
        for (String part : text.split(",")) {
            int width;
            try {
                width = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new UserException("hidden layer width '" + part.trim() + "' is not an integer");
            }
            if (width <= 0) {
                throw new UserException("hidden layer width must be positive, got " + width);
            }
            widths.add(width);
        }
        return widths;
    }
}
