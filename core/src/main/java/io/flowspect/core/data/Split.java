package io.flowspect.core.data;

import java.util.List;

/**
 * A training / validation partition of a data set. Both lists are immutable.
 *
 * @param train images to fit the model on
 * @param validation held-out images for early stopping and reporting
 */
public record Split(List<ImageRecord> train, List<ImageRecord> validation) {

  /** Copies both lists into immutable lists. */
  public Split {
    if (train == null || validation == null) {
      throw new IllegalArgumentException("train and validation must not be null");
    }
    train = List.copyOf(train);
    validation = List.copyOf(validation);
  }
}
