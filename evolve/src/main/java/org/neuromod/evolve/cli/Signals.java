// SIGINT and SIGTERM during an evolution: the first asks the run to stop (the generation in progress is
// abandoned at its next training step, a checkpoint write in progress completes, the resume command is
// printed, and the process exits with 128 + the signal's number: 130 or 143). A watchdog halts the JVM with
// that code if the run has not ended 4.5 s later (a long device call, say); the checkpoint on disk is intact
// either way, since it is only ever replaced by a rename. A second SIGINT exits at once.
package org.neuromod.evolve.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.neuromod.evolve.Stopping;

import sun.misc.Signal;
import sun.misc.SignalHandler;

final class Signals implements AutoCloseable {
    private static final long WATCHDOG_MILLIS = 4500;
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final Stopping stopping;

    private Signals(Stopping stopping) {
        this.stopping = stopping;
    }

    /** Handles SIGINT and SIGTERM by stopping the run, until closed. */
    static Signals stopOn(Stopping stopping) {
        Signals signals = new Signals(stopping);
        for (String name : new String[] {"INT", "TERM"}) {
            Signal signal = new Signal(name);
            signals.previous.put(signal, Signal.handle(signal, signals::handle));
        }
        return signals;
    }

    private void handle(Signal signal) {
        int code = 128 + signal.getNumber();
        if (stopping.signal() != null) {
            if (signal.getName().equals("INT")) {
                Runtime.getRuntime().halt(code);
            }
            return;
        }
        System.err.println("neuromod: SIG" + signal.getName() + ": stopping after the last checkpoint (SIGINT "
                + "again to quit at once)");
        stopping.request("SIG" + signal.getName(), code);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(WATCHDOG_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("neuromod: the run did not stop in time; exiting (the last checkpoint is intact)");
            Runtime.getRuntime().halt(code);
        }, "neuromod-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
