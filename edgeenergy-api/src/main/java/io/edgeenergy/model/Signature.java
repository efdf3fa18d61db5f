package io.edgeenergy.model;

import java.util.List;
import java.util.stream.Collectors;

/** A model's inputs and outputs, in the order {@link Model#run} takes them. */
public record Signature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
  /** Copies the lists. */
  public Signature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** Position of the input called {@code name}; the exception lists the names that exist. */
  public int inputIndex(String name) {
    return indexOf(inputs, name, "input");
  }

  /** Position of the output called {@code name}; the exception lists the names that exist. */
  public int outputIndex(String name) {
    return indexOf(outputs, name, "output");
  }

  /** The input named {@code name}; a {@link TensorMismatchException} listing the inputs if none is. */
  public TensorSpec input(String name) {
    return inputs.get(inputIndex(name));
  }

  /** The output named {@code name}; a {@link TensorMismatchException} listing the outputs if none is. */
  public TensorSpec output(String name) {
    return outputs.get(outputIndex(name));
  }

  private static int indexOf(List<TensorSpec> specs, String name, String kind) {
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new TensorMismatchException("no " + kind + " named '" + name + "'; the model's " + kind + "s are "
        + specs.stream().map(TensorSpec::toString).collect(Collectors.joining(", ", "[", "]")));
  }

  @Override
  public String toString() {
    return "inputs " + inputs + " -> outputs " + outputs;
  }
}
