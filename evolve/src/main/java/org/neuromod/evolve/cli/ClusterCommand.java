// `neuromod cluster status --cluster FILE`: joins the cluster briefly as a lite member (it never scores) and lists
// its workers: address, commit, backend and device, and whether each is scoring a chunk now.
package org.neuromod.evolve.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import org.neuromod.evolve.BuildInfo;
import org.neuromod.evolve.cluster.ClusterFile;
import org.neuromod.evolve.cluster.StatusTask;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cluster", mixinStandardHelpOptions = true, subcommands = ClusterCommand.Status.class,
        description = "Looks at a cluster of workers (see `neuromod worker`).")
final class ClusterCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Lists the cluster's workers: address, commit, backend, device, and whether each is busy.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--cluster", required = true, description = "Hazelcast cluster file (YAML).")
        Path cluster;

        @Override
        public Integer call() throws Exception {
            HazelcastInstance hz = ClusterFile.join(cluster, ClusterFile.load(cluster, true,
                    Map.of(ClusterFile.ROLE, "status", ClusterFile.COMMIT, BuildInfo.current().commit())));
            try {
                IExecutorService status = hz.getExecutorService(ClusterFile.STATUS_EXECUTOR);
                List<Member> workers = new ArrayList<>();
                for (Member m : hz.getCluster().getMembers()) {
                    if (ClusterFile.isWorker(m)) {
                        workers.add(m);
                    }
                }
                System.out.printf("cluster '%s': %d worker%s (this commit: %s)%n", hz.getConfig().getClusterName(),
                        workers.size(), workers.size() == 1 ? "" : "s", BuildInfo.current().commit());
                System.out.println("| address | commit | backend | device | busy | chunks scored |");
                System.out.println("|---|---|---|---|---|---:|");
                for (Member m : workers) {
                    Future<String> answer = status.submitToMember(new StatusTask(), m);
                    String busy = "?";
                    String chunks = "?";
                    try {
                        JsonNode s = Json.PLAIN.readTree(answer.get(10, TimeUnit.SECONDS));
                        busy = s.path("busy").asBoolean() ? "busy" : "idle";
                        chunks = s.path("chunks").asText();
                    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                        busy = "no answer (" + e.getClass().getSimpleName() + ")";
                    }
                    System.out.printf("| %s | %s | %s | %s | %s | %s |%n", m.getAddress(),
                            m.getAttribute(ClusterFile.COMMIT), m.getAttribute(ClusterFile.BACKEND),
                            m.getAttribute(ClusterFile.DEVICE), busy, chunks);
                }
            } finally {
                hz.shutdown();
            }
            return 0;
        }
    }
}
