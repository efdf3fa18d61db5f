package io.edgeenergy.pipeline;

import io.edgeenergy.model.Model;
import io.edgeenergy.model.Tensor;
import java.nio.FloatBuffer;

/**
 * The outputs of the stage that answered an inference, read by name: a detector's boxes and scores,
 * an embedding, a VAD probability, not only class scores. A live view of the pipeline's reused
 * tensors: valid until the next run (copy what you keep, e.g. with {@link #copyFloats}). A state
 * output of a stateful stage has already been carried into its input, so read the state there.
 */
public final class StageOutputs {
  private final Model model;
  private final Tensor[] outputs;

  StageOutputs(Model model, Tensor[] outputs) {
    this.model = model;
    this.outputs = outputs;
  }

  /** The answering stage's name (its model's name, or the function stage's name). */
  public String stage() {
    return model.name();
  }

  /** The output tensor called {@code name}; the exception lists the names that exist. */
  public Tensor tensor(String name) {
    return outputs[model.signature().outputIndex(name)];
  }

  /** A FLOAT32 output as a buffer view (absolute {@code get(i)}; no copy). */
  public FloatBuffer floats(String name) {
    return tensor(name).floats();
  }

  /** A FLOAT32 output copied into a new array. */
  public float[] copyFloats(String name) {
    Tensor t = tensor(name);
    return t.get(new float[t.elementCount()]);
  }

  @Override
  public String toString() {
    return "StageOutputs[" + model.name() + ", " + model.signature().outputs() + "]";
  }
}
