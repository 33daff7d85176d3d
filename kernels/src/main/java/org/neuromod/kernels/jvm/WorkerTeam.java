// A fixed team of threads that runs one phase of a training step at a time. A step is a dozen short phases
// (tens of microseconds each at P=1), so hand-off cost matters: idle workers spin briefly before parking,
// and the calling thread does a share of every phase itself.
package org.neuromod.kernels.jvm;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

final class WorkerTeam implements AutoCloseable {

    /** Work split into {@link #tasks()} independent tasks; each worker runs one contiguous range of them. */
    interface Phase {
        int tasks();

        /** Runs tasks [from, to) on worker {@code worker} (0 = the calling thread). */
        void run(int from, int to, int worker);
    }

    // Spin iterations (about 10-50 ns each) before a waiting worker yields, then parks.
    private static final int SPINS = 1 << 15;
    private static final int YIELDS = 64;

    private final int size;
    private final Worker[] workers;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Phase current;
    private volatile int generation;
    private volatile boolean closed;
    private volatile Throwable failure;

    WorkerTeam(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + size);
        }
        this.size = size;
        this.workers = new Worker[size - 1];
        for (int w = 1; w < size; w++) {
            workers[w - 1] = new Worker(w);
            workers[w - 1].start();
        }
    }

    int size() {
        return size;
    }

    /** Runs every task of the phase across the team and returns when all are done; rethrows a worker's failure. */
    void run(Phase phase) {
        int tasks = phase.tasks();
        if (size == 1 || tasks <= 1) {
            phase.run(0, tasks, 0);
            return;
        }
        current = phase;
        remaining.set(size - 1);
        generation = generation + 1; // volatile write: publishes current and remaining to the workers
        for (Worker worker : workers) {
            if (worker.waiting) {
                LockSupport.unpark(worker);
            }
        }
        Throwable own = null;
        try {
            share(phase, tasks, 0);
        } catch (Throwable t) {
            own = t;
        }
        int spins = 0;
        while (remaining.get() != 0) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        Throwable t = own != null ? own : failure;
        if (t != null) {
            failure = null;
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }
    }

    private void share(Phase phase, int tasks, int worker) {
        int from = (int) ((long) tasks * worker / size);
        int to = (int) ((long) tasks * (worker + 1) / size);
        if (from < to) {
            phase.run(from, to, worker);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker worker : workers) {
            LockSupport.unpark(worker);
        }
    }

    private final class Worker extends Thread {
        private final int index;
        volatile boolean waiting;

        Worker(int index) {
            super("neuromod-jvm-" + index);
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            int seen = 0;
            while (true) {
                int spins = 0;
                int g;
                while ((g = generation) == seen) {
                    if (closed) {
                        return;
                    }
                    spins++;
                    if (spins < SPINS) {
                        Thread.onSpinWait();
                    } else if (spins < SPINS + YIELDS) {
                        Thread.yield();
                    } else {
                        waiting = true;
                        if (generation == seen && !closed) {
                            LockSupport.park(this);
                        }
                        waiting = false;
                    }
                }
                seen = g;
                Phase phase = current;
                try {
                    share(phase, phase.tasks(), index);
                } catch (Throwable t) {
                    failure = t;
                }
                remaining.decrementAndGet();
            }
        }
    }
}
