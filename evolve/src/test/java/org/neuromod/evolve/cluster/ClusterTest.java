// The cluster file closed down to loopback joining by the member list, and a member that refuses a Java-serialized
// task of a class outside the whitelist. Two members in this JVM, on 127.0.0.1 only.
package org.neuromod.evolve.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuromod.kernels.UserException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterTest {
    @Test
    void theEffectiveJoinHasMulticastOffAndOnlyLoopbackMembers(@TempDir Path dir) throws Exception {
        Path file = LocalCluster.file(dir);
        // leave multicast to Hazelcast's default, which is on
        String text = Files.readString(file);
        String withoutMulticast = text.replaceAll("(?m)^ *multicast:\\n *enabled: false\\n", "");
        assertFalse(withoutMulticast.contains("multicast"), withoutMulticast);
        Files.writeString(file, withoutMulticast);
        for (Path shipped : List.of(file, Path.of("..", "scripts", "cluster-localhost.yaml"))) {
            Config config = ClusterFile.load(shipped, true, Map.of(ClusterFile.ROLE, "test"));
            JoinConfig join = config.getNetworkConfig().getJoin();
            assertFalse(join.getMulticastConfig().isEnabled(), shipped + ": multicast");
            assertFalse(join.getAutoDetectionConfig().isEnabled(), shipped + ": auto-detection");
            assertTrue(join.getTcpIpConfig().isEnabled(), shipped + ": the member list");
            assertFalse(join.getTcpIpConfig().getMembers().isEmpty(), shipped + ": members");
            for (String member : join.getTcpIpConfig().getMembers()) {
                assertTrue(member.startsWith("127.0.0.1"), shipped + ": only loopback members, got " + member);
            }
            assertTrue(config.getNetworkConfig().getInterfaces().isEnabled(), shipped + ": bound interfaces");
            assertEquals(List.of("127.0.0.1"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
            assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"), shipped + ": phone-home");
            assertFalse(config.getUserCodeDeploymentConfig().isEnabled(), shipped + ": user-code deployment");
            assertTrue(config.isLiteMember(), shipped + ": a coordinator never scores");
            assertEquals(java.util.Set.copyOf(ClusterFile.JAVA_SERIALIZATION_WHITELIST), config.getSerializationConfig()
                    .getJavaSerializationFilterConfig().getWhitelist().getPrefixes(), shipped + ": the whitelist");
        }
    }

    @Test
    void aFileThatTurnsOnDiscoveryOrNamesNoMembersIsRefused(@TempDir Path dir) throws Exception {
        Path file = LocalCluster.file(dir);
        String text = Files.readString(file);
        Files.writeString(file, text.replace("      multicast:", "      aws:\n        enabled: true\n      multicast:"));
        UserException aws = assertThrows(UserException.class, () -> ClusterFile.load(file, false, Map.of()));
        assertTrue(aws.getMessage().contains("AWS discovery"), aws.getMessage());
        Files.writeString(file, text.replace("        enabled: true\n        member-list:\n          - 127.0.0.1\n",
                "        enabled: false\n"));
        UserException none = assertThrows(UserException.class, () -> ClusterFile.load(file, false, Map.of()));
        assertTrue(none.getMessage().contains("names no members"), none.getMessage());
        UserException missing = assertThrows(UserException.class,
                () -> ClusterFile.load(dir.resolve("nothing.yaml"), false, Map.of()));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
    }

    @Test
    void aForeignSerializedTaskIsRefused(@TempDir Path dir) throws Exception {
        Path file = LocalCluster.file(dir);
        HazelcastInstance member = ClusterFile.join(file, ClusterFile.load(file, false, Map.of()));
        try {
            HazelcastInstance sender = ClusterFile.join(file, ClusterFile.load(file, true, Map.of()));
            try {
                Future<String> answer = sender.getExecutorService(ClusterFile.FITNESS_EXECUTOR)
                        .submitToMember(new ForeignTask(), member.getCluster().getLocalMember());
                Exception refused = assertThrows(Exception.class, () -> answer.get(30, TimeUnit.SECONDS));
                Throwable cause = refused instanceof ExecutionException ? refused.getCause() : refused;
                String why = String.valueOf(cause);
                assertTrue(why.contains(ForeignTask.class.getName()), "the refusal names the class: " + why);
                assertFalse(ForeignTask.ran, "the foreign task never ran");
            } finally {
                sender.shutdown();
            }
        } finally {
            member.shutdown();
        }
    }

    @Test
    void theProvenanceNamesTheWorkersDevicesUnlessAllRunTheJvmBackend() {
        Map<String, String> jvm = Map.of("backend", "jvm", "device", "jvm: AMD EPYC, 2 threads");
        Map<String, String> otherJvm = Map.of("backend", "jvm", "device", "jvm: Intel Xeon, 8 threads");
        Map<String, String> gpu = Map.of("backend", "tornado", "device", "tornado: TornadoVM 0:0 H200");
        assertEquals(Map.of("backend", "jvm", "device", "cluster of JVM workers"),
                ClusterEvaluator.provenance(List.of(jvm, otherJvm)), "the JVM gives the same bits on every CPU");
        assertEquals(Map.of("backend", "cluster", "device", "jvm + tornado: TornadoVM 0:0 H200"),
                ClusterEvaluator.provenance(List.of(gpu, jvm, otherJvm, gpu)), "a device set, sorted, once each");
    }
}
