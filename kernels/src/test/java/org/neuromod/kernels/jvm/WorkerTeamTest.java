// The JVM backend's worker team under stress: many phases of uneven sizes each run every task exactly once; a
// task that throws is rethrown to the caller and the team goes on; closing while idle stops the threads; use
// after close fails clearly instead of running on the caller's thread alone; a phase of little work stays on the
// caller.
package org.neuromod.kernels.jvm;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerTeamTest {

    private static WorkerTeam.Phase counting(AtomicIntegerArray hits, int tasks, boolean[] workersSeen) {
        return WorkerTeam.Phase.of(tasks, (from, to, worker) -> {
            workersSeen[worker] = true;
            for (int t = from; t < to; t++) {
                hits.incrementAndGet(t);
            }
        });
    }

    @Test
    void aPhaseOfLittleWorkRunsOnTheCallerAlone() {
        try (WorkerTeam team = new WorkerTeam(2)) {
            for (int phase = 0; phase < 2000; phase++) {
                boolean[] seen = new boolean[2];
                AtomicIntegerArray hits = new AtomicIntegerArray(64);
                team.run(WorkerTeam.Phase.of(64, WorkerTeam.INLINE - 1, (from, to, worker) -> {
                    seen[worker] = true;
                    for (int t = from; t < to; t++) {
                        hits.incrementAndGet(t);
                    }
                }));
                assertTrue(seen[0] && !seen[1], "phase " + phase + " ran on the worker");
                for (int t = 0; t < 64; t++) {
                    assertEquals(1, hits.get(t), "phase " + phase + " task " + t);
                }
            }
        }
    }

    @Test
    void manyPhasesRunEveryTaskExactlyOnce() {
        boolean[] seen = new boolean[3]; // which threads ran tasks; not asserted: short phases may end on the caller
        try (WorkerTeam team = new WorkerTeam(3)) {
            for (int phase = 0; phase < 20000; phase++) {
                int tasks = 1 + (phase * 7919) % 97;
                AtomicIntegerArray hits = new AtomicIntegerArray(tasks);
                team.run(counting(hits, tasks, seen));
                for (int t = 0; t < tasks; t++) {
                    assertEquals(1, hits.get(t), "phase " + phase + " task " + t);
                }
            }
            // Phases that short may all end on the caller while the workers wait for a core (a loaded machine
            // did that once); so a last phase whose tasks wait, up to 10 s, for a worker to take one of them.
            AtomicIntegerArray ran = new AtomicIntegerArray(3);
            team.run(WorkerTeam.Phase.of(8, (from, to, worker) -> {
                ran.set(worker, 1);
                long end = System.nanoTime() + 10_000_000_000L;
                while (ran.get(1) + ran.get(2) == 0 && System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }));
            assertTrue(ran.get(1) + ran.get(2) > 0, "the workers, not only the caller, ran tasks");
        }
    }

    @Test
    void aThrowingTaskIsRethrownAndTheTeamGoesOn() {
        try (WorkerTeam team = new WorkerTeam(2)) {
            WorkerTeam.Phase failing = WorkerTeam.Phase.of(64, (from, to, worker) -> {
                if (from <= 40 && 40 < to) {
                    throw new ArithmeticException("task 40");
                }
            });
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> team.run(failing));
            assertEquals("task 40", e.getMessage());
            AtomicIntegerArray hits = new AtomicIntegerArray(50);
            team.run(counting(hits, 50, new boolean[2]));
            for (int t = 0; t < 50; t++) {
                assertEquals(1, hits.get(t), "after a failure, task " + t);
            }
        }
    }

    @Test
    void closingWhileIdleStopsTheThreadsAndUseAfterCloseFails() throws InterruptedException {
        int before = Thread.activeCount();
        WorkerTeam team = new WorkerTeam(3);
        team.run(counting(new AtomicIntegerArray(30), 30, new boolean[3]));
        Thread.sleep(50); // the workers park, idle
        team.close();
        long deadline = System.currentTimeMillis() + 5000;
        while (Thread.activeCount() > before && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(Thread.activeCount() <= before, "the worker threads ended after close");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> team.run(counting(new AtomicIntegerArray(30), 30, new boolean[3])));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
