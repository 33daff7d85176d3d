// Backend choice by name: "jvm", "tornado", or "auto" (TornadoVM only when it offers a GPU or other
// accelerator, else the JVM backend). A requested backend never falls back to another silently. Optional
// backends register through ServiceLoader (BackendProvider), so this class names none of their classes.
package org.neuromod.kernels;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import org.neuromod.kernels.jvm.JvmBackend;

public final class Backends {
    public static final List<String> CHOICES = List.of("auto", "jvm", "tornado");

    private Backends() {
    }

    /** The optional backends this build and JVM can load (TornadoVM needs its JVM flags; bin/neuromod adds them). */
    public static List<BackendProvider> providers() {
        List<BackendProvider> found = new ArrayList<>();
        try {
            for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
                found.add(provider);
            }
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            // a provider whose runtime is not loaded into this JVM is simply not available
        }
        return found;
    }

    public static BackendProvider provider(String name) {
        for (BackendProvider provider : providers()) {
            if (provider.name().equals(name)) {
                return provider;
            }
        }
        return null;
    }

    /**
     * Whether this machine may have a GPU or other accelerator at all, judged from the device nodes their Linux
     * drivers make under {@code dev}: NVIDIA's nvidia*, AMD's kfd, DRM render nodes dri/renderD*, and the
     * kernel's accel class accel/*. With none of them, "auto" takes the JVM backend without starting TornadoVM's
     * runtime to ask (that costs about half a second). Where there is no such folder (not Linux), it asks.
     * bin/neuromod looks for the same nodes before it adds TornadoVM's JVM flags.
     */
    static boolean mayHaveAccelerator(Path dev) {
        if (!Files.isDirectory(dev)) {
            return true;
        }
        return any(dev, "nvidia*") || Files.exists(dev.resolve("kfd")) || any(dev.resolve("dri"), "renderD*")
                || any(dev.resolve("accel"), "*");
    }

    private static boolean any(Path dir, String glob) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, glob)) {
            return found.iterator().hasNext();
        } catch (IOException e) {
            return true; // cannot tell: ask TornadoVM
        }
    }

    /** Opens the named backend with {@code threads} host threads on its default device. */
    public static Backend open(String choice, int threads) {
        return open(choice, null, threads);
    }

    /**
     * Opens the named backend.
     *
     * @param device a device of the backend (`bin/neuromod devices`), or null for its default
     * @throws UserException for an unknown name, or for "tornado" while this build or JVM has no TornadoVM
     */
    public static Backend open(String choice, String device, int threads) {
        return switch (choice) {
            case "jvm" -> new JvmBackend(threads);
            case "auto" -> {
                BackendProvider tornado = device != null || mayHaveAccelerator(Path.of("/dev")) ? provider("tornado")
                        : null;
                yield tornado != null && (device != null || tornado.hasAccelerator())
                        ? tornado.open(device, threads) : new JvmBackend(threads);
            }
            case "tornado" -> {
                BackendProvider tornado = provider("tornado");
                if (tornado == null) {
                    throw new UserException("--backend tornado: no TornadoVM backend in this build or JVM; build "
                            + "with TORNADOVM_HOME set (bin/neuromod rebuilds then) or use --backend jvm");
                }
                yield tornado.open(device, threads);
            }
            default -> throw new UserException("unknown backend '" + choice + "' (expected one of "
                    + String.join(", ", CHOICES) + ")");
        };
    }
}
