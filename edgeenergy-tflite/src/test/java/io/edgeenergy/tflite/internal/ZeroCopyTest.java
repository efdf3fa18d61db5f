package io.edgeenergy.tflite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.Tensors;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/**
 * The interpreter reads and writes the very memory of the tensors from {@code newInputs()} /
 * {@code newOutputs()}: its tensors' data pointers are the buffers' addresses. A plain tensor goes
 * through the model's staging buffer instead.
 */
class ZeroCopyTest {
  private static Path big() {
    for (Path p : List.of(Path.of("../models/digits/digits_big_mlp.tflite"), Path.of("models/digits/digits_big_mlp.tflite"))) {
      if (p.toFile().isFile()) {
        return p;
      }
    }
    throw new IllegalStateException("digits_big_mlp.tflite not found");
  }

  @Test
  void modelTensorsAreTheInterpretersMemory() {
    new io.edgeenergy.tflite.TfliteBackend().availability();
    try (TfliteModel m = TfliteModel.load(big(), ModelOptions.defaults()); Tensors io = Tensors.of(m)) {
      m.run(io.inputs(), io.outputs());
      assertThat(m.dataAddress(true, 0)).isEqualTo(address(io.inputs()[0].bytes()));
      assertThat(m.dataAddress(false, 0)).isEqualTo(address(io.outputs()[0].bytes()));
      assertThat(address(io.inputs()[0].bytes()) % TfliteTensor.ALIGNMENT).isZero();
    }
  }

  @Test
  void plainTensorsAreStaged() {
    new io.edgeenergy.tflite.TfliteBackend().availability();
    try (TfliteModel m = TfliteModel.load(big(), ModelOptions.defaults());
         Tensor x = Tensor.allocate(m.signature().input("x"));
         Tensor probs = Tensor.allocate(m.signature().output("probs"))) {
      m.run(new Tensor[] {x}, new Tensor[] {probs});
      assertThat(m.dataAddress(true, 0)).isNotEqualTo(address(x.bytes()));
      assertThat(m.dataAddress(true, 0) % TfliteTensor.ALIGNMENT).isZero();
      float sum = 0;
      for (int i = 0; i < 10; i++) {
        sum += probs.floats().get(i);
      }
      assertThat(sum).as("softmax copied out").isBetween(0.999f, 1.001f);
    }
  }

  private static long address(ByteBuffer b) {
    try (Pointer p = new Pointer(b)) {
      return p.address();
    }
  }
}
