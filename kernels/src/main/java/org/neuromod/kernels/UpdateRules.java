// The registry of update rules ("modulation kernels") and their elementwise bodies.
//
// Adding a rule is a change to this file alone: write its static body below (kernel-safe: primitives, arrays,
// static calls; no pow in the per-element body, no objects), give it the next id, add a case to delta(...),
// declare its learning parameters (validity bounds, the range and scale a modulator's output maps onto, the value
// that freezes it), its derived per-step values (and a case in derive(...) that computes them) and its state
// buffers, and add it to ALL. The rule tests and benchmarks iterate over ALL. A tuned JVM form
// (jvm/TunedUpdates.java) is optional.
package org.neuromod.kernels;

import java.util.List;

import org.neuromod.kernels.UpdateRule.HyperParam;
import org.neuromod.kernels.UpdateRule.Scale;

public final class UpdateRules {

    public static final int SGD_ID = 0;
    public static final int MOMENTUM_ID = 1;
    public static final int ADAM_ID = 2;
    public static final int RMSPROP_ID = 3;

    /** RMSprop's epsilon (Tieleman and Hinton 2012; PyTorch's default). */
    public static final float RMSPROP_EPSILON = 1e-8f;

    /** Adam's constants (Kingma and Ba 2015, Algorithm 1 defaults); only the learning rate is modulated. */
    public static final float ADAM_BETA1 = 0.9f;
    public static final float ADAM_BETA2 = 0.999f;
    public static final float ADAM_EPSILON = 1e-8f;

    private static HyperParam learningRate(float max, float low, float high, float standard) {
        return new HyperParam("learningRate", 0f, max, low, high, Scale.LOG, 0f, standard,
                "learning rate alpha: the step's scale", true, List.of("lr"));
    }

    /** Plain SGD: w <- w - alpha*g. Its one state buffer keeps the last delta for the statistics. */
    public static final UpdateRule SGD = new UpdateRule(SGD_ID, "sgd", "plain SGD: w <- w - alpha g",
            List.of(learningRate(10f, 1e-4f, 1f, 0.05f)), List.of(), 1, 0, List.of("lastUpdate"));

    /**
     * Momentum SGD as in the paper's base optimizer: v <- beta*v - alpha*g; w <- w + v. The velocity is the last
     * delta.
     */
    public static final UpdateRule MOMENTUM = new UpdateRule(MOMENTUM_ID, "momentum",
            "momentum SGD (the paper's base optimizer): v <- beta v - alpha g; w <- w + v",
            List.of(learningRate(10f, 1e-4f, 1f, 0.05f),
                    new HyperParam("momentum", 0f, 0.999f, 0f, 0.99f, Scale.LINEAR, 0f, 0.9f,
                            "momentum beta: the share of the last update kept", false, List.of())),
            List.of(), 1, 0, List.of("velocity"));

    /**
     * Adam (Kingma and Ba 2015) with a modulated learning rate and constant betas and epsilon:
     * m <- b1 m + (1-b1) g; v <- b2 v + (1-b2) g^2; w <- w - alpha (m c1) / (sqrt(v) c2 + eps), where the host
     * derives c1 = 1/(1 - b1^t) and c2 = 1/sqrt(1 - b2^t) for update number t (the betas are constant, so
     * these are the exact corrections of the betas applied). State: m, v, the last delta.
     */
    public static final UpdateRule ADAM = new UpdateRule(ADAM_ID, "adam",
            "Adam with constant betas (0.9, 0.999) and epsilon 1e-8; its learning rate modulated",
            List.of(learningRate(1f, 1e-5f, 1e-1f, 0.001f)), List.of("biasCorrection1", "biasCorrection2"), 3, 2,
            List.of("m", "v", "lastUpdate"));

    /**
     * RMSprop (Tieleman and Hinton 2012), as PyTorch computes it: s <- rho s + (1 - rho) g^2;
     * w <- w - alpha g / (sqrt(s) + eps). Both the learning rate and the decay rho are modulated. State: the last
     * delta, then the mean square.
     */
    public static final UpdateRule RMSPROP = new UpdateRule(RMSPROP_ID, "rmsprop",
            "RMSprop: s <- rho s + (1 - rho) g^2; w <- w - alpha g / (sqrt(s) + 1e-8)",
            List.of(learningRate(1f, 1e-5f, 1e-1f, 0.001f),
                    new HyperParam("decay", 0f, 0.999f, 0f, 0.999f, Scale.LINEAR, 0f, 0.99f,
                            "decay rho of the running mean square of the gradient", false, List.of())),
            List.of(), 2, 0, List.of("lastUpdate", "meanSquare"));

