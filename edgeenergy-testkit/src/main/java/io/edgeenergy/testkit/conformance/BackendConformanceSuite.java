package io.edgeenergy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.model.DType;
import io.edgeenergy.model.InferenceBackend;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelClosedException;
import io.edgeenergy.model.ModelLoadException;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.model.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link InferenceBackend} must do, as one JUnit 5 suite a backend's tests subclass:
 * loading (by the backend and by {@link InferenceBackends}), the signature, exact values of every
 * {@link DType} (extremes, NaN and infinities), reuse of tensors across runs, concurrent runs on
 * separate models, and the SDK's exception types for every misuse.
 *
 * <pre>{@code
 * class OnnxConformanceTest extends BackendConformanceSuite {
 *   protected InferenceBackend backend() { return InferenceBackends.named("onnx"); }
 *   protected Path writeModel(ConformanceModel model, Path dir) throws IOException {
 *     return Files.write(dir.resolve(model.name().toLowerCase() + ".onnx"), bytesOf(model));
 *   }
 * }
 * }</pre>
 *
 * <p>Error messages must name what is wrong: a {@link TensorMismatchException} names the model and
 * the offending tensor's spec ({@link TensorSpec#toString()}, e.g. {@code x:INT32[2, 3]}), a
 * {@link ModelLoadException} the file name (or the label of a byte array), a
 * {@link ModelClosedException} from {@code run} the model.
 *
 * <p>The suite uses only the SPI ({@link InferenceBackend}, {@link Model}, {@link Tensor}); a failure
 * here is a backend that breaks the contract callers rely on, not a detail of one backend.
 */
public abstract class BackendConformanceSuite {
  /** Runs for the reuse test; enough to catch stale bindings and buffers without being slow. */
  private static final int REUSE_RUNS = 1_000;
  private static final int THREADS = 4;
  private static final int RUNS_PER_THREAD = 300;

  /** Files the suite writes; fresh for every test. */
  @TempDir
  protected Path dir;

  /** The backend under test. */
  protected abstract InferenceBackend backend();

  /** Writes this backend's file for {@code model} into {@code dir}; returns its path. */
  protected abstract Path writeModel(ConformanceModel model, Path dir) throws Exception;

  /** {@code model} written by {@link #writeModel} and loaded by the backend with default options. */
  protected Model load(ConformanceModel model) throws Exception {
    return backend().load(writeModel(model, dir), ModelOptions.defaults());
  }

  private String extension() {
    return backend().fileExtensions().iterator().next();
  }

  // ---- loading ----

  @Test
  void backendIsAvailableAndFoundByNameAndExtension() {
    InferenceBackend b = backend();
    assertThat(b.availability().available()).as("availability: %s", b.availability()).isTrue();
    assertThat(b.fileExtensions()).isNotEmpty().allSatisfy(ext -> assertThat(ext).isLowerCase().doesNotContain("."));
    assertThat(InferenceBackends.named(b.name())).isInstanceOf(b.getClass());
    for (String ext : b.fileExtensions()) {
      assertThat(InferenceBackends.forFile(Path.of("model." + ext))).isInstanceOf(b.getClass());
    }
  }

  @Test
  void loadsAFileNamedAfterIt() throws Exception {
    Path file = writeModel(ConformanceModel.ADD_FLOAT32, dir);
    assertThat(file).isRegularFile();
    try (Model m = backend().load(file, ModelOptions.defaults())) {
      assertThat(m.name()).isEqualTo(file.getFileName().toString());
      assertThat(m.backend()).isNotBlank();
      assertThat(m.executionProvider()).isNotBlank();
      assertAdds(m);
    }
    try (Model m = InferenceBackends.load(file)) {
      assertThat(m.name()).isEqualTo(file.getFileName().toString());
      assertThat(m.signature()).isEqualTo(ConformanceModel.ADD_FLOAT32.signature());
      assertAdds(m);
    }
    try (Model m = backend().load(file, ModelOptions.builder().name("tier0").build())) {
      assertThat(m.name()).isEqualTo("tier0");
    }
  }

  @Test
  void loadsFromBytes() throws Exception {
    byte[] bytes = Files.readAllBytes(writeModel(ConformanceModel.ADD_FLOAT32, dir));
    try (Model m = backend().load(bytes, "from-bytes", ModelOptions.defaults())) {
      assertThat(m.name()).isEqualTo("from-bytes");
      assertThat(m.signature()).isEqualTo(ConformanceModel.ADD_FLOAT32.signature());
      assertAdds(m);
    }
  }

