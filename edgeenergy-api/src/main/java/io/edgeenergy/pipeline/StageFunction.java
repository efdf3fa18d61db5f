package io.edgeenergy.pipeline;

import io.edgeenergy.model.Tensor;

/**
 * The body of a plain-Java {@link Stage}: reads the input tensors and writes the output tensors, in
 * the order the stage declared them. Runs on the hot path: write in place, allocate nothing.
 */
@FunctionalInterface
public interface StageFunction {
  /** Computes {@code outputs} from {@code inputs}; the tensors are reused between calls. */
  void apply(Tensor[] inputs, Tensor[] outputs);
}
