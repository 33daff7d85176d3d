// The samples of one training run as backends take them: training set (optionally limited), held-out
// validation tail of the training file, and the test set.
package org.neuromod.nn;

import java.util.EnumMap;
import java.util.Map;

import org.neuromod.kernels.LabeledData;
import org.neuromod.kernels.Split;
import org.neuromod.kernels.UserException;
import org.neuromod.nn.data.DataSplits;
import org.neuromod.nn.data.ImageSet;

/** validation is null when nothing is held out. */
public record TrainingData(LabeledData train, LabeledData validation, LabeledData test, int classes) {

    /**
     * Trains on the first {@code limit} training images (0: all that are not held out) and holds out the last
     * {@code validation} images of the training file; the two never overlap.
     */
    public static TrainingData of(DataSplits splits, int limit, int validation) {
        return of(splits, limit, validation, "--limit", "--validation");
    }

    /** The same, naming the limit and validation settings as their source does (a flag, or a file's key). */
    public static TrainingData of(DataSplits splits, int limit, int validation, String limitName,
                                  String validationName) {
        ImageSet train = splits.train();
        if (validation < 0 || limit < 0) {
            throw new UserException(limitName + " and " + validationName + " must not be negative");
        }
        int available = train.count() - validation;
        if (available <= 0) {
            throw new UserException(validationName + " " + validation + " leaves no training images (the file has "
                    + train.count() + ")");
        }
        if (limit > available) {
            throw new UserException(limitName + " " + limit + " exceeds the " + available
                    + " training images left after holding out " + validationName + " " + validation);
        }
        int used = limit == 0 ? available : limit;
        // slice copies; the whole file (188 MB of floats for MNIST) is used as it is
        ImageSet trained = used == train.count() ? train : train.slice(0, used);
        return new TrainingData(labeled(trained),
                validation == 0 ? null : labeled(train.slice(train.count() - validation, train.count())),
                labeled(splits.test()), train.classes());
    }

    public static LabeledData labeled(ImageSet set) {
        return new LabeledData(set.images(), set.labels(), set.count(), set.width());
    }

    public int inputWidth() {
        return train.width();
    }

    /** The splits a backend prepares. */
    public Map<Split, LabeledData> splits() {
        Map<Split, LabeledData> map = new EnumMap<>(Split.class);
        map.put(Split.TRAIN, train);
        map.put(Split.TEST, test);
        if (validation != null) {
            map.put(Split.VALIDATION, validation);
        }
        return map;
    }
}
