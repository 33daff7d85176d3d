// A task as an attacker would send it: a plain Java-serialized Callable of a class neuromod's whitelist does not
// name. ClusterTest checks that a member refuses to read it.
package org.neuromod.evolve.cluster;

import java.io.Serializable;
import java.util.concurrent.Callable;

public final class ForeignTask implements Callable<String>, Serializable {
    private static final long serialVersionUID = 1L;
    static volatile boolean ran;

    @Override
    public String call() {
        ran = true;
        return "ran";
    }
}