  @ParameterizedTest
  @EnumSource(ConformanceModel.class)
  void reportsTheSignature(ConformanceModel model) throws Exception {
    try (Model m = load(model); Tensors io = Tensors.of(m)) {
      assertThat(m.signature().inputs()).containsExactlyElementsOf(model.signature().inputs());
      assertThat(m.signature().outputs()).containsExactlyElementsOf(model.signature().outputs());
      assertThat(specs(io.inputs())).containsExactlyElementsOf(model.signature().inputs());
      assertThat(specs(io.outputs())).containsExactlyElementsOf(model.signature().outputs());
    }
  }

  // ---- values ----

  @ParameterizedTest
  @EnumSource(value = ConformanceModel.class, names = "PASS_.*", mode = EnumSource.Mode.MATCH_ALL)
  void passesEveryValueOfItsDtypeThrough(ConformanceModel model) throws Exception {
    try (Model m = load(model); Tensors io = Tensors.of(m)) {
      for (int round = 0; round < 2; round++) {
        Object values = Values.of(model.dtype(), round);
        Values.write(io.inputs()[0], values);
        m.run(io.inputs(), io.outputs());
        Values.assertEqual(io.outputs()[0], values, model + " round " + round);
      }
    }
  }

  @Test
  void addsFloats() throws Exception {
    try (Model m = load(ConformanceModel.ADD_FLOAT32)) {
      assertAdds(m);
    }
  }

  @Test
  void reusesTensorsAcrossManyRunsWithChangingInputs() throws Exception {
    try (Model m = load(ConformanceModel.ADD_FLOAT32); Tensors io = Tensors.of(m)) {
      Tensor a = io.inputs()[0];
      Tensor b = io.inputs()[1];
      Tensor sum = io.outputs()[0];
      for (int run = 0; run < REUSE_RUNS; run++) {
        fillAdd(a, b, run);
        m.run(io.inputs(), io.outputs());
        assertSum(sum, run, "run " + run);
      }
    }
  }

  @Test
  void alternatingTensorSetsEachGetTheirOwnAnswer() throws Exception {
    try (Model m = load(ConformanceModel.ADD_FLOAT32); Tensors one = Tensors.of(m); Tensors two = Tensors.of(m)) {
      fillAdd(one.inputs()[0], one.inputs()[1], 1);
      fillAdd(two.inputs()[0], two.inputs()[1], 2);
      for (int i = 0; i < 20; i++) {
        Tensors io = i % 2 == 0 ? one : two;
        m.run(io.inputs(), io.outputs());
      }
      assertSum(one.outputs()[0], 1, "first set");
      assertSum(two.outputs()[0], 2, "second set");
      // Mixing a tensor of each set in one call.
      m.run(new Tensor[] {one.inputs()[0], two.inputs()[1]}, one.outputs());
      for (int i = 0; i < 6; i++) {
        assertThat(one.outputs()[0].floats().get(i)).isEqualTo(addA(1, i) + addB(2, i));
      }
    }
  }

  @Test
  void plainTensorsFromTensorAllocateWork() throws Exception {
    try (Model m = load(ConformanceModel.ADD_FLOAT32);
         Tensor a = Tensor.allocate(m.signature().inputs().get(0));
         Tensor b = Tensor.allocate(m.signature().inputs().get(1));
         Tensor sum = Tensor.allocate(m.signature().outputs().get(0))) {
      for (int run = 0; run < 3; run++) {
        fillAdd(a, b, run);
        a.bytes().position(5); // a caller's buffer position must not shift what the model reads
        m.run(new Tensor[] {a, b}, new Tensor[] {sum});
        assertSum(sum, run, "plain tensors, run " + run);
      }
    }
  }

  @Test
  void runsConcurrentlyOnSeparateModels() throws Exception {
    Path file = writeModel(ConformanceModel.ADD_FLOAT32, dir);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch loaded = new CountDownLatch(THREADS);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Callable<Integer> task = () -> {
          try (Model m = backend().load(file, ModelOptions.defaults()); Tensors io = Tensors.of(m)) {
            loaded.countDown();
            loaded.await(30, TimeUnit.SECONDS); // all threads run at the same time
            for (int run = 0; run < RUNS_PER_THREAD; run++) {
              int key = thread * 10_000 + run;
              fillAdd(io.inputs()[0], io.inputs()[1], key);
              m.run(io.inputs(), io.outputs());
              assertSum(io.outputs()[0], key, "thread " + thread + ", run " + run);
            }
            return RUNS_PER_THREAD;
          }
        };
        results.add(pool.submit(task));
      }
      int runs = 0;
      for (Future<Integer> f : results) {
        runs += f.get(120, TimeUnit.SECONDS);
      }
      assertThat(runs).isEqualTo(THREADS * RUNS_PER_THREAD);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- misuse ----

