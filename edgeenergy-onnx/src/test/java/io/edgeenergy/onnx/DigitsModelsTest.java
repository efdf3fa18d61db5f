package io.edgeenergy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.model.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real digits models of {@code models/digits} (written by {@code models/train_digits.py}):
 * signatures, probabilities, the exact test-split accuracy that {@code metrics.json} reports, and
 * early-exit segments chained tensor-to-tensor reproducing the monolithic model.
 */
class DigitsModelsTest {
  private static final InferenceBackend ONNX = InferenceBackends.named("onnx");
  private static final TensorSpec X = TensorSpec.of("x", DType.FLOAT32, -1, 64);
  private static final TensorSpec PROBS = TensorSpec.of("probs", DType.FLOAT32, -1, 10);

  private static DigitsData.Rows rows;
  private static int[] test;

  @BeforeAll
  static void data() {
    assumeThat(DigitsData.dir()).as("models/digits not generated yet").isNotNull();
    rows = DigitsData.rows();
    test = DigitsData.testIndices();
  }

  private static Path model(String file) {
    Path p = DigitsData.model(file);
    assumeThat(p).as(file + " not generated yet").isNotNull();
    return p;
  }

  private static int argmax(Tensor t, int row) {
    int best = 0;
    for (int j = 1; j < 10; j++) {
      if (t.floats().get(row * 10 + j) > t.floats().get(row * 10 + best)) {
        best = j;
      }
    }
    return best;
  }

  @Test
  void tinyAndBigTakePixelsAndGiveProbabilities() {
    for (String file : List.of("digits_tiny_logreg.onnx", "digits_big_mlp.onnx")) {
      try (Model m = ONNX.load(model(file), ModelOptions.defaults()); Tensors io = Tensors.of(m)) {
        assertThat(m.name()).isEqualTo(file);
        assertThat(m.signature()).isEqualTo(new Signature(List.of(X), List.of(PROBS)));
        assertThat(m.executionProvider()).isEqualTo("CPU");
        for (int r = 0; r < 200; r++) {
          io.inputs()[0].put(rows.pixels()[r]);
          m.run(io.inputs(), io.outputs());
          double sum = 0;
          for (int j = 0; j < 10; j++) {
            float p = io.outputs()[0].floats().get(j);
            assertThat(p).isBetween(0f, 1f);
            sum += p;
          }
          assertThat(sum).as("%s row %d", file, r).isCloseTo(1.0, within(1e-5));
        }
      }
    }
  }

  @Test
  void segmentsChainHiddenToHidden() {
    List<Path> segments = DigitsData.segments();
    assumeThat(segments).as("no digits_exit_seg*.onnx yet").isNotEmpty();
    for (int k = 0; k < segments.size(); k++) {
      try (Model m = ONNX.load(segments.get(k), ModelOptions.defaults())) {
        Signature s = m.signature();
        boolean last = k == segments.size() - 1 && segments.size() > 1;
        assertThat(s.inputs()).hasSize(1);
        assertThat(s.inputs().get(0).name()).isEqualTo(k == 0 ? "x" : "hidden");
        if (k == 0) {
          assertThat(s.inputs().get(0)).isEqualTo(X);
        }
        if (last) {
          assertThat(s.outputs()).containsExactly(PROBS);
        } else {
          assertThat(s.outputs()).hasSize(2);
          assertThat(s.outputs().get(0).name()).isEqualTo("hidden");
          assertThat(s.outputs().get(0).dim(0)).isEqualTo(-1);
          assertThat(s.outputs().get(1)).isEqualTo(PROBS);
        }
      }
    }
  }

  /** Top-1 correct on the test split must equal what metrics.json says, row for row in count. */
  @Test
  void testSplitAccuracyMatchesMetricsJson() {
    JsonObject metrics = DigitsData.metrics();
    assumeThat(metrics).as("metrics.json not written yet").isNotNull();
    List<JsonObject> records = new ArrayList<>();
    records.add(metrics.getAsJsonObject("tiny"));
    records.add(metrics.getAsJsonObject("big"));
    if (metrics.has("big_int8")) {
      records.add(metrics.getAsJsonObject("big_int8"));
    }
    if (metrics.has("exit_segments")) {
      for (JsonElement e : metrics.getAsJsonArray("exit_segments")) {
        records.add(e.getAsJsonObject());
      }
    }
    for (JsonObject record : records) {
      String file = record.get("file").getAsString();
      int expected = (int) Math.round(record.get("test_accuracy").getAsDouble() * test.length);
      int correct = file.startsWith("digits_exit_seg") ? segmentTestCorrect(file) : batchTestCorrect(file);
      assertThat(correct).as("%s: correct on %d test rows", file, test.length).isEqualTo(expected);
    }
  }

  /** The whole test split as one batch through a plain tensor (dynamic batch dimension). */
  private int batchTestCorrect(String file) {
    try (Model m = ONNX.load(model(file), ModelOptions.defaults());
         Tensor x = Tensor.allocate(X.withShape(test.length, 64));
         Tensor probs = Tensor.allocate(PROBS.withShape(test.length, 10))) {
      for (int i = 0; i < test.length; i++) {
        x.floats().put(i * 64, rows.pixels()[test[i]]);
      }
      m.run(new Tensor[] {x}, new Tensor[] {probs});
      int correct = 0;
      for (int i = 0; i < test.length; i++) {
        correct += argmax(probs, i) == rows.labels()[test[i]] ? 1 : 0;
      }
      return correct;
    }
  }

