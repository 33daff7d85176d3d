// Activation functions of dense layers, as int codes usable inside kernel bodies (TornadoVM kernels take
// primitives, not enum objects), with the enum as the typed face for plans and the command line.
package org.neuromod.kernels;

import java.util.Locale;

public enum Activation {
    IDENTITY, RELU, TANH, SIGMOID;

    /** The int passed to kernel bodies; equal to {@link #ordinal()}. */
    public int code() {
        return ordinal();
    }

    /** Parses a user-facing name ("relu", "tanh", ...), case-insensitive. */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new UserException("unknown activation '" + name + "' (expected one of "
                + String.join(", ", names()) + ")");
    }

    public static String[] names() {
        Activation[] all = values();
        String[] names = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            names[i] = all[i].name().toLowerCase(Locale.ROOT);
        }
        return names;
    }

    /** y = f(z) for activation code {@code act}. Kernel-safe: primitives and static calls only. */
    public static float apply(int act, float z) {
        if (act == 1) {
            return z > 0f ? z : 0f;
        } else if (act == 2) {
            return (float) Math.tanh(z);
        } else if (act == 3) {
            return 1f / (1f + (float) Math.exp(-z));
        }
        return z;
    }

    /**
     * f'(z) expressed through the output y = f(z), so the backward pass needs only the stored outputs:
     * relu: [y > 0], tanh: 1 - y^2, sigmoid: y (1 - y), identity: 1.
     */
    public static float derivativeFromOutput(int act, float y) {
        if (act == 1) {
            return y > 0f ? 1f : 0f;
        } else if (act == 2) {
            return 1f - y * y;
        } else if (act == 3) {
            return y * (1f - y);
        }
        return 1f;
    }

    /**
     * Activation backward, in place: dZ (N) = dY (N) * f'(y (N)), where dZ holds dY on entry and y are the layer's
     * stored outputs. N = P * B * width.
     */
    public static void backward(float[] dZ, float[] y, int n, int act) {
        for (int i = 0; i < n; i++) {
            dZ[i] = dZ[i] * derivativeFromOutput(act, y[i]);
        }
    }
}
