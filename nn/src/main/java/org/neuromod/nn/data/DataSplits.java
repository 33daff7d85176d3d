// The train and test splits of one data set, as loaded from its four IDX files.
package org.neuromod.nn.data;

public record DataSplits(ImageSet train, ImageSet test) {}
