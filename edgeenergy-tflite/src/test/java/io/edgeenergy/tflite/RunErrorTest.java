package io.edgeenergy.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.model.DType;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelClosedException;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.model.Tensors;
import org.junit.jupiter.api.Test;

/** Wrong tensors and closed objects fail with the SDK's exceptions, naming the slot and the spec. */
class RunErrorTest {
  private static Model big() {
    return InferenceBackends.load(TestModels.digits("digits_big_mlp.tflite"));
  }

  @Test
  void wrongDtype() {
    try (Model m = big(); Tensors io = Tensors.of(m); Tensor ints = Tensor.allocate(TensorSpec.of("x", DType.INT32, 1, 64))) {
      assertThatThrownBy(() -> m.run(new Tensor[] {ints}, io.outputs()))
          .isInstanceOf(TensorMismatchException.class)
          .hasMessageContaining("input 0 'x' expects FLOAT32[-1, 64]")
          .hasMessageContaining("got tensor x:INT32[1, 64]");
    }
  }

  @Test
  void wrongShapeAndCount() {
    try (Model m = big(); Tensors io = Tensors.of(m); Tensor wide = Tensor.allocate(TensorSpec.of("x", DType.FLOAT32, 1, 65))) {
      assertThatThrownBy(() -> m.run(new Tensor[] {wide}, io.outputs()))
          .isInstanceOf(TensorMismatchException.class)
          .hasMessageContaining("got tensor x:FLOAT32[1, 65]");
      assertThatThrownBy(() -> m.run(new Tensor[0], io.outputs()))
          .isInstanceOf(TensorMismatchException.class)
          .hasMessageContaining("takes 1 input(s)");
      assertThatThrownBy(() -> m.run(io.inputs(), null))
          .isInstanceOf(TensorMismatchException.class)
          .hasMessageContaining("the output array is null");
    }
  }

  @Test
  void outputBatchThatDisagreesWithTheInputs() {
    try (Model m = big(); Tensors io = Tensors.of(m);
         Tensor probs3 = Tensor.allocate(m.signature().output("probs").withShape(3, 10))) {
      assertThatThrownBy(() -> m.run(io.inputs(), new Tensor[] {probs3}))
          .isInstanceOf(TensorMismatchException.class)
          .hasMessageContaining("output 'probs' has shape [1, 10] for these inputs")
          .hasMessageContaining("probs:FLOAT32[3, 10]");
      m.run(io.inputs(), io.outputs()); // the model is still usable
    }
  }

  @Test
  void closedModelAndClosedTensor() {
    Model m = big();
    Tensors io = Tensors.of(m);
    io.inputs()[0].close();
    assertThatThrownBy(() -> m.run(io.inputs(), io.outputs()))
        .isInstanceOf(ModelClosedException.class)
        .hasMessageContaining("was given a closed tensor");
    m.close();
    m.close(); // idempotent
    assertThatThrownBy(() -> m.run(io.inputs(), io.outputs())).isInstanceOf(ModelClosedException.class)
        .hasMessageContaining("model 'digits_big_mlp.tflite' is closed");
    assertThatThrownBy(m::signature).isInstanceOf(ModelClosedException.class);
    assertThatThrownBy(m::newInputs).isInstanceOf(ModelClosedException.class);
    assertThat(m.name()).isEqualTo("digits_big_mlp.tflite");
    io.close();
  }
}
