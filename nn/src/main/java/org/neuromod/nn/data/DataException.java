// A problem with the user's data (missing, malformed or corrupt file, failed fetch), reported as one message
// that names the file and what is wrong, e.g.
// "/x/train-labels-idx1-ubyte: label 12 at index 5 is outside 0..9". The command line prints it and exits
// non-zero instead of showing a stack trace.
package org.neuromod.nn.data;

public class DataException extends Exception {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
