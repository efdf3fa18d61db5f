package io.edgeenergy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
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
  void unknownInputNameListsTheInputs() {
    assertThatThrownBy(() -> model.signature().inputIndex("pixels"))
        .isInstanceOf(TensorMismatchException.class)
        .hasMessageContaining("no input named 'pixels'")
        .hasMessageContaining("x:FLOAT32[-1, 64]");
    assertThat(model.signature().inputIndex("x")).isZero();
    assertThat(model.signature().outputIndex("probs")).isZero();
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
  void wrongShape() {
    try (Tensor small = Tensor.allocate(TensorSpec.of("x", DType.FLOAT32, 1, 63))) {
      assertThatThrownBy(() -> model.run(new Tensor[] {small}, io.outputs()))
          .isInstanceOf(TensorMismatchException.class)
          .hasMessageContaining("model 'logreg'")
          .hasMessageContaining("input 0 'x'")
          .hasMessageContaining("got tensor x:FLOAT32[1, 63]");
    }
    try (Tensor rank3 = Tensor.allocate(TensorSpec.of("x", DType.FLOAT32, 1, 1, 64))) {
      assertThatThrownBy(() -> model.run(new Tensor[] {rank3}, io.outputs()))
          .isInstanceOf(TensorMismatchException.class)
          .hasMessageContaining("x:FLOAT32[1, 1, 64]");
    }
  }

  @Test
  void wrongOutputShape() {
    try (Tensor nine = Tensor.allocate(TensorSpec.of("probs", DType.FLOAT32, 1, 9))) {
      assertThatThrownBy(() -> model.run(io.inputs(), new Tensor[] {nine}))
          .isInstanceOf(TensorMismatchException.class)
          .hasMessageContaining("model 'logreg'")
          .hasMessageContaining("output 0 'probs'")
          .hasMessageContaining("expects FLOAT32[-1, 10]")
          .hasMessageContaining("probs:FLOAT32[1, 9]");
    }
  }

  @Test
  void wrongTensorCount() {
    Tensor[] two = {io.inputs()[0], io.inputs()[0]};
    assertThatThrownBy(() -> model.run(two, io.outputs()))
        .isInstanceOf(TensorMismatchException.class)
        .hasMessageContaining("model 'logreg' takes 1 input(s) [x:FLOAT32[-1, 64]], got 2 tensor(s)");
    assertThatThrownBy(() -> model.run(io.inputs(), new Tensor[0]))
        .isInstanceOf(TensorMismatchException.class)
        .hasMessageContaining("model 'logreg' takes 1 output(s) [probs:FLOAT32[-1, 10]], got 0 tensor(s)");
  }

  @Test
  void nullTensor() {
    assertThatThrownBy(() -> model.run(new Tensor[1], io.outputs()))
        .isInstanceOf(TensorMismatchException.class)
        .hasMessageContaining("input 0 'x' is null");
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
  void closedInputTensor() {
    model.run(io.inputs(), io.outputs()); // bound once, so the cached binding must not hide the close
    io.inputs()[0].close();
    assertThatThrownBy(() -> model.run(io.inputs(), io.outputs()))
        .isInstanceOf(ModelClosedException.class)
        .hasMessageContaining("model 'logreg'")
        .hasMessageContaining("input 0 'x' was given a closed tensor x:FLOAT32[1, 64]");
  }

  @Test
  void closedOutputTensor() {
    io.outputs()[0].close();
    assertThatThrownBy(() -> model.run(io.inputs(), io.outputs()))
        .isInstanceOf(ModelClosedException.class)
        .hasMessageContaining("output 0 'probs' was given a closed tensor");
    assertThatThrownBy(() -> io.outputs()[0].floats())
        .isInstanceOf(ModelClosedException.class)
        .hasMessageContaining("probs:FLOAT32[1, 10]");
  }

  @Test
  void closingTwiceIsHarmless() {
    model.run(io.inputs(), io.outputs());
    model.close();
    assertThatCode(model::close).doesNotThrowAnyException();
    io.close();
    assertThatCode(io::close).doesNotThrowAnyException();
    assertThat(io.inputs()[0].isClosed()).isTrue();
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

  @Test
  void theModelStillRunsAfterAnError() {
    try (Tensor bad = Tensor.allocate(TensorSpec.of("x", DType.FLOAT32, 1, 5))) {
      assertThatThrownBy(() -> model.run(new Tensor[] {bad}, io.outputs())).isInstanceOf(TensorMismatchException.class);
    }
    model.run(io.inputs(), io.outputs());
    float sum = 0;
    for (int j = 0; j < 10; j++) {
      sum += io.outputs()[0].floats().get(j);
    }
    assertThat(sum).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-5f));
  }
}
