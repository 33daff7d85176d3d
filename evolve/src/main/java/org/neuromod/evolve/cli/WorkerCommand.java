// `neuromod worker --cluster FILE`: joins the cluster of a Hazelcast cluster file as a worker and scores the
// fitness chunks coordinators send it, one at a time, on its own backend, until SIGINT or SIGTERM makes it leave
// the cluster cleanly (a chunk it was scoring goes to another worker).
package org.neuromod.evolve.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.hazelcast.core.HazelcastInstance;
import org.neuromod.evolve.cluster.ClusterFile;
import org.neuromod.evolve.cluster.Worker;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Joins a cluster as a worker and scores the fitness chunks of `evolve --cluster` runs.")
final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cluster", required = true, description = "Hazelcast cluster file (YAML: cluster name, the "
            + "TCP-IP member list, interfaces), e.g. scripts/cluster-localhost.yaml.")
    Path cluster;

    @Mixin
    DataDirOption dataDir;

    @Mixin
    BackendOptions backendFlags;

    @Override
    public Integer call() throws Exception {
        backendFlags.check(spec);
        HazelcastInstance instance = Worker.start(cluster, backendFlags::open, dataDir.dir, System.err);
        CountDownLatch left = new CountDownLatch(1);
        Thread leave = new Thread(() -> {
            System.err.println("neuromod worker: leaving the cluster");
            instance.shutdown();
            left.countDown();
        }, "neuromod-worker-leave");
        Runtime.getRuntime().addShutdownHook(leave);
        System.err.printf("neuromod worker: %s joined cluster '%s' (%d members); %s; waiting for chunks (Ctrl-C "
                + "leaves)%n", instance.getCluster().getLocalMember().getAddress(), instance.getConfig()
                .getClusterName(), instance.getCluster().getMembers().size(), instance.getCluster().getLocalMember()
                .getAttribute(ClusterFile.DEVICE));
        left.await();
        return 0;
    }
}
