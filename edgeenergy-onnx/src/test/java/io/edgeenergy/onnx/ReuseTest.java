package io.edgeenergy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeenergy.model.DType;
import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.model.Tensors;
import io.edgeenergy.onnx.internal.OrtTensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tensors are reused across runs, bound once, and shared between models; nothing leaks. */
class ReuseTest {
  private static final InferenceBackend ONNX = InferenceBackends.named("onnx");
  private static final long SEED = 11;

  private static float[] randomPixels(Random r) {
    float[] x = new float[64];
    for (int i = 0; i < 64; i++) {
      x[i] = r.nextInt(17) / 16f;
    }
    return x;
  }

  /**
   * Our side of a run allocates nothing once the tensors are bound; ONNX Runtime's Java layer still
   * allocates a few small arrays and a {@code Result} per call (measured ~0.5 KiB with 1 input and
   * 1 output on ORT 1.23.2). Fails if a run starts allocating per element or per byte of data.
   */
  @Test
  void aRunAllocatesOnlyOnnxRuntimesSmallFixedOverhead() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (Model m = ONNX.load(TestModels.logReg(SEED), "logreg", ModelOptions.defaults()); Tensors io = Tensors.of(m)) {
      Tensor[] in = io.inputs();
      Tensor[] out = io.outputs();
      for (int i = 0; i < 20_000; i++) {
        m.run(in, out);
      }
      long tid = Thread.currentThread().getId();
      int runs = 20_000;
      long before = threads.getThreadAllocatedBytes(tid);
      for (int i = 0; i < runs; i++) {
        m.run(in, out);
      }
      long perRun = (threads.getThreadAllocatedBytes(tid) - before) / runs;
      System.err.println("heap bytes allocated per run (ONNX Runtime Java layer): " + perRun);
      assertThat(perRun).isLessThan(1024);
    }
  }

  @Test
  void plainTensorsWorkAndGiveTheSameAnswer() {
    float[] x = randomPixels(new Random(2));
    try (Model m = ONNX.load(TestModels.logReg(SEED), "logreg", ModelOptions.defaults()); Tensors io = Tensors.of(m);
         Tensor plainIn = Tensor.allocate(m.signature().inputs().get(0));
         Tensor plainOut = Tensor.allocate(m.signature().outputs().get(0))) {
      assertThat(io.inputs()[0]).isInstanceOf(OrtTensor.class);
      assertThat(plainIn).isNotInstanceOf(OrtTensor.class);
      io.inputs()[0].put(x);
      plainIn.put(x);
      plainIn.bytes().position(17); // a moved position must not shift what the model reads

      m.run(io.inputs(), io.outputs());
      float[] expected = io.outputs()[0].get(new float[10]);
      m.run(new Tensor[] {plainIn}, new Tensor[] {plainOut});
      assertThat(plainOut.get(new float[10])).isEqualTo(expected);
      // Mixed, then swapping slots back and forth: each slot is rebound as needed.
      Tensor[][] ins = {{plainIn}, io.inputs()};
      Tensor[][] outs = {io.outputs(), {plainOut}};
      for (int i = 0; i < 50; i++) {
        Tensor[] o = outs[i % 2];
        o[0].floats().put(0, -1f);
        m.run(ins[(i / 2) % 2], o);
        assertThat(o[0].get(new float[10])).isEqualTo(expected);
      }
      assertThat(TestModels.logRegReference(SEED, x)[4]).isCloseTo(expected[4], within(1e-5f));
    }
  }

  @Test
  void anotherModelsOutputIsUsedInPlaceAsInput() {
    // first: x[2,3] -> copy, changed (= 2x); second: x[2,3] -> copy, changed (= 2x again).
    try (Model first = ONNX.load(TestModels.copyAndChange(DType.FLOAT32), "first", ModelOptions.defaults());
         Model second = ONNX.load(TestModels.copyAndChange(DType.FLOAT32), "second", ModelOptions.defaults());
         Tensors a = Tensors.of(first); Tensors b = Tensors.of(second)) {
      Tensor doubled = a.outputs()[1];
      assertThat(doubled).isInstanceOf(OrtTensor.class);
      for (int round = 1; round <= 3; round++) {
        for (int i = 0; i < 6; i++) {
          a.inputs()[0].floats().put(i, i * round);
        }
        first.run(a.inputs(), a.outputs());
        second.run(new Tensor[] {doubled}, b.outputs());
        for (int i = 0; i < 6; i++) {
          assertThat(b.outputs()[1].floats().get(i)).isEqualTo(4f * i * round);
        }
      }
    }
  }

  @Test
  void loadingRunningAndClosingTwoHundredTimesLeaksNothingVisible() throws IOException {
    byte[] bytes = TestModels.logReg(SEED);
    float[] x = randomPixels(new Random(4));
    float[] expected = null;
    long rssBefore = 0;
    for (int i = 0; i < 200; i++) {
      if (i == 20) {
        rssBefore = rssKiB();
      }
      try (Model m = ONNX.load(bytes, "logreg-" + i, ModelOptions.defaults()); Tensors io = Tensors.of(m);
           Tensor plain = Tensor.allocate(TensorSpec.of("x", DType.FLOAT32, 1, 64))) {
        plain.put(x);
        m.run(new Tensor[] {plain}, io.outputs()); // a model-owned view over the plain tensor
        float[] got = io.outputs()[0].get(new float[10]);
        if (expected == null) {
          expected = got;
        }
        assertThat(got).isEqualTo(expected);
      }
    }
    long growth = rssKiB() - rssBefore;
    System.err.println("RSS growth over 180 load/run/close cycles: " + growth + " KiB");
    if (rssBefore > 0) {
      assertThat(growth).as("RSS growth in KiB").isLessThan(64 * 1024);
    }
  }

  /** Resident set size from /proc (0 where there is no /proc). */
  private static long rssKiB() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return 0;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }
}