  @Test
  void unknownInputNameIsATensorMismatchListingTheInputs() throws Exception {
    try (Model m = load(ConformanceModel.ADD_FLOAT32)) {
      assertThatThrownBy(() -> m.signature().inputIndex("pixels"))
          .isInstanceOf(TensorMismatchException.class)
          .hasMessageContaining("'pixels'")
          .hasMessageContaining("a:FLOAT32[2, 3]")
          .hasMessageContaining("b:FLOAT32[2, 3]");
      assertThatThrownBy(() -> m.signature().output("probs")).isInstanceOf(TensorMismatchException.class);
      assertThat(m.signature().inputIndex("b")).isEqualTo(1);
      assertThat(m.signature().outputIndex("sum")).isZero();
    }
  }

  @Test
  void wrongInputShapeIsATensorMismatch() throws Exception {
    try (Model m = load(ConformanceModel.PASS_FLOAT32); Tensors io = Tensors.of(m)) {
      for (long[] shape : new long[][] {{3, 2}, {6}, {1, 2, 3}, {2, 4}}) {
        try (Tensor x = Tensor.allocate(TensorSpec.of("x", DType.FLOAT32, shape))) {
          assertThatThrownBy(() -> m.run(new Tensor[] {x}, io.outputs()))
              .as("input of shape %s", Arrays.toString(shape))
              .isInstanceOf(TensorMismatchException.class)
              .hasMessageContaining(m.name())
              .hasMessageContaining(x.spec().toString());
        }
      }
      assertStillRuns(m, io);
    }
  }

  @Test
  void wrongInputDtypeIsATensorMismatch() throws Exception {
    // Same byte size as the expected dtype, so only the dtype check can catch it.
    assertWrongDtype(ConformanceModel.PASS_FLOAT32, DType.INT32);
    assertWrongDtype(ConformanceModel.PASS_INT8, DType.UINT8);
    assertWrongDtype(ConformanceModel.PASS_UINT8, DType.BOOL);
    assertWrongDtype(ConformanceModel.PASS_INT64, DType.FLOAT32);
  }

  private void assertWrongDtype(ConformanceModel model, DType wrong) throws Exception {
    try (Model m = load(model); Tensors io = Tensors.of(m);
         Tensor x = Tensor.allocate(TensorSpec.of("x", wrong, model.shape()))) {
      assertThatThrownBy(() -> m.run(new Tensor[] {x}, io.outputs()))
          .as("%s fed %s", model, wrong)
          .isInstanceOf(TensorMismatchException.class)
          .hasMessageContaining(m.name())
          .hasMessageContaining(x.spec().toString());
      assertStillRuns(m, io);
    }
  }

  @Test
  void wrongOutputShapeOrDtypeIsATensorMismatch() throws Exception {
    try (Model m = load(ConformanceModel.PASS_FLOAT32); Tensors io = Tensors.of(m);
         Tensor small = Tensor.allocate(TensorSpec.of("y", DType.FLOAT32, 2, 2));
         Tensor ints = Tensor.allocate(TensorSpec.of("y", DType.INT32, 2, 3))) {
      for (Tensor y : new Tensor[] {small, ints}) {
        assertThatThrownBy(() -> m.run(io.inputs(), new Tensor[] {y}))
            .as("output %s", y.spec())
            .isInstanceOf(TensorMismatchException.class)
            .hasMessageContaining(m.name())
            .hasMessageContaining(y.spec().toString());
      }
      assertStillRuns(m, io);
    }
  }

  @Test
  void missingOrExtraTensorsAreATensorMismatch() throws Exception {
    try (Model m = load(ConformanceModel.ADD_FLOAT32); Tensors io = Tensors.of(m)) {
      Tensor a = io.inputs()[0];
      Tensor b = io.inputs()[1];
      Tensor[][] badInputs = {{a}, {}, {a, null}, {null, b}, {a, b, b}};
      for (Tensor[] in : badInputs) {
        assertThatThrownBy(() -> m.run(in, io.outputs()))
            .as("inputs %s", Arrays.toString(in))
            .isInstanceOf(TensorMismatchException.class)
            .hasMessageContaining(m.name());
      }
      assertThatThrownBy(() -> m.run(io.inputs(), new Tensor[0])).isInstanceOf(TensorMismatchException.class);
      assertThatThrownBy(() -> m.run(io.inputs(), new Tensor[1])).isInstanceOf(TensorMismatchException.class);
      fillAdd(a, b, 7);
      m.run(io.inputs(), io.outputs());
      assertSum(io.outputs()[0], 7, "after the bad calls");
    }
  }

