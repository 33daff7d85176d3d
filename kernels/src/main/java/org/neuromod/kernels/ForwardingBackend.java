// A backend that passes every call of the contract on to another one: the base of the wrappers that change a few
// calls (timing, counting), so that each forwards the whole contract, and a method added to Backend is forwarded
// here once for all of them.
package org.neuromod.kernels;

import java.util.Map;

import org.neuromod.kernels.modulation.ModulatedRun;
import org.neuromod.kernels.modulation.Modulation;

public abstract class ForwardingBackend implements Backend {
    /** The backend every call goes to. */
    protected final Backend inner;

    protected ForwardingBackend(Backend inner) {
        this.inner = inner;
    }

    @Override public String name() { return inner.name(); }
    @Override public String device() { return inner.device(); }
    @Override public int threads() { return inner.threads(); }

    @Override
    public void prepare(StepPlan plan, int population, Map<Split, LabeledData> data) {
        inner.prepare(plan, population, data);
    }

    @Override public void loadParams(float[] params) { inner.loadParams(params); }
    @Override public void readParams(float[] params) { inner.readParams(params); }
    @Override public void loadState(float[] state) { inner.loadState(state); }
    @Override public void readState(float[] state) { inner.readState(state); }

    @Override
    public void step(int[] batch, float[] hyper, float[] loss, float[] stats) {
        inner.step(batch, hyper, loss, stats);
    }

    @Override public void evaluate(Split split, int[] correct, double[] loss) { inner.evaluate(split, correct, loss); }

    @Override
    public ModulatedRun modulated(Modulation form, long totalSteps, StepPlan plan, int stepsPerCall) {
        return inner.modulated(form, totalSteps, plan, stepsPerCall);
    }

    @Override public String modulationWhere() { return inner.modulationWhere(); }
    @Override public Map<String, Long> lastStepProfile() { return inner.lastStepProfile(); }
    @Override public Map<String, String> choices() { return inner.choices(); }
    @Override public void close() { inner.close(); }
}
