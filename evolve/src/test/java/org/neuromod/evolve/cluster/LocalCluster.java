// A cluster on the loopback interface for tests: a cluster file with a fresh name and a free port range, and
// worker JVMs forked from the test's class path. Nothing binds or joins beyond 127.0.0.1.
package org.neuromod.evolve.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

public final class LocalCluster {
    private LocalCluster() {
    }

    /** A cluster file in dir: loopback only, the explicit member list, ports from a free one. */
    public static Path file(Path dir) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, """
                hazelcast:
                  cluster-name: neuromod-test-%s
                  properties:
                    hazelcast.wait.seconds.before.join: 1
                    hazelcast.max.no.heartbeat.seconds: 10
                  network:
                    port:
                      auto-increment: true
                      port-count: 8
                      port: %d
                    join:
                      multicast:
                        enabled: false
                      tcp-ip:
                        enabled: true
                        member-list:
                          - 127.0.0.1
                    interfaces:
                      enabled: true
                      interfaces:
                        - 127.0.0.1
                """.formatted(UUID.randomUUID(), Math.min(port, 65000)));
        return file;
    }

    /** A worker JVM on the JVM backend (one thread), its output in log, with extra JVM options. */
    public static Process worker(Path cluster, Path dataDir, Path log, String... jvmOptions) throws IOException {
        return fork(log, List.of(jvmOptions), "worker", "--cluster", cluster.toString(), "--backend", "jvm",
                "--threads", "1", "--data-dir", dataDir.toString());
    }

    /** `neuromod ARGS` in a JVM of its own with the test's class path, its output in log. */
    public static Process fork(Path log, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xshare:auto", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(jvmOptions);
        cmd.add("org.neuromod.evolve.cli.Main");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the log shows the worker joined (or fails the wait after 60 s). */
    public static void awaitJoined(Path log, Process worker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("waiting for chunks")) {
                return;
            }
            if (!worker.isAlive()) {
                throw new AssertionError("the worker exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the worker did not join in 60 s: " + Files.readString(log));
    }

    /** Ends every worker as SIGTERM would. */
    public static void stopAll(List<Process> workers) throws InterruptedException {
        for (Process worker : workers) {
            stop(worker);
        }
    }

    /** Ends a worker as SIGTERM would and waits for it. */
    public static void stop(Process worker) throws InterruptedException {
        worker.destroy();
        if (!worker.waitFor(20, TimeUnit.SECONDS)) {
            worker.destroyForcibly().waitFor();
        }
    }
}
