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

    /**
     * y = f(z) for activation code {@code act}, with tanh and sigmoid from {@link #tanh} and {@link #sigmoid}:
     * one definition made of IEEE additions, multiplications, fused multiply-adds and divisions only, so the
     * interpreter, C1, C2 and the JVM backend's vectors at any width give the same bits. Kernel-safe.
     */
    public static float apply(int act, float z) {
        if (act == 1) {
            return z > 0f ? z : 0f;
        } else if (act == 2) {
            return tanh(z);
        } else if (act == 3) {
            return sigmoid(z);
        }
        return z;
    }

    /**
     * y = f(z) with the platform's own tanh and exp, for device kernels: a device compiler maps them to its
     * built-ins, so device results agree with {@link #apply} within a few ulp, not bit for bit.
     */
    public static float applyNative(int act, float z) {
        if (act == 1) {
            return z > 0f ? z : 0f;
        } else if (act == 2) {
            return (float) Math.tanh(z);
        } else if (act == 3) {
            return 1f / (1f + (float) Math.exp(-z));
        }
        return z;
    }

    // exp(x) = 2^k e^r with k = round(x / ln 2) and r = x - k ln 2 (Cody and Waite's two-part ln 2), e^r by its
    // Taylor series to r^7 (|r| <= ln2 / 2, so the remainder is below 6e-9 relative).
    public static final float LOG2E = 1.44269504f;
    public static final float LN2_HI = 0.693359375f;      // ln 2 rounded to 10 bits: k * LN2_HI is exact
    public static final float LN2_LO = -2.12194440e-4f;   // ln 2 - LN2_HI
    /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude < 2^22 to the nearest integer. */
    public static final float ROUNDER = 12582912f;
    public static final float EXP_LIMIT = 88f;
    public static final float[] EXP_TAYLOR = {1f / 5040, 1f / 720, 1f / 120, 1f / 24, 1f / 6, 0.5f, 1f, 1f};
    // tanh(x) for |x| < TANH_SMALL by its odd Taylor series to x^15 (remainder below 1e-8 relative)
    public static final float TANH_SMALL = 0.5f;
    public static final float[] TANH_TAYLOR = {-929569f / 638512875, 21844f / 6081075, -1382f / 155925, 62f / 2835,
        -17f / 315, 2f / 15, -1f / 3};
    /** tanh rounds to +-1 in float beyond this. */
    public static final float TANH_LIMIT = 9f;

    /** e^x for x clamped to [-88, 88], within a few ulp; IEEE operations only. */
    public static float exp(float x) {
        float c = Math.max(-EXP_LIMIT, Math.min(EXP_LIMIT, x));
        float k = (c * LOG2E + ROUNDER) - ROUNDER;
        float r = Math.fma(-k, LN2_HI, c);
        r = Math.fma(-k, LN2_LO, r);
        float p = EXP_TAYLOR[0];
        for (int i = 1; i < EXP_TAYLOR.length; i++) {
            p = Math.fma(p, r, EXP_TAYLOR[i]);
        }
        // 2^k with k in [-127, 127]: split in two factors so that neither over- nor underflows
        int ki = (int) k;
        int half = ki >> 1;
        return p * Float.intBitsToFloat((half + 127) << 23) * Float.intBitsToFloat((ki - half + 127) << 23);
    }

    /** tanh(x) within a few ulp: the odd series near 0, 1 - 2 / (e^{2|x|} + 1) beyond, with x's sign. */
    public static float tanh(float x) {
        float a = Math.min(Math.abs(x), TANH_LIMIT);
        float t;
        if (a < TANH_SMALL) {
            float a2 = a * a;
            float p = TANH_TAYLOR[0];
            for (int i = 1; i < TANH_TAYLOR.length; i++) {
                p = Math.fma(p, a2, TANH_TAYLOR[i]);
            }
            t = Math.fma(a * a2, p, a);
        } else {
            t = 1f - 2f / (exp(2f * a) + 1f);
        }
        return x < 0f ? -t : t;
    }

    /** 1 / (1 + e^-x) within a few ulp. */
    public static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
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
}
