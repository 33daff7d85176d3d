// An update rule ("modulation kernel"): how one parameter moves given its gradient, its optimizer state and
// the learning parameters the modulator chose for its (network, layer) this step. This record is the rule's
// description; its arithmetic is a static body in UpdateRules, reached by kernels through UpdateRules.delta.
package org.neuromod.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * An elementwise optimizer step. Each (network, layer) has K step-input values in hyper (P, L, K): first the
 * {@link #params() modulated} learning parameters, in order, then the {@link #derived() derived} values
 * computed per step from them (bias corrections) by {@link UpdateRules#derive}, a kernel body like the update. Optimizer state is {@code stateBuffers} buffers shaped like the
 * parameters, (stateBuffers, P, paramsPerNet).
 *
 * @param id             stable int id; kernel code dispatches on it ({@link UpdateRules#delta})
 * @param name           registry name, used on the command line and in saved files
 * @param description    one line for listings (`neuromod rules`)
 * @param params         the modulated learning parameters, in the order they sit in hyper's last dimension
 * @param derived        names of the values after them that are derived each step ({@link #derive})
 * @param stateBuffers   number of state buffers
 * @param previousUpdate the state buffer that holds the last delta once the body has run (its stats compare
 *                       this step's gradient with it)
 */
public record UpdateRule(int id, String name, String description, List<HyperParam> params, List<String> derived,
                         int stateBuffers, int previousUpdate, List<String> stateNames) {

    /** How a modulator's output u in [0, 1] reaches a parameter: linearly, or evenly in log space. */
    public enum Scale {
        LINEAR, LOG
    }

    /**
     * A modulated learning parameter.
     *
     * @param name   its name, as saved files and traces spell it
     * @param min    lowest valid value; the training loop clamps to [min, max] before every step
     * @param max    highest valid value
     * @param low    value a modulator output of 0 maps to (inside [min, max])
     * @param high   value an output of 1 maps to
     * @param scale  how outputs between 0 and 1 are spread over [low, high]
     * @param frozen the value that, together with the other parameters' frozen values, makes the delta 0: a
     *               diverged network gets it from then on
     * @param standard the value a constant modulator uses when none is given (`train`'s default, the reference
     *               of a multi-setup evolution)
     * @param description one line for help texts and listings
     * @param rate   whether this is the rule's rate: the one parameter a schedule scales
     * @param aliases short command-line names besides the parameter's own (e.g. "lr")
     */
    public record HyperParam(String name, float min, float max, float low, float high, Scale scale, float frozen,
                             float standard, String description, boolean rate, List<String> aliases) {
        public HyperParam {
            aliases = List.copyOf(aliases);
            if (!(min <= low && low < high && high <= max) || !(min <= frozen && frozen <= max)
                    || !(min <= standard && standard <= max)) {
                throw new IllegalArgumentException(name + ": need min <= low < high <= max, and frozen and standard in "
                        + "[min, max]");
            }
            if (scale == Scale.LOG && !(low > 0)) {
                throw new IllegalArgumentException(name + ": a log-scaled range must start above 0");
            }
        }

        public boolean contains(double value) {
            return value >= min && value <= max;
        }

        /**
         * The one mapping from a modulator output u to this parameter: u is clamped to [0, 1], then
         * low + u (high - low) on a linear scale, or low (high / low)^u on a log scale.
         */
        public float map(double u) {
            return map(u, low, high, scale == Scale.LOG ? 1 : 0);
        }

        /**
         * The mapping itself, kernel-safe (primitives only) so a device-side modulator body calls the very same
         * function: u clamped to [0, 1] (NaN to 0), then linear (log == 0) or logarithmic (log == 1) between
         * low and high.
         */
        public static float map(double u, float low, float high, int log) {
            double c = u >= 0 ? Math.min(u, 1) : 0;
            double value = log == 0 ? low + c * (high - low) : low * Math.exp(c * Math.log((double) high / low));
            return (float) Math.min(high, Math.max(low, value));
        }

        /** The output u in [0, 1] that maps to value (clamped into [low, high]); the inverse of {@link #map}. */
        public double unmap(double value) {
            double v = Math.min(high, Math.max(low, value));
            return scale == Scale.LINEAR ? (v - low) / (high - low) : Math.log(v / low) / Math.log(high / low);
        }
    }

    /**
     * Fills the derived values of one (network, layer) for update number t (1, 2, ...): hyper[h .. h+M) holds the
     * policed modulated values; hyper[h+M .. h+K) is written.
     */
    public void derive(float[] hyper, int h, long t) {
        UpdateRules.derive(id, hyper, h, t);
    }

    /** Each modulated parameter's min, then max, then frozen value (3M), as the policing kernel reads them. */
    public float[] bounds() {
        return columns(HyperParam::min, HyperParam::max, HyperParam::frozen);
    }

    /** Each modulated parameter's low, then high, then scale (0 linear, 1 log) (3M), as HyperParam.map reads them. */
    public float[] mapping() {
        return columns(HyperParam::low, HyperParam::high, p -> p.scale() == Scale.LOG ? 1f : 0f);
    }

    /** Each modulated parameter's value of every column in turn: column c of parameter k at c * M + k. */
    @SafeVarargs
    private float[] columns(Function<HyperParam, Float>... column) {
        int m = params.size();
        float[] table = new float[column.length * m];
        for (int c = 0; c < column.length; c++) {
            for (int k = 0; k < m; k++) {
                table[c * m + k] = column[c].apply(params.get(k));
            }
        }
        return table;
    }

    /** The standard value of every modulated parameter, in order. */
    public float[] standards() {
        float[] values = new float[params.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = params.get(k).standard();
        }
        return values;
    }

    public UpdateRule {
        params = List.copyOf(params);
        derived = List.copyOf(derived);
        stateNames = List.copyOf(stateNames);
        if (params.isEmpty() || stateBuffers < 0 || previousUpdate < 0 || previousUpdate >= stateBuffers) {
            throw new IllegalArgumentException(name + ": needs a modulated parameter and a state buffer that holds "
                    + "the previous update");
        }
        if (params.stream().filter(HyperParam::rate).count() != 1) {
            throw new IllegalArgumentException(name + ": exactly one parameter is the rate schedules scale");
        }
        if (stateNames.size() != stateBuffers) {
            throw new IllegalArgumentException(name + ": one name per state buffer");
        }
    }

    /** Index of the rate: the parameter a schedule scales. */
    public int rate() {
        for (int k = 0; k < params.size(); k++) {
            if (params.get(k).rate()) {
                return k;
            }
        }
        throw new IllegalStateException(name);
    }

    /** K, the step-input values per (network, layer): modulated, then derived. */
    public int k() {
        return params.size() + derived.size();
    }

    /** M, the modulated learning parameters per (network, layer). */
    public int modulated() {
        return params.size();
    }

    /** Index of the named modulated parameter in hyper's last dimension. */
    public int indexOf(String paramName) {
        for (int k = 0; k < params.size(); k++) {
            if (params.get(k).name().equals(paramName)) {
                return k;
            }
        }
        throw new IllegalArgumentException("update rule '" + name + "' has no parameter '" + paramName + "'");
    }

    /** Whether the rule has a modulated parameter of that name. */
    public boolean has(String paramName) {
        return params.stream().anyMatch(p -> p.name().equals(paramName));
    }

    /** Names of the K step-input values, modulated then derived. */
    public List<String> stepInputNames() {
        List<String> names = new ArrayList<>();
        params.forEach(p -> names.add(p.name()));
        names.addAll(derived);
        return names;
    }
}
