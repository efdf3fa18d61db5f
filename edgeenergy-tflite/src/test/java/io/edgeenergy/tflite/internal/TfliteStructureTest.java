package io.edgeenergy.tflite.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.tflite.tools.TfliteModelWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.TensorType;

/** The Java structural check of .tflite files: real models pass, each kind of defect is named. */
class TfliteStructureTest {
  private static final int[] SHAPE = {2, 3};

  private static void check(byte[] model) {
    TfliteStructure.check(ByteBuffer.wrap(model), "model 'm'");
  }

  /** {@code sum = a + b} with the given graph outputs and operator inputs. */
  private static byte[] add(int[] opInputs, int... outputs) {
    TfliteModelWriter g = new TfliteModelWriter();
    int a = g.tensor("a", TensorType.FLOAT32, SHAPE, false, null);
    int b = g.tensor("b", TensorType.FLOAT32, SHAPE, false, null);
    int sum = g.tensor("sum", TensorType.FLOAT32, SHAPE, false, null);
    g.op(BuiltinOperator.ADD, 1, null, opInputs == null ? new int[] {a, b} : opInputs, new int[] {sum});
    g.inputs(a, b);
    g.outputs(outputs.length == 0 ? new int[] {sum} : outputs);
    return g.build("add");
  }

  @Test
  void everyRealModelPasses() throws IOException {
    Path dir = Stream.of(Path.of("../models/digits"), Path.of("models/digits")).filter(Files::isDirectory)
        .findFirst().orElseThrow();
    List<Path> models;
    try (Stream<Path> s = Files.list(dir)) {
      models = s.filter(p -> p.toString().endsWith(".tflite")).toList();
    }
    org.assertj.core.api.Assertions.assertThat(models).hasSizeGreaterThanOrEqualTo(4);
    for (Path p : models) {
      assertThatCode(() -> TfliteFiles.checkStructure(p)).as(p.toString()).doesNotThrowAnyException();
    }
    assertThatCode(() -> check(add(null))).doesNotThrowAnyException();
  }

  @Test
  void aGraphOutputOutOfRangeIsNamed() {
    // The defect that made XNNPACK abort the JVM ("Invalid tensor index 7 in outputs").
    assertThatThrownBy(() -> check(add(null, 7)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model 'm' is not a valid TensorFlow Lite model")
        .hasMessageContaining("subgraphs[0].outputs[0] = 7, but there are 3 tensors");
  }

  @Test
  void anOperatorInputOutOfRangeIsNamedAndMinusOneIsOptional() {
    assertThatThrownBy(() -> check(add(new int[] {0, 3})))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("subgraphs[0].operators[0].inputs[1] = 3, but there are 3 tensors")
        .hasMessageContaining("-1 marks an optional input");
    assertThatThrownBy(() -> check(add(new int[] {0, -2}))).hasMessageContaining("inputs[1] = -2");
    assertThatCode(() -> check(add(new int[] {0, -1}))).doesNotThrowAnyException();
  }

  @Test
  void constantDataMustMatchShapeAndType() {
    TfliteModelWriter g = new TfliteModelWriter();
    int a = g.tensor("a", TensorType.FLOAT32, SHAPE, false, null);
    int c = g.constant("c", TensorType.FLOAT32, SHAPE, new byte[20], null); // needs 24
    int sum = g.tensor("sum", TensorType.FLOAT32, SHAPE, false, null);
    g.op(BuiltinOperator.ADD, 1, null, new int[] {a, c}, new int[] {sum});
    g.inputs(a);
    g.outputs(sum);
    assertThatThrownBy(() -> check(g.build("short constant")))
        .hasMessageContaining("subgraphs[0].tensors[1] has 20 bytes of constant data, but its shape and type need 24");
  }

  @Test
  void negativeAndHugeShapesAreRefused() {
    TfliteModelWriter g = new TfliteModelWriter();
    int a = g.tensor("a", TensorType.FLOAT32, new int[] {2, -3}, false, null);
    g.inputs(a);
    g.outputs(a);
    assertThatThrownBy(() -> check(g.build("negative"))).hasMessageContaining("tensors[0].shape[1] = -3");
    TfliteModelWriter h = new TfliteModelWriter();
    int b = h.tensor("b", TensorType.FLOAT32, new int[] {65536, 65536}, false, null);
    h.inputs(b);
    h.outputs(b);
    assertThatThrownBy(() -> check(h.build("huge"))).hasMessageContaining("would need 17179869184 bytes");
  }

  @Test
  void truncatedAndGarbageBuffersAreRefusedWithoutReadingOutside() {
    byte[] good = add(null);
    for (int len : new int[] {0, 4, 7, 8, 16, good.length / 2}) {
      byte[] cut = java.util.Arrays.copyOf(good, len);
      assertThatThrownBy(() -> check(cut)).as("truncated to %d", len).isInstanceOf(ModelLoadException.class);
    }
    byte[] bad = good.clone();
    bad[3] = (byte) 0x7f; // root offset past the end
    assertThatThrownBy(() -> check(bad)).hasMessageContaining("points outside the file");
  }

  @Test
  void aConstantOrAnInputAsAGraphOutputIsRefused() {
    // The shape of a mutant that made XNNPACK abort: outputs [0, 1, 2] = the input and two weights.
    TfliteModelWriter g = new TfliteModelWriter();
    int a = g.tensor("a", TensorType.FLOAT32, SHAPE, false, null);
    int c = g.constantFloats("c", SHAPE, new float[6]);
    int sum = g.tensor("sum", TensorType.FLOAT32, SHAPE, false, null);
    g.op(BuiltinOperator.ADD, 1, null, new int[] {a, c}, new int[] {sum});
    g.inputs(a);
    g.outputs(sum, c);
    assertThatThrownBy(() -> check(g.build("constant out")))
        .hasMessageContaining("subgraphs[0].outputs[1] = 1 is a constant tensor");
    assertThatThrownBy(() -> check(add(null, 2, 0)))
        .hasMessageContaining("outputs[1] = 0 is also model.subgraphs[0].inputs[0]");
  }

  @Test
  void aGraphWithoutOutputsIsRefused() {
    // Found by the long mutant run (seed 2, mutant 1314): XNNPACK aborted on it.
    TfliteModelWriter g = new TfliteModelWriter();
    int a = g.tensor("a", TensorType.FLOAT32, SHAPE, false, null);
    int b = g.tensor("b", TensorType.FLOAT32, SHAPE, false, null);
    int sum = g.tensor("sum", TensorType.FLOAT32, SHAPE, false, null);
    g.op(BuiltinOperator.ADD, 1, null, new int[] {a, b}, new int[] {sum});
    g.inputs(a, b);
    assertThatThrownBy(() -> check(g.build("no outputs"))).hasMessageContaining("model.subgraphs[0] has no outputs");
  }
}
