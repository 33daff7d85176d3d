// Progress of a long command (evolve, baseline, transfer) on stderr: a bar with an ETA on a terminal, plain lines
// otherwise (logs, CI, pipes).
package org.neuromod.evolve.cli;

import java.io.PrintStream;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

final class RunProgress implements AutoCloseable {
    private static final int BAR_WIDTH = 80;
    private final PrintStream log;
    private final ProgressBar bar;

    RunProgress(PrintStream log, String task, long total, long done) {
        this.log = log;
        boolean terminal = System.console() != null && System.console().isTerminal();
        // A fixed width: asking the terminal for its width would start a JLine terminal, which resets the
        // SIGINT handler that stops a run cleanly (and warns about native access).
        this.bar = terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .startsFrom(done, java.time.Duration.ZERO)
                .setConsumer(new ConsoleProgressBarConsumer(System.err, BAR_WIDTH))
                .setStyle(ProgressBarStyle.ASCII).build() : null;
    }

    /** One unit done: the bar shows {@code message}; without a terminal, {@code line} is printed if not null. */
    void step(String message, String line) {
        if (bar != null) {
            bar.setExtraMessage(message);
            bar.step();
        } else if (line != null) {
            log.println(line);
        }
    }

    /** A new message on the bar, without a step; nothing without a terminal. */
    void message(String message) {
        if (bar != null) {
            bar.setExtraMessage(message);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
