package io.edgeenergy.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.model.DType;
import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Quantization;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.model.Tensors;
import io.edgeenergy.tflite.internal.TfliteTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery, options, quantization in the signature, batches and segments (the basics every backend
 * shares are in {@link TfliteConformanceTest}).
 */
class TfliteBackendTest {
  private static final InferenceBackend TFLITE = InferenceBackends.named("tflite");

  @TempDir
  Path dir;

  @Test
  void foundByServiceLoaderAndAvailable() {
    assertThat(TFLITE).isInstanceOf(TfliteBackend.class);
    assertThat(TFLITE.fileExtensions()).containsExactly("tflite");
    assertThat(TFLITE.availability().available()).as(TFLITE.availability().reason()).isTrue();
    assertThat(TFLITE.characteristics()).contains(InferenceBackend.Characteristic.ZERO_COPY_INPUTS,
        InferenceBackend.Characteristic.ZERO_COPY_OUTPUTS);
  }

  @Test
  void digitsSignatureHasTheOnnxNamesAndADynamicBatch() {
    try (Model m = InferenceBackends.load(TestModels.digits("digits_exit_seg1.tflite"))) {
      assertThat(m.backend()).isEqualTo("tflite");
      assertThat(m.name()).isEqualTo("digits_exit_seg1.tflite");
      assertThat(m.signature().inputs()).containsExactly(TensorSpec.of("x", DType.FLOAT32, -1, 64));
      assertThat(m.signature().outputs()).containsExactly(TensorSpec.of("hidden", DType.FLOAT32, -1, 512),
          TensorSpec.of("probs", DType.FLOAT32, -1, 10));
    }
  }