  /**
   * The quantized big model (models/quantize_digits_onnx.py) through ONNX Runtime's integer
   * kernels: same signature as float32, at most 0.5 accuracy points lost on the test split, the
   * same answer as float32 on at least 99 % of test images, and under a third of the file size.
   */
  @Test
  void int8BigModelKeepsTheFloatModelsAnswers() throws Exception {
    Path int8 = model("digits_big_mlp_int8.onnx");
    Path fp32 = model("digits_big_mlp.onnx");
    int agree = 0;
    int int8Correct = 0;
    int fp32Correct = 0;
    try (Model q = ONNX.load(int8, ModelOptions.defaults()); Tensors qio = Tensors.of(q);
         Model f = ONNX.load(fp32, ModelOptions.defaults()); Tensors fio = Tensors.of(f)) {
      assertThat(q.signature()).isEqualTo(f.signature());
      for (int row : test) {
        qio.inputs()[0].put(rows.pixels()[row]);
        fio.inputs()[0].put(rows.pixels()[row]);
        q.run(qio.inputs(), qio.outputs());
        f.run(fio.inputs(), fio.outputs());
        int qTop = argmax(qio.outputs()[0], 0);
        int fTop = argmax(fio.outputs()[0], 0);
        agree += qTop == fTop ? 1 : 0;
        int8Correct += qTop == rows.labels()[row] ? 1 : 0;
        fp32Correct += fTop == rows.labels()[row] ? 1 : 0;
      }
    }
    assertThat(100.0 * (fp32Correct - int8Correct) / test.length).as("accuracy points lost by int8").isLessThanOrEqualTo(0.5);
    assertThat(agree).as("test images where int8 and fp32 agree").isGreaterThanOrEqualTo((int) Math.ceil(0.99 * test.length));
    assertThat(Files.size(int8)).isLessThan(Files.size(fp32) / 3);
  }

  /** Exit k's accuracy: run segments 1..k row by row, each fed the previous one's hidden tensor. */
  private int segmentTestCorrect(String file) {
    List<Path> segments = DigitsData.segments();
    int k = Integer.parseInt(file.replaceAll("[^0-9]", ""));
    List<Model> models = new ArrayList<>();
    List<Tensors> ios = new ArrayList<>();
    try {
      for (int i = 0; i < k; i++) {
        Model m = ONNX.load(segments.get(i), ModelOptions.defaults());
        models.add(m);
        ios.add(Tensors.of(m));
      }
      int correct = 0;
      for (int row : test) {
        ios.get(0).inputs()[0].put(rows.pixels()[row]);
        Tensor[] in = ios.get(0).inputs();
        for (int i = 0; i < k; i++) {
          models.get(i).run(in, ios.get(i).outputs());
          in = new Tensor[] {ios.get(i).outputs()[0]};
        }
        Tensor[] out = ios.get(k - 1).outputs();
        correct += argmax(out[out.length - 1], 0) == rows.labels()[row] ? 1 : 0;
      }
      return correct;
    } finally {
      ios.forEach(Tensors::close);
      models.forEach(Model::close);
    }
  }

  /**
   * Feeding segment k's {@code hidden} output tensor, in place, as segment k+1's input reproduces
   * the big model's probabilities (the last segment is the big model's tail).
   */
  @Test
  void chainedSegmentsEqualTheMonolithicModel() {
    List<Path> segments = DigitsData.segments();
    assumeThat(segments.size()).as("need at least two digits_exit_seg*.onnx").isGreaterThanOrEqualTo(2);
    List<Model> models = new ArrayList<>();
    List<Tensors> ios = new ArrayList<>();
    try (Model big = ONNX.load(model("digits_big_mlp.onnx"), ModelOptions.defaults()); Tensors bigIo = Tensors.of(big)) {
      for (Path p : segments) {
        Model m = ONNX.load(p, ModelOptions.defaults());
        models.add(m);
        ios.add(Tensors.of(m));
      }
      // Bind once: each segment's input array holds the previous segment's hidden output tensor.
      Tensor[][] inputs = new Tensor[segments.size()][];
      inputs[0] = ios.get(0).inputs();
      for (int k = 1; k < segments.size(); k++) {
        inputs[k] = new Tensor[] {ios.get(k - 1).outputs()[models.get(k - 1).signature().outputIndex("hidden")]};
      }
      Tensor lastProbs = ios.get(segments.size() - 1).outputs()[0];
      double maxDiff = 0;
      for (int row : test) {
        float[] x = rows.pixels()[row];
        ios.get(0).inputs()[0].put(x);
        for (int k = 0; k < segments.size(); k++) {
          models.get(k).run(inputs[k], ios.get(k).outputs());
        }
        bigIo.inputs()[0].put(x);
        big.run(bigIo.inputs(), bigIo.outputs());
        for (int j = 0; j < 10; j++) {
          maxDiff = Math.max(maxDiff, Math.abs(lastProbs.floats().get(j) - bigIo.outputs()[0].floats().get(j)));
        }
        assertThat(argmax(lastProbs, 0)).isEqualTo(argmax(bigIo.outputs()[0], 0));
      }
      assertThat(maxDiff).as("max |chained - big| over the test split").isLessThan(1e-5);
    } finally {
      ios.forEach(Tensors::close);
      models.forEach(Model::close);
    }
  }
}
