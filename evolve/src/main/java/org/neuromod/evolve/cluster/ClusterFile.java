// A cluster file: Hazelcast's own YAML (cluster name, the TCP-IP member list, interfaces), read and validated by
// Hazelcast, then closed down to what neuromod allows. Joining is only by the explicit member list: a file that
// turns on any discovery (cloud, Kubernetes, Eureka, a discovery strategy) is refused, multicast and auto-detection
// are switched off, phone-home is off, user-code deployment is off, Java serialization is limited to a whitelist
// (neuromod's tasks travel as IdentifiedDataSerializable), and Hazelcast logs through java.util.logging to stderr.
// Nothing neuromod needs goes inside the file: its settings are flags.
package org.neuromod.evolve.cluster;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.YamlConfigBuilder;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.neuromod.kernels.UserException;

public final class ClusterFile {
    /** The executor that scores fitness chunks on a worker, one at a time. */
    public static final String FITNESS_EXECUTOR = "neuromod-fitness";
    /** The executor that answers status questions while a chunk runs. */
    public static final String STATUS_EXECUTOR = "neuromod-status";
    /** Member attribute keys a worker publishes. */
    public static final String ROLE = "neuromod.role";
    public static final String COMMIT = "neuromod.commit";
    public static final String BACKEND = "neuromod.backend";
    public static final String DEVICE = "neuromod.device";
    /** The ROLE of a worker member. */
    public static final String WORKER = "worker";
    /** Packages whose classes Java serialization may read: the JDK's and Hazelcast's own, nothing else. */
    static final List<String> JAVA_SERIALIZATION_WHITELIST = List.of("java.", "javax.", "com.hazelcast.");

    /** Hazelcast's loggers at warnings and above (held here: java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger HAZELCAST_LOG = java.util.logging.Logger.getLogger("com.hazelcast");

    private ClusterFile() {
    }

    /**
     * The member configuration from {@code file}: a worker (a data member) or, with {@code lite}, a coordinator
     * or a status query, which never scores; {@code attributes} are published as member attributes.
     */
    public static Config load(Path file, boolean lite, Map<String, String> attributes) {
        // Hazelcast reads some of its properties before the configuration is built
        System.setProperty("hazelcast.phone.home.enabled", "false");
        System.setProperty("hazelcast.logging.type", "jdk");
        HAZELCAST_LOG.setLevel(java.util.logging.Level.WARNING);
        if (!Files.isRegularFile(file)) {
            throw new UserException("--cluster " + file + ": no such file (a Hazelcast YAML file; see "
                    + "scripts/cluster-localhost.yaml)");
        }
        Config config;
        try {
            config = new YamlConfigBuilder(file.toString()).build();
        } catch (FileNotFoundException e) {
            throw new UserException("--cluster " + file + ": cannot be read (" + e.getMessage() + ")");
        } catch (InvalidConfigurationException | IllegalArgumentException e) {
            throw new UserException("--cluster " + file + ": not a valid Hazelcast cluster file: " + e.getMessage());
        }
        JoinConfig join = config.getNetworkConfig().getJoin();
        refuse(file, join.getAwsConfig().isEnabled(), "AWS discovery");
        refuse(file, join.getGcpConfig().isEnabled(), "GCP discovery");
        refuse(file, join.getAzureConfig().isEnabled(), "Azure discovery");
        refuse(file, join.getKubernetesConfig().isEnabled(), "Kubernetes discovery");
        refuse(file, join.getEurekaConfig().isEnabled(), "Eureka discovery");
        refuse(file, !join.getDiscoveryConfig().getDiscoveryStrategyConfigs().isEmpty(), "a discovery strategy");
        if (!join.getTcpIpConfig().isEnabled() || join.getTcpIpConfig().getMembers().isEmpty()) {
            throw new UserException("--cluster " + file + ": names no members; list them under network: join: "
                    + "tcp-ip: (enabled: true, member-list: [...]), as scripts/cluster-localhost.yaml does");
        }
        // multicast is on unless a file says otherwise: off, whatever the file says (joining is by the list)
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.getUserCodeDeploymentConfig().setEnabled(false);
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig()
                .setWhitelist(new ClassFilter().addPrefixes(JAVA_SERIALIZATION_WHITELIST.toArray(String[]::new)));
        config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
        config.getSerializationConfig().addDataSerializableFactory(Tasks.FACTORY_ID, new Tasks());
        config.setLiteMember(lite);
        config.getExecutorConfig(FITNESS_EXECUTOR).setPoolSize(1);
        config.getExecutorConfig(STATUS_EXECUTOR).setPoolSize(1);
        attributes.forEach(config.getMemberAttributeConfig()::setAttribute);
        config.setClassLoader(ClusterFile.class.getClassLoader());
        return config;
    }

    /** Starts this process's member of the cluster; a member that cannot start is a user error naming the file. */
    public static HazelcastInstance join(Path file, Config config) {
        try {
            return Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            throw new UserException("--cluster " + file + ": could not join the cluster '" + config.getClusterName()
                    + "' (" + e + ")");
        }
    }

    /** Whether a member of the cluster is a worker: a data member that says so. */
    public static boolean isWorker(Member member) {
        return !member.isLiteMember() && WORKER.equals(member.getAttribute(ROLE));
    }

    private static void refuse(Path file, boolean enabled, String what) {
        if (enabled) {
            throw new UserException("--cluster " + file + ": turns on " + what + "; neuromod joins only through the "
                    + "explicit member list (network: join: tcp-ip), so turn it off there");
        }
    }
}