  @Test
  void xnnpackRunsFloatModelsByDefaultAndCanBeTurnedOff() {
    Path big = TestModels.digits("digits_big_mlp.tflite");
    try (Model on = TFLITE.load(big, ModelOptions.defaults());
         Model off = TFLITE.load(big, ModelOptions.builder().backendOption("xnnpack", "false").build());
         Model cpu = TFLITE.load(big, ModelOptions.builder().executionProviders("GPU", "CPU").build());
         Model threads = TFLITE.load(big, ModelOptions.builder().intraOpThreads(2).build())) {
      assertThat(on.executionProvider()).isEqualTo("XNNPACK");
      assertThat(off.executionProvider()).isEqualTo("CPU");
      assertThat(cpu.executionProvider()).isEqualTo("CPU");
      assertThat(threads.executionProvider()).isEqualTo("XNNPACK");
      float[] a = runBig(on);
      assertThat(runBig(off)).containsExactly(a, org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(runBig(threads)).containsExactly(a, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void xnnpackRunsTheInt8ModelWithItsInt8KernelsAndCanBeTurnedOff() {
    // This TFLite build's default XNNPACK delegate has QS8 off; the backend adds one with it on.
    Path int8 = TestModels.digits("digits_big_mlp_int8.tflite");
    try (Model on = TFLITE.load(int8, ModelOptions.defaults());
         Model off = TFLITE.load(int8, ModelOptions.builder().backendOption("xnnpack", "false").build());
         Model threads = TFLITE.load(int8, ModelOptions.builder().intraOpThreads(2).build())) {
      assertThat(on.executionProvider()).isEqualTo("XNNPACK");
      assertThat(off.executionProvider()).isEqualTo("CPU");
      assertThat(threads.executionProvider()).isEqualTo("XNNPACK");
      float[] builtin = runBig(off);
      // Both kernels follow the int8 spec; rounding may differ by a step of the softmax output (1/256).
      assertThat(runBig(on)).containsExactly(builtin, org.assertj.core.data.Offset.offset(2f / 256));
      assertThat(runBig(threads)).containsExactly(builtin, org.assertj.core.data.Offset.offset(2f / 256));
    }
  }

  private static float[] runBig(Model m) {
    try (Tensors io = Tensors.of(m)) {
      for (int i = 0; i < 64; i++) {
        io.inputs()[0].floats().put(i, (i * 7 % 17) / 16f);
      }
      m.run(io.inputs(), io.outputs());
      return io.outputs()[0].get(new float[10]);
    }
  }

  @Test
  void unknownBackendOptionIsRefused() {
    assertThatThrownBy(() -> TFLITE.load(TestModels.digits("digits_tiny_logreg.tflite"),
        ModelOptions.builder().backendOption("use_gpu", "true").build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("unknown TensorFlow Lite backend option 'use_gpu'")
        .hasMessageContaining("xnnpack=true|false");
    assertThatThrownBy(() -> TFLITE.load(TestModels.digits("digits_tiny_logreg.tflite"),
        ModelOptions.builder().backendOption("xnnpack", "yes").build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("must be true or false, was 'yes'");
  }

  @Test
  void quantizationIsInTheSignature() throws Exception {
    Quantization q = new Quantization(0.5f, 3);
    Path file = Files.write(dir.resolve("q.tflite"), TestModels.passThrough(DType.INT8, q));
    try (Model m = TFLITE.load(file, ModelOptions.defaults())) {
      assertThat(m.signature().input("x").quantization()).contains(q);
      assertThat(m.signature().output("y").quantization()).contains(q);
      assertThat(m.signature().input("x")).hasToString("x:INT8[2, 3] q(scale=0.5, zp=3)");
    }
    try (Model plain = TFLITE.load(TestModels.digits("digits_big_mlp_int8.tflite"), ModelOptions.defaults())) {
      // Full-integer inside, float32 at the edges: nothing to quantize for the caller.
      assertThat(plain.signature().input("x").quantization()).isEmpty();
    }
  }

  @Test
  void batchesResizeTheDynamicDimensionAndPlainTensorsAreCopied() {
    try (Model m = TFLITE.load(TestModels.digits("digits_big_mlp.tflite"), ModelOptions.defaults());
         Tensor x4 = Tensor.allocate(m.signature().input("x").withShape(4, 64));
         Tensor p4 = Tensor.allocate(m.signature().output("probs").withShape(4, 10));
         Tensors one = Tensors.of(m)) {
      float[] pixels = new float[4 * 64];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (i * 13 % 17) / 16f;
      }
      x4.put(pixels);
      m.run(new Tensor[] {x4}, new Tensor[] {p4});
      float[] batch = p4.get(new float[40]);
      for (int row = 0; row < 4; row++) {
        float[] rowPixels = java.util.Arrays.copyOfRange(pixels, row * 64, row * 64 + 64);
        one.inputs()[0].put(rowPixels);
        m.run(one.inputs(), one.outputs());
        assertThat(one.outputs()[0].get(new float[10]))
            .containsExactly(java.util.Arrays.copyOfRange(batch, row * 10, row * 10 + 10),
                org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void segmentsChainThroughTheHiddenTensorWithoutACopy() {
    try (Model seg1 = InferenceBackends.load(TestModels.digits("digits_exit_seg1.tflite"));
         Model seg2 = InferenceBackends.load(TestModels.digits("digits_exit_seg2.tflite"));
         Model big = InferenceBackends.load(TestModels.digits("digits_big_mlp.tflite"));
         Tensors s1 = Tensors.of(seg1);
         Tensors s2 = Tensors.of(seg2)) {
      assertThat(s1.outputs()[0]).isInstanceOf(TfliteTensor.class);
      for (int i = 0; i < 64; i++) {
        s1.inputs()[0].floats().put(i, (i % 9) / 8f);
      }
      seg1.run(s1.inputs(), s1.outputs());
      seg2.run(new Tensor[] {s1.outputs()[0]}, s2.outputs());
      float[] expected = runWith(big, s1.inputs()[0]);
      assertThat(s2.outputs()[0].get(new float[10])).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  private static float[] runWith(Model m, Tensor x) {
    try (Tensors io = Tensors.of(m)) {
      m.run(new Tensor[] {x}, io.outputs());
      return io.outputs()[0].get(new float[10]);
    }
  }

  @Test
  void tensorsOutliveTheirModel() {
    Tensors io;
    try (Model m = TFLITE.load(TestModels.digits("digits_tiny_logreg.tflite"), ModelOptions.defaults())) {
      io = Tensors.of(m);
      io.inputs()[0].floats().put(0, 1f);
      m.run(io.inputs(), io.outputs());
    }
    // The memory is Java's: still readable and writable after the interpreter is gone.
    float[] first = io.outputs()[0].get(new float[10]);
    assertThat(sum(first)).as("probabilities after close").isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    float p = first[0];
    io.inputs()[0].floats().put(1, p);
    assertThat(io.inputs()[0].floats().get(1)).isEqualTo(p);
    try (Model again = TFLITE.load(TestModels.digits("digits_tiny_logreg.tflite"), ModelOptions.defaults())) {
      again.run(io.inputs(), io.outputs());
      float[] second = io.outputs()[0].get(new float[10]);
      assertThat(sum(second)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(second).as("another input gives another answer, written into the old tensor").isNotEqualTo(first);
      float[] fresh = runWith(again, io.inputs()[0]);
      assertThat(second).containsExactly(fresh, org.assertj.core.data.Offset.offset(1e-6f));
    }
    io.close();
  }

  private static float sum(float[] values) {
    float s = 0;
    for (float v : values) {
      s += v;
    }
    return s;
  }
}
