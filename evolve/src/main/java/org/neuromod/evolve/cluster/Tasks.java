// The factory of neuromod's cluster tasks. Tasks travel as IdentifiedDataSerializable: a factory id and a class id,
// then the task's own fields (a JSON document), so no Java serialization and no class loading by name.
package org.neuromod.evolve.cluster;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

public final class Tasks implements DataSerializableFactory {
    /** neuromod's factory id ("NM" in ASCII). */
    public static final int FACTORY_ID = 0x4E4D;
    static final int CHUNK = 1;
    static final int STATUS = 2;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case CHUNK -> new ChunkTask();
            case STATUS -> new StatusTask();
            default -> null;
        };
    }
}
