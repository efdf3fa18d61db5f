package io.edgeenergy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.model.DType;
import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelClosedException;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.model.Tensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Wrong tensors and closed objects give exceptions naming the model and the tensor. */
class RunErrorTest {
  private static final InferenceBackend ONNX = InferenceBackends.named("onnx");

  private Model model;
  private Tensors io;

  @BeforeEach
  void load() {
    model = ONNX.load(TestModels.logReg(1), "logreg", ModelOptions.defaults());
    io = Tensors.of(model);
  }

  @AfterEach
  void close() {
    io.close();
    model.close();
  }

  @Test
  void wrongDtype() {
    try (Tensor ints = Tensor.allocate(TensorSpec.of("x", DType.INT32, 1, 64))) {
      assertThatThrownBy(() -> model.run(new Tensor[] {ints}, io.outputs()))
          .isInstanceOf(TensorMismatchException.class)
          .hasMessageContaining("model 'logreg'")
          .hasMessageContaining("input 0 'x'")
          .hasMessageContaining("expects FLOAT32[-1, 64]")
          .hasMessageContaining("got tensor x:INT32[1, 64]");
    }
  }

  @Test
  void closedModel() {
    model.close();
    assertThatThrownBy(() -> model.run(io.inputs(), io.outputs()))
        .isInstanceOf(ModelClosedException.class)
        .hasMessageContaining("model 'logreg' is closed");
    assertThatThrownBy(model::newInputs).isInstanceOf(ModelClosedException.class);
    assertThatThrownBy(model::newOutputs).isInstanceOf(ModelClosedException.class);
    assertThatThrownBy(model::signature).isInstanceOf(ModelClosedException.class);
    assertThatThrownBy(model::executionProvider).isInstanceOf(ModelClosedException.class);
    assertThat(model.name()).isEqualTo("logreg");
    assertThat(model.toString()).contains("closed");
  }

  @Test
  void tensorsOutliveTheirModel() {
    model.close();
    try (Model other = ONNX.load(TestModels.logReg(1), "other", ModelOptions.defaults())) {
      io.inputs()[0].floats().put(3, 1f);
      other.run(io.inputs(), io.outputs());
      assertThat(io.outputs()[0].floats().get(0)).isBetween(0f, 1f);
    }
  }
}