  @Test
  void runAfterCloseIsModelClosed() throws Exception {
    Model m = load(ConformanceModel.ADD_FLOAT32);
    try (Tensors io = Tensors.of(m)) {
      m.run(io.inputs(), io.outputs());
      m.close();
      assertThatThrownBy(() -> m.run(io.inputs(), io.outputs()))
          .isInstanceOf(ModelClosedException.class)
          .hasMessageContaining(m.name());
      assertThatThrownBy(m::newInputs).isInstanceOf(ModelClosedException.class);
      assertThatThrownBy(m::newOutputs).isInstanceOf(ModelClosedException.class);
      assertThatThrownBy(m::signature).isInstanceOf(ModelClosedException.class);
      assertThatThrownBy(m::executionProvider).isInstanceOf(ModelClosedException.class);
      assertThat(m.name()).isNotBlank();                         // still answer, for logs
      assertThat(m.backend()).isNotBlank();
    }
  }

  @Test
  void closingTwiceIsHarmless() throws Exception {
    Model m = load(ConformanceModel.PASS_INT32);
    Tensors io = Tensors.of(m);
    m.run(io.inputs(), io.outputs());
    m.close();
    assertThatCode(m::close).doesNotThrowAnyException();
    io.close();
    assertThatCode(io::close).doesNotThrowAnyException();
    assertThat(io.inputs()[0].isClosed()).isTrue();
  }

  @Test
  void aClosedTensorIsModelClosed() throws Exception {
    try (Model m = load(ConformanceModel.ADD_FLOAT32); Tensors io = Tensors.of(m)) {
      m.run(io.inputs(), io.outputs()); // a backend that caches bindings must still see the close
      io.inputs()[1].close();
      assertThatThrownBy(() -> m.run(io.inputs(), io.outputs())).isInstanceOf(ModelClosedException.class);
      Tensor[] fresh = m.newInputs();
      try {
        io.outputs()[0].close();
        assertThatThrownBy(() -> m.run(fresh, io.outputs())).isInstanceOf(ModelClosedException.class);
      } finally {
        for (Tensor t : fresh) {
          t.close();
        }
      }
    }
  }

