// Provenance of the running program: version and commit recorded at build time, and the JDK it runs on.
package org.neuromod.evolve;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

public record BuildInfo(String version, String commit, String jdk) {

    public static BuildInfo current() {
        Properties props = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        String commit = clean(props.getProperty("commit"));
        if (!commit.equals("unknown") && "true".equals(props.getProperty("dirty"))) {
            commit += "-dirty";
        }
        return new BuildInfo(clean(props.getProperty("version")), commit,
                System.getProperty("java.vm.vendor") + " " + Runtime.version());
    }

    // An unfiltered placeholder (built outside git or without Maven) reads as unknown.
    private static String clean(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }
}
