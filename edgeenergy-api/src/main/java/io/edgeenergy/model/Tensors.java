package io.edgeenergy.model;

/**
 * A model's input and output tensors, allocated together and closed together.
 */
public record Tensors(Tensor[] inputs, Tensor[] outputs) implements AutoCloseable {
  /** Allocates {@link Model#newInputs()} and {@link Model#newOutputs()}. */
  public static Tensors of(Model model) {
    return new Tensors(model.newInputs(), model.newOutputs());
  }

  @Override
  public void close() {
    for (Tensor t : inputs) {
      t.close();
    }
    for (Tensor t : outputs) {
      t.close();
    }
  }
}
