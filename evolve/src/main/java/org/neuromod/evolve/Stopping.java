// When an evolution run should stop early: a signal (the generation in progress is abandoned at its next
// training step) or a time budget counted from the invocation's start (checked at generation boundaries: a
// generation is not started when the slowest one so far would overrun the budget). The run then ends cleanly after its last checkpoint.
package org.neuromod.evolve;

public final class Stopping {
    /** Thrown from inside a generation's training when a stop was requested; the generation is abandoned. */
    public static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("generation abandoned", null, false, false);
        }
    }

    private final long started = System.nanoTime();
    private final double budgetSeconds;
    private volatile String signal;
    private volatile int exitCode;

    /** @param maxMinutes the time budget of this invocation; 0 for none */
    public Stopping(double maxMinutes) {
        this.budgetSeconds = maxMinutes > 0 ? maxMinutes * 60 : Double.POSITIVE_INFINITY;
    }

    public static Stopping never() {
        return new Stopping(0);
    }

    /** Asks the run to stop at its next training step; {@code exitCode} is what the process should end with. */
    public void request(String signalName, int exitCode) {
        this.exitCode = exitCode;
        this.signal = signalName;
    }

    /** The signal that asked for a stop (null: none). */
    public String signal() {
        return signal;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Called every training step: abandons the generation once a stop is requested. */
    public void checkStep() {
        if (signal != null) {
            throw new Abandoned();
        }
    }

    /**
     * Whether to stop before a generation, given the longest one this invocation ran (0 before the first): every
     * invocation runs at least one generation, so a run always moves on.
     */
    boolean outOfTime(double slowestGenerationSeconds) {
        if (slowestGenerationSeconds == 0) {
            return false;
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        return elapsed + slowestGenerationSeconds > budgetSeconds;
    }
}
