// What `cluster status` asks each worker, on the worker's status executor (so a running chunk does not block the
// answer): its commit, backend and device, and whether it is scoring a chunk now, as a JSON document.
package org.neuromod.evolve.cluster;

import java.util.concurrent.Callable;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

public final class StatusTask extends Task implements Callable<String> {
    @Override
    public String call() {
        return Worker.status();
    }

    @Override
    public int getClassId() {
        return Tasks.STATUS;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
