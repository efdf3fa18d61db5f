package io.edgeenergy.pipeline;

import io.edgeenergy.model.spi.TensorChecks;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import java.util.List;
import java.util.Objects;

/**
 * A function stage seen as a {@link Model}, so the pipeline, its ledger and its readers treat Java
 * and native stages alike: backend {@code java}, execution provider {@code JVM}, plain tensors.
 */
final class FunctionModel implements Model {
  private final String name;
  private final Signature signature;
  private final TensorSpec[] inputSpecs;
  private final TensorSpec[] outputSpecs;
  private final StageFunction fn;

  FunctionModel(String name, List<TensorSpec> inputs, List<TensorSpec> outputs, StageFunction fn) {
    if (Objects.requireNonNull(name, "name").trim().isEmpty()) {   // not isBlank(): Android API 34+
      throw new IllegalArgumentException("a function stage needs a name");
    }
    this.name = name;
    this.signature = new Signature(inputs, outputs);
    inputs.forEach(this::requireConcrete);
    outputs.forEach(this::requireConcrete);
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("function stage '" + name + "' needs at least one output");
    }
    this.inputSpecs = signature.inputs().toArray(new TensorSpec[0]);
    this.outputSpecs = signature.outputs().toArray(new TensorSpec[0]);
    this.fn = Objects.requireNonNull(fn, "function");
  }

  /** One float input {@code x[1, inputLength]}, one float output {@code output[1, outputLength]}. */
  static FunctionModel floats(String name, int inputLength, String output, int outputLength, FloatStageFunction fn) {
    Objects.requireNonNull(fn, "function");
    float[] in = new float[inputLength];
    float[] out = new float[outputLength];
    return new FunctionModel(name, List.of(TensorSpec.of("x", DType.FLOAT32, 1, inputLength)),
        List.of(TensorSpec.of(output, DType.FLOAT32, 1, outputLength)), (inputs, outputs) -> {
          inputs[0].get(in);   // arrays reused: the pipeline runs one call at a time
          fn.apply(in, out);
          outputs[0].put(out);
        });
  }

  private void requireConcrete(TensorSpec spec) {
    if (!spec.isConcrete()) {
      throw new IllegalArgumentException("function stage '" + name + "': tensor " + spec + " needs a concrete shape");
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Signature signature() {
    return signature;
  }

  @Override
  public String backend() {
    return "java";
  }

  @Override
  public String executionProvider() {
    return "JVM";
  }

  @Override
  public Tensor[] newInputs() {
    return allocate(inputSpecs);
  }

  @Override
  public Tensor[] newOutputs() {
    return allocate(outputSpecs);
  }

  private static Tensor[] allocate(TensorSpec[] specs) {
    Tensor[] tensors = new Tensor[specs.length];
    for (int i = 0; i < specs.length; i++) {
      tensors[i] = Tensor.allocate(specs[i]);
    }
    return tensors;
  }

  @Override
  public void run(Tensor[] inputs, Tensor[] outputs) {
    TensorChecks.check(name, "input", inputSpecs, inputs);
    TensorChecks.check(name, "output", outputSpecs, outputs);
    fn.apply(inputs, outputs);
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "FunctionModel[" + name + ", " + signature + "]";
  }
}
