package io.edgeenergy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.model.Tensors;
import io.edgeenergy.testkit.conformance.TensorValues;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Models built by code (see {@link TestModels}): dtypes, dynamic shapes, unsupported types, options. */
class GeneratedModelTest {
  private static final InferenceBackend ONNX = InferenceBackends.named("onnx");

  /** Distinct, exactly representable test values for element {@code i} of each dtype. */
  private static double value(DType dtype, int i) {
    return switch (dtype) {
      case FLOAT32 -> i * 1.5 - 3.25;
      case INT8 -> i * 37 - 100;
      case UINT8 -> i * 40 + 3;
      case INT32 -> i * 100_000 - 7;
      case INT64 -> i * 1_000_000_000_000L - 5;
      case BOOL -> i % 2 == 0 ? 1 : 0;
    };
  }

  private static double changed(DType dtype, double v) {
    return switch (dtype) {
      case FLOAT32, INT32, INT64 -> v + v;
      case INT8 -> -v;
      case BOOL -> v == 0 ? 1 : 0;
      case UINT8 -> 255 - v;
    };
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void everyDtypeRoundTripsThroughTheCallersBuffers(DType dtype) {
    try (Model m = ONNX.load(TestModels.copyAndChange(dtype), "copy_" + dtype, ModelOptions.defaults());
         Tensors io = Tensors.of(m)) {
      assertThat(m.name()).isEqualTo("copy_" + dtype);
      assertThat(m.signature().inputs()).containsExactly(TensorSpec.of("x", dtype, 2, 3));
      assertThat(m.signature().outputs())
          .containsExactly(TensorSpec.of("copy", dtype, 2, 3), TensorSpec.of("changed", dtype, 2, 3));
      Tensor x = io.inputs()[0];
      for (int i = 0; i < 6; i++) {
        TensorValues.set(x, i, value(dtype, i));
      }

      m.run(io.inputs(), io.outputs());

      for (int i = 0; i < 6; i++) {
        assertThat(TensorValues.get(io.outputs()[0], i)).as("copy[%d]", i).isEqualTo(value(dtype, i));
        assertThat(TensorValues.get(io.outputs()[1], i)).as("changed[%d]", i)
            .isEqualTo(changed(dtype, value(dtype, i)));
      }

      // Inputs are read in place: writing the caller's buffer is all it takes to feed the next run.
      TensorValues.set(x, 0, value(dtype, 5));
      m.run(io.inputs(), io.outputs());
      assertThat(TensorValues.get(io.outputs()[0], 0)).isEqualTo(value(dtype, 5));
    }
  }

  @Test
  void logisticRegressionMatchesAJavaReference() {
    long seed = 42;
    try (Model m = ONNX.load(TestModels.logReg(seed), "logreg", ModelOptions.defaults()); Tensors io = Tensors.of(m)) {
      assertThat(m.signature().inputs()).containsExactly(TensorSpec.of("x", DType.FLOAT32, -1, 64));
      assertThat(m.signature().outputs()).containsExactly(TensorSpec.of("probs", DType.FLOAT32, -1, 10));
      assertThat(io.inputs()[0].spec()).isEqualTo(TensorSpec.of("x", DType.FLOAT32, 1, 64));
      Random r = new Random(7);
      for (int row = 0; row < 20; row++) {
        float[] x = new float[64];
        for (int i = 0; i < 64; i++) {
          x[i] = r.nextInt(17) / 16f;
        }
        io.inputs()[0].put(x);
        m.run(io.inputs(), io.outputs());
        float[] expected = TestModels.logRegReference(seed, x);
        float[] actual = io.outputs()[0].get(new float[10]);
        for (int j = 0; j < 10; j++) {
          assertThat(actual[j]).isCloseTo(expected[j], within(1e-5f));
        }
      }
    }
  }

  @Test
  void dynamicBatchRunsWithPlainTensorsOfAnyBatchSize() {
    try (Model m = ONNX.load(TestModels.addDynamic(), "add", ModelOptions.defaults())) {
      TensorSpec a = m.signature().input("a");
      assertThat(a).isEqualTo(TensorSpec.of("a", DType.FLOAT32, -1, 4));
      assertThat(m.signature().output("sum").shape()).containsExactly(-1, 4);
      try (Tensors one = Tensors.of(m)) {
        assertThat(one.outputs()[0].spec().shape()).containsExactly(1, 4);
      }
      Tensor[] in = {Tensor.allocate(a.withShape(3, 4)), Tensor.allocate(m.signature().input("b").withShape(3, 4))};
      Tensor[] out = {Tensor.allocate(m.signature().output("sum").withShape(3, 4))};
      for (int i = 0; i < 12; i++) {
        in[0].floats().put(i, i);
        in[1].floats().put(i, 100 * i);
      }
      m.run(in, out);
      for (int i = 0; i < 12; i++) {
        assertThat(out[0].floats().get(i)).isEqualTo(101f * i);
      }
    }
  }

  @Test
  void anOutputWhoseDynamicBatchDisagreesWithTheInputsIsATensorMismatch() {
    try (Model m = ONNX.load(TestModels.addDynamic(), "add", ModelOptions.defaults());
         Tensors io = Tensors.of(m)) {
      Tensor[] in = {Tensor.allocate(TensorSpec.of("a", DType.FLOAT32, 3, 4)),
          Tensor.allocate(TensorSpec.of("b", DType.FLOAT32, 3, 4))};
      assertThatThrownBy(() -> m.run(in, io.outputs()))
          .isInstanceOf(TensorMismatchException.class)
          .hasMessageContaining("model 'add'")
          .hasMessageContaining("sum:FLOAT32[1, 4]")
          .hasMessageContaining("a:FLOAT32[3, 4]");
      // The model is still usable with matching tensors.
      m.run(io.inputs(), io.outputs());
    }
  }

  @Test
  void unsupportedElementTypesAreListedAtLoad() {
    assertThatThrownBy(() -> ONNX.load(TestModels.doubleModel(), "double.onnx", ModelOptions.defaults()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model 'double.onnx'")
        .hasMessageContaining("input 'x' has element type ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE")
        .hasMessageContaining("output 'y' has element type ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE")
        .hasMessageContaining("FLOAT32");
  }

  @Test
  void nonTensorOutputsAreListedAtLoad() {
    assertThatThrownBy(() -> ONNX.load(TestModels.sequenceModel(), "seq.onnx", ModelOptions.defaults()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model 'seq.onnx'")
        .hasMessageContaining("output 'seq' is not a tensor");
  }

  @ParameterizedTest
  @EnumSource(ModelOptions.Optimization.class)
  void everyOptimizationLevelGivesTheSameAnswer(ModelOptions.Optimization level) {
    ModelOptions options = ModelOptions.builder().optimization(level).intraOpThreads(2).allowSpinning(true).build();
    try (Model m = ONNX.load(TestModels.logReg(3), "logreg", options); Tensors io = Tensors.of(m)) {
      float[] x = new float[64];
      x[10] = 1;
      x[20] = 0.5f;
      io.inputs()[0].put(x);
      m.run(io.inputs(), io.outputs());
      float[] expected = TestModels.logRegReference(3, x);
      for (int j = 0; j < 10; j++) {
        assertThat(io.outputs()[0].floats().get(j)).isCloseTo(expected[j], within(1e-5f));
      }
    }
  }

  @Test
  void requestedProvidersThisBuildLacksFallBackToCpuAndSaySo() {
    ModelOptions options = ModelOptions.builder().executionProviders("CUDA", "TensorRT", "no-such-ep").build();
    try (Model m = ONNX.load(TestModels.logReg(1), "logreg", options)) {
      if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
        assertThat(m.executionProvider()).isEqualTo("CPU");
      }
      assertThat(m.backend()).isEqualTo("onnxruntime");
    }
  }

  @Test
  void xnnpackIsUsedWhenThisBuildHasIt() {
    ModelOptions options = ModelOptions.builder().executionProviders("xnnpack")
        .backendOption("XNNPACK:intra_op_num_threads", "1").build();
    try (Model m = ONNX.load(TestModels.logReg(1), "logreg", options); Tensors io = Tensors.of(m)) {
      boolean has = OrtEnvironment.getAvailableProviders().contains(OrtProvider.XNNPACK);
      assertThat(m.executionProvider()).isEqualTo(has ? "XNNPACK" : "CPU");
      m.run(io.inputs(), io.outputs());
    }
  }

  @Test
  void cpuFirstMeansCpu() {
    ModelOptions options = ModelOptions.builder().executionProviders("CPU", "XNNPACK").build();
    try (Model m = ONNX.load(TestModels.logReg(1), "logreg", options)) {
      assertThat(m.executionProvider()).isEqualTo("CPU");
    }
  }

  @Test
  void backendOptionsBecomeSessionConfigEntries() {
    ModelOptions options = ModelOptions.builder()
        .backendOption("session.intra_op.allow_spinning", "1")
        .backendOption("session.disable_prepacking", "1")
        .build();
    try (Model m = ONNX.load(TestModels.logReg(1), "logreg", options); Tensors io = Tensors.of(m)) {
      m.run(io.inputs(), io.outputs());
      float sum = 0;
      for (int i = 0; i < 10; i++) {
        sum += io.outputs()[0].floats().get(i);
      }
      assertThat(sum).as("softmax of the logistic regression").isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    }
    // Proof that the entries reach the session: one that changes how the bytes are read makes
    // ONNX Runtime refuse an ONNX file it otherwise loads.
    ModelOptions ortFormat = ModelOptions.builder().backendOption("session.load_model_format", "ORT").build();
    assertThatThrownBy(() -> ONNX.load(TestModels.logReg(1), "logreg", ortFormat))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'logreg'");
    ModelOptions onnxFormat = ModelOptions.builder().backendOption("session.load_model_format", "ONNX").build();
    assertThatCode(() -> ONNX.load(TestModels.logReg(1), "logreg", onnxFormat).close()).doesNotThrowAnyException();
  }

  @Test
  void optionsNameOverridesTheLabel() {
    try (Model m = ONNX.load(TestModels.logReg(1), "label", ModelOptions.builder().name("tier0").build())) {
      assertThat(m.name()).isEqualTo("tier0");
      assertThat(m.toString()).contains("tier0").contains("CPU");
    }
  }
}
