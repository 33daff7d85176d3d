// What the user can fix: a missing or malformed file, an impossible setting, a run that cannot fit. The
// command line prints the message as one line and exits 1; any other exception is a bug and keeps its trace.
package org.neuromod.kernels;

/** A problem the user can fix, with a message that names the file, flag or value and what was expected. */
public class UserException extends RuntimeException {

    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
