// Which part of the data an evaluation reads.
package org.neuromod.kernels;

public enum Split {
    /** The training samples the batch indices refer to. */
    TRAIN,
    /** Held-out training samples (the last V of the training file), for model selection and fitness. */
    VALIDATION,
    /** The test file. */
    TEST
}
