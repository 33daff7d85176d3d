// A fixed team of threads that runs one phase of a training step at a time. A step is a dozen short phases
// (tens of microseconds each at P=1), so hand-off cost matters: idle workers spin briefly before parking,
// and the calling thread works on every phase itself.
//
// Tasks are claimed in small contiguous runs from a shared cursor rather than split statically, so a worker
// the OS has descheduled (another busy process on the machine) delays a phase by at most the run it holds,
// instead of by its whole share. Which thread runs a task never changes a result: tasks write disjoint outputs.
package org.neuromod.kernels.jvm;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

final class WorkerTeam implements AutoCloseable {

    /** Work split into {@link #tasks()} independent tasks. */
    interface Phase {
        int tasks();

        /**
         * Floating-point operations of the whole phase, or {@link WorkerTeam#UNKNOWN}. A phase of fewer than
         * {@link WorkerTeam#INLINE} runs on the calling thread alone: handing it to the team would cost more than it saves.
         */
        default long flops() {
            return UNKNOWN;
        }

        /** Runs tasks [from, to) on worker {@code worker} (0 = the calling thread). */
        void run(int from, int to, int worker);

        /** What a phase runs over a range of its tasks. */
        interface Body {
            void run(int from, int to, int worker);
        }

        /** A phase of a fixed task count running {@code body}. */
        static Phase of(int tasks, Body body) {
            return of(tasks, UNKNOWN, body);
        }

        /** A phase of a fixed task count and work running {@code body}. */
        static Phase of(int tasks, long flops, Body body) {
            return new Phase() {
                @Override
                public int tasks() {
                    return tasks;
                }

                @Override
                public long flops() {
                    return flops;
                }

                @Override
                public void run(int from, int to, int worker) {
                    body.run(from, to, worker);
                }
            };
        }
    }

    /** Work of a phase that does not say. */
    static final long UNKNOWN = Long.MAX_VALUE;
    /**
     * Below this many flops a phase runs on the calling thread: a few microseconds of single-thread work, about what
     * waking the team and waiting for its last claim costs (measured with GemmBench on the small products of a
     * one-network step, threads=1 against threads=2).
     */
    static final long INLINE = 400_000;

    // Busy-wait iterations (Thread.onSpinWait, tens of ns each) before a waiting thread starts yielding its
    // core, and yields before a worker parks.
    private static final int SPINS = 1 << 12;
    private static final int YIELDS = 1 << 10;
    // Claims per thread and phase: small enough to balance, large enough to keep neighbouring tiles together.
    private static final int CLAIMS_PER_THREAD = 4;

    private final int size;
    private final Worker[] workers;
    /** (phase generation << 32) | next unclaimed task: a worker only claims tasks of the generation it joined. */
    private final AtomicLong cursor = new AtomicLong();
    private final AtomicInteger completed = new AtomicInteger();
    private volatile Phase current;
    private volatile int tasks;
    private volatile int grain;
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

    /** Runs every task of the phase across the team and returns when all are done; rethrows a task's failure. */
    void run(Phase phase) {
        if (closed) {
            throw new IllegalStateException("the worker team is closed (its backend was closed)");
        }
        int n = phase.tasks();
        if (size == 1 || n <= 1 || phase.flops() < INLINE) {
            phase.run(0, n, 0);
            return;
        }
        int g = generation + 1;
        // Close the previous phase to late claimers before touching the fields they read: a worker that still
        // reads the old generation finds no task left, whatever mix of old and new fields it sees.
        cursor.set(((long) generation << 32) | Integer.MAX_VALUE);
        current = phase;
        tasks = n;
        grain = Math.max(1, n / (size * CLAIMS_PER_THREAD));
        completed.set(0);
        cursor.set((long) g << 32);
        generation = g; // volatile write: publishes the phase to the workers
        for (Worker worker : workers) {
            if (worker.waiting) {
                LockSupport.unpark(worker);
            }
        }
        work(g, 0);
        int spins = 0;
        while (completed.get() != n) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        Throwable t = failure;
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

    /** Claims and runs runs of tasks of generation g until none are left. */
    private void work(int g, int worker) {
        Phase phase = current;
        int n = tasks;
        int step = grain;
        while (true) {
            long c = cursor.get();
            int from = (int) c;
            if ((int) (c >>> 32) != g || from >= n) {
                return;
            }
            int to = Math.min(n, from + step);
            if (cursor.compareAndSet(c, c + (to - from))) {
                try {
                    phase.run(from, to, worker);
                } catch (Throwable t) {
                    failure = t;
                }
                completed.addAndGet(to - from);
            }
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
                work(g, index);
            }
        }
    }
}
