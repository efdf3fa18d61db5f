package io.edgeenergy.pipeline;

import io.edgeenergy.model.Tensor;

/**
 * Pre-processing: writes one application input into a tier's reusable input tensors (in signature
 * order). Runs on the hot path, so write in place and allocate nothing.
 *
 * @param <I> the application's input type, e.g. {@code float[]} pixels or a {@code short[]} audio frame
 */
@FunctionalInterface
public interface InputBinder<I> {
  /** Writes {@code input} into the tier's first stage's input tensors. */
  void bind(I input, Tensor[] inputs);

  /** Copies a {@code float[]} into the first input tensor (lengths must match). */
  static InputBinder<float[]> floats() {
    return (input, tensors) -> tensors[0].put(input);
  }
}
