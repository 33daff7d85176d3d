// A fitness chunk on its way to a worker and back: the chunk as one JSON document (Chunk), scored by the worker's
// Worker.score; the answer is a JSON document too (scores, or why the worker refused). Nothing but these strings
// crosses the network, and no exception: a failure is an answer.
package org.neuromod.evolve.cluster;

import java.io.IOException;
import java.util.concurrent.Callable;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

public final class ChunkTask extends Task implements Callable<String> {
    private String json;

    public ChunkTask() {
    }

    ChunkTask(String json) {
        this.json = json;
    }

    @Override
    public String call() {
        return Worker.score(json);
    }

    @Override
    public int getClassId() {
        return Tasks.CHUNK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(json);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        json = in.readString();
    }
}