  @Test
  void missingFileIsAModelLoadExceptionNamingIt() {
    Path file = dir.resolve("no-such-model." + extension());
    assertThatThrownBy(() -> backend().load(file, ModelOptions.defaults()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no-such-model." + extension());
    assertThatThrownBy(() -> InferenceBackends.load(file))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no-such-model." + extension());
  }

  @Test
  void emptyFileIsAModelLoadExceptionNamingIt() throws Exception {
    Path file = Files.createFile(dir.resolve("empty." + extension()));
    assertThatThrownBy(() -> backend().load(file, ModelOptions.defaults()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("empty." + extension());
    assertThatThrownBy(() -> backend().load(new byte[0], "nothing", ModelOptions.defaults()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("nothing");
  }

  @Test
  void truncatedFileIsAModelLoadExceptionNamingIt() throws Exception {
    byte[] whole = Files.readAllBytes(writeModel(ConformanceModel.ADD_FLOAT32, dir));
    for (int cut : new int[] {whole.length / 2, 16}) {
      Path file = Files.write(dir.resolve("cut-" + cut + "." + extension()), Arrays.copyOf(whole, cut));
      assertThatThrownBy(() -> backend().load(file, ModelOptions.defaults()))
          .as("cut at %d of %d bytes", cut, whole.length)
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("cut-" + cut + "." + extension());
    }
  }

  @Test
  void garbageIsAModelLoadExceptionNamingIt() throws Exception {
    byte[] garbage = new byte[4096];
    new Random(1).nextBytes(garbage);
    Path file = Files.write(dir.resolve("garbage." + extension()), garbage);
    assertThatThrownBy(() -> backend().load(file, ModelOptions.defaults()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("garbage." + extension());
    assertThatThrownBy(() -> InferenceBackends.load(file))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("garbage." + extension());
    assertThatThrownBy(() -> backend().load(garbage, "noise", ModelOptions.defaults()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("noise");
  }

  // ---- helpers ----

  private static List<TensorSpec> specs(Tensor[] tensors) {
    List<TensorSpec> specs = new ArrayList<>();
    for (Tensor t : tensors) {
      assertThat(t.isClosed()).isFalse();
      specs.add(t.spec());
    }
    return specs;
  }

  private static float addA(int key, int i) {
    return key * 0.5f + i;
  }

  private static float addB(int key, int i) {
    return -3.25f * i + (key % 7);
  }

  /** Values whose sums are exact in float32. */
  private static void fillAdd(Tensor a, Tensor b, int key) {
    for (int i = 0; i < 6; i++) {
      a.floats().put(i, addA(key, i));
      b.floats().put(i, addB(key, i));
    }
  }

  private static void assertSum(Tensor sum, int key, String what) {
    for (int i = 0; i < 6; i++) {
      float expected = addA(key, i) + addB(key, i);
      float actual = sum.floats().get(i);
      if (actual != expected) { // plain check first: this runs thousands of times
        assertThat(actual).as("%s: sum[%d]", what, i).isEqualTo(expected);
      }
    }
  }

  private static void assertAdds(Model m) {
    try (Tensors io = Tensors.of(m)) {
      float[] a = {1, 2, 3, -4, 0.5f, 1e30f};
      float[] b = {10, 20, 30, 4, Float.NaN, 1e30f};
      io.inputs()[m.signature().inputIndex("a")].put(a);
      io.inputs()[m.signature().inputIndex("b")].put(b);
      m.run(io.inputs(), io.outputs());
      float[] sum = io.outputs()[0].get(new float[6]);
      assertThat(sum).containsExactly(11, 22, 33, 0, Float.NaN, 2e30f);
    }
  }

  private static void assertStillRuns(Model m, Tensors io) {
    assertThatCode(() -> m.run(io.inputs(), io.outputs())).as("the model still runs after a bad call")
        .doesNotThrowAnyException();
  }

  /** Known values of each dtype: its extremes and special values in round 0, ordinary ones in round 1. */
  private static final class Values {
    private Values() {}

    static Object of(DType dtype, int round) {
      boolean extremes = round == 0;
      return switch (dtype) {
        case FLOAT32 -> extremes
            ? new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE,
                -Float.MIN_NORMAL, -0.0f}
            : new float[] {0, 1, -2.25f, 1e-3f, 3e30f, -Float.MAX_VALUE};
        case INT8 -> extremes ? new long[] {-128, 127, 0, -1, 1, -127} : new long[] {42, -42, 100, -100, 7, 3};
        case UINT8 -> extremes ? new long[] {0, 255, 128, 127, 1, 254} : new long[] {42, 200, 100, 17, 7, 3};
        case INT32 -> extremes
            ? new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 1, 1 << 24 | 1}
            : new long[] {123_456_789, -987_654_321, 65_536, -65_537, 7, 3};
        case INT64 -> extremes
            ? new long[] {Long.MIN_VALUE, Long.MAX_VALUE, (1L << 32) + 1, -(1L << 40) - 3, (1L << 53) + 1, 0}
            : new long[] {5_000_000_000L, -5_000_000_000L, 1L << 62, 4_294_967_296L, 7, 3};
        case BOOL -> extremes ? new long[] {1, 0, 1, 1, 0, 0} : new long[] {0, 1, 0, 0, 1, 1};
      };
    }

    static void write(Tensor t, Object values) {
      if (values instanceof float[] f) {
        t.put(f);
      } else {
        long[] l = (long[]) values;
        for (int i = 0; i < l.length; i++) {
          TensorValues.setLong(t, i, l[i]);
        }
      }
    }

    static void assertEqual(Tensor t, Object expected, String what) {
      if (expected instanceof float[] f) {
        float[] actual = t.get(new float[f.length]);
        for (int i = 0; i < f.length; i++) {
          if (Float.isNaN(f[i])) {
            assertThat(actual[i]).as("%s: y[%d]", what, i).isNaN();
          } else if (actual[i] != f[i]) { // == on purpose: -0.0 passed through as 0.0 is fine
            assertThat(actual[i]).as("%s: y[%d]", what, i).isEqualTo(f[i]);
          }
        }
      } else {
        long[] l = (long[]) expected;
        for (int i = 0; i < l.length; i++) {
          assertThat(TensorValues.getLong(t, i)).as("%s: y[%d]", what, i).isEqualTo(l[i]);
        }
      }
    }
  }
}
