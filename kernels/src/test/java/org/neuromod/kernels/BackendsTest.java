package org.neuromod.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuromod.kernels.jvm.JvmBackend;

class BackendsTest {

    @Test
    void noAcceleratorNodeMeansAutoNeedNotAsk(@TempDir Path dev) throws IOException {
        Files.createFile(dev.resolve("null"));
        Files.createDirectories(dev.resolve("dri")); // a DRM card without a render node drives no compute
        Files.createFile(dev.resolve("dri").resolve("card0"));
        assertFalse(Backends.mayHaveAccelerator(dev));
    }

    @Test
    void eachAcceleratorDriversNodeCounts(@TempDir Path root) throws IOException {
        for (String node : new String[] {"nvidia0", "nvidiactl", "kfd", "dri/renderD128", "accel/accel0"}) {
            Path dev = Files.createDirectories(root.resolve(node.replace('/', '_') + "-dev"));
            Path file = dev.resolve(node);
            Files.createDirectories(file.getParent());
            Files.createFile(file);
            assertTrue(Backends.mayHaveAccelerator(dev), node);
        }
    }

    @Test
    void withoutADeviceFolderItAsks(@TempDir Path root) {
        assertTrue(Backends.mayHaveAccelerator(root.resolve("absent")));
    }

    @Test
    void autoWithoutAcceleratorIsTheJvmBackend() {
        assumeFalse(Backends.mayHaveAccelerator(Path.of("/dev")),
                "this machine has an accelerator's device node: which backend auto takes depends on TornadoVM");
        try (Backend backend = Backends.open("auto", 1)) {
            assertEquals("jvm", backend.name());
            assertTrue(backend instanceof JvmBackend);
        }
    }
}