    private static final List<UpdateRule> ALL = List.of(SGD, MOMENTUM, ADAM, RMSPROP);

    private UpdateRules() {
    }

    public static List<UpdateRule> all() {
        return ALL;
    }

    /** Registered rule names, for messages and help texts. */
    public static List<String> names() {
        return ALL.stream().map(UpdateRule::name).toList();
    }

    public static UpdateRule byName(String name) {
        for (UpdateRule rule : ALL) {
            if (rule.name().equals(name)) {
                return rule;
            }
        }
        throw new UserException("unknown update rule '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    /**
     * The one entry point kernel code uses: the delta of rule {@code rule} for parameter i (w += delta), after
     * updating its state. An id missing here returns NaN, which the registry test catches.
     *
     * @param w     the parameter's current value
     * @param g     its gradient this step
     * @param state all state buffers stacked, (stateBuffers, n): buffer s of parameter i is state[s*n + i]
     * @param i     the parameter's flat index in (P, paramsPerNet)
     * @param n     P * paramsPerNet, the stride between state buffers
     * @param hyper (P, L, K) step inputs
     * @param h     index of this parameter's (network, layer) entry in hyper: its k-th value is hyper[h + k]
     */
    public static float delta(int rule, float w, float g, float[] state, int i, int n, float[] hyper, int h) {
        switch (rule) {
            case SGD_ID:
                return sgd(w, g, state, i, n, hyper, h);
            case MOMENTUM_ID:
                return momentum(w, g, state, i, n, hyper, h);
            case ADAM_ID:
                return adam(w, g, state, i, n, hyper, h);
            case RMSPROP_ID:
                return rmsprop(w, g, state, i, n, hyper, h);
            default:
                return Float.NaN;
        }
    }

    // hyper[h] = alpha; state[i] = last delta
    public static float sgd(float w, float g, float[] state, int i, int n, float[] hyper, int h) {
        float d = -hyper[h] * g;
        state[i] = d;
        return d;
    }

    // hyper[h] = alpha, hyper[h + 1] = beta; state[i] = v (velocity, also the last delta)
    public static float momentum(float w, float g, float[] state, int i, int n, float[] hyper, int h) {
        float v = hyper[h + 1] * state[i] - hyper[h] * g;
        state[i] = v;
        return v;
    }

    // hyper[h] = alpha, hyper[h + 1] = c1, hyper[h + 2] = c2; state: m at i, v at n + i, last delta at 2n + i
    public static float adam(float w, float g, float[] state, int i, int n, float[] hyper, int h) {
        float m = ADAM_BETA1 * state[i] + (1f - ADAM_BETA1) * g;
        float v = ADAM_BETA2 * state[n + i] + (1f - ADAM_BETA2) * (g * g);
        state[i] = m;
        state[n + i] = v;
        float d = -hyper[h] * (m * hyper[h + 1]) / ((float) Math.sqrt(v) * hyper[h + 2] + ADAM_EPSILON);
        state[2 * n + i] = d;
        return d;
    }

    // hyper[h] = alpha, hyper[h + 1] = rho; state: last delta at i, mean square at n + i
    public static float rmsprop(float w, float g, float[] state, int i, int n, float[] hyper, int h) {
        float rho = hyper[h + 1];
        float s = rho * state[n + i] + (1f - rho) * (g * g);
        state[n + i] = s;
        float d = -hyper[h] * g / ((float) Math.sqrt(s) + RMSPROP_EPSILON);
        state[i] = d;
        return d;
    }

    /**
     * The one entry point for a rule's derived step inputs, kernel-safe like {@link #delta}: hyper[h .. h+M) holds
     * the policed modulated values of one (network, layer); the values after them are written for update number t
     * (1, 2, ...). Rules without derived values write nothing.
     */
    public static void derive(int rule, float[] hyper, int h, long t) {
        if (rule == ADAM_ID) {
            adamCorrections(hyper, h, t);
        }
    }

    /** Adam's bias corrections for update number t, in double (exact powers of the constant betas). */
    private static void adamCorrections(float[] hyper, int h, long t) {
        hyper[h + 1] = (float) (1 / (1 - Math.pow(ADAM_BETA1, t)));
        hyper[h + 2] = (float) (1 / Math.sqrt(1 - Math.pow(ADAM_BETA2, t)));
    }
}
