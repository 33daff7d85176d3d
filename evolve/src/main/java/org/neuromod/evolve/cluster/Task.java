// What neuromod's cluster tasks share: they are IdentifiedDataSerializable of neuromod's factory (Tasks).
package org.neuromod.evolve.cluster;

import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

abstract class Task implements IdentifiedDataSerializable {
    @Override
    public final int getFactoryId() {
        return Tasks.FACTORY_ID;
    }
}
