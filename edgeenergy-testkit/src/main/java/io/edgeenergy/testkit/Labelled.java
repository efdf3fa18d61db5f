package io.edgeenergy.testkit;

import java.util.Objects;

/** One input of a {@link Trace} with the class it should get. */
public record Labelled<I>(I input, int label) {
  public Labelled {
    Objects.requireNonNull(input, "input");
    if (label < 0) {
      throw new IllegalArgumentException("a label is a class index >= 0, was " + label);
    }
  }
}
