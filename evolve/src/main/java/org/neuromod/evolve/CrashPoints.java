// A test-only hook: with -Dneuromod.test.crash=POINT@GENERATION the JVM halts (as abruptly as kill -9: no
// shutdown hooks, no flushing) when the run reaches that point in that generation. The resume tests use it to
// interrupt a run at the moments that matter: mid-training, half-way through a log line, and before, during and
// after each atomic file replacement. With -Dneuromod.test.slowSteps=MS every training step also waits MS
// milliseconds (the results are the same), so a signal sent after the first checkpoint surely lands mid-run.
// Without the properties it does nothing.
package org.neuromod.evolve;

public final class CrashPoints {
    /** The exit status of a halted run. */
    public static final int HALTED = 86;
    private static final String SPEC = System.getProperty("neuromod.test.crash");
    private static final long SLOW_STEP_MILLIS = Long.getLong("neuromod.test.slowSteps", 0);
    private static volatile int generation;
    private static volatile long steps;

    private CrashPoints() {
    }

    static boolean armed() {
        return SPEC != null;
    }

    /** The generation now running (points are matched within it). */
    static void generation(int g) {
        generation = g;
        steps = 0;
    }

    /** Halts when {@code point} in the current generation is the one asked for. */
    static void reach(String point) {
        if (SPEC != null && SPEC.equals(point + "@" + generation)) {
            System.err.println("neuromod: test crash at " + SPEC);
            System.err.flush();
            Runtime.getRuntime().halt(HALTED);
        }
    }

    /** Called every training step: the point "mid-training" is the third step of the generation. */
    static void step() {
        if (SPEC != null && ++steps == 3) {
            reach("mid-training");
        }
        if (SLOW_STEP_MILLIS > 0) {
            try {
                Thread.sleep(SLOW_STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
