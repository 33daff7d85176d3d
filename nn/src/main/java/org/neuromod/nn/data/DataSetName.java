// The data sets the program knows, by the names users type on the command line ("mnist", "fashion").
package org.neuromod.nn.data;

import org.neuromod.kernels.UserException;

public enum DataSetName {
    MNIST("mnist", "MNIST"),
    FASHION("fashion", "Fashion-MNIST");

    private final String id;
    private final String title;

    DataSetName(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** Parses a user-facing name, case-insensitive. */
    public static DataSetName parse(String s) {
        for (DataSetName n : values()) {
            if (s != null && n.id.equalsIgnoreCase(s.trim())) {
                return n;
            }
        }
        throw new UserException("unknown data set '" + s + "' (expected one of mnist, fashion)");
    }

    /** The user-facing name, also the folder name under the cache directory. */
    public String id() {
        return id;
    }

    /** The name used in messages ("Fashion-MNIST"). */
    String title() {
        return title;
    }
}
