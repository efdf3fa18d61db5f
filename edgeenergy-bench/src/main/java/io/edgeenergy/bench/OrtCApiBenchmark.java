package io.edgeenergy.bench;

import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_LOGGING_LEVEL_WARNING;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtArenaAllocator;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtMemTypeDefault;

import ai.onnxruntime.OrtException;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensors;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.onnxruntime.Env;
import org.bytedeco.onnxruntime.MemoryInfo;
import org.bytedeco.onnxruntime.RunOptions;
import org.bytedeco.onnxruntime.Session;
import org.bytedeco.onnxruntime.SessionOptions;
import org.bytedeco.onnxruntime.Value;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where ONNX Runtime Java's per-call floor goes: the same model and input through
 * <ul>
 *   <li>{@code javaPinned}: ORT Java 1.23.2 with pinned outputs (names resolved, a {@code String[]},
 *       a {@code long[]} and a {@code Result} with its map per call, one JNI transition);
 *   <li>{@code sdk}: our ONNX backend (ORT Java, pinned outputs, maps kept between calls);
 *   <li>{@code cApiPinned}: ORT's C++ API through the JavaCPP preset {@code org.bytedeco:onnxruntime}
 *       1.22.0: names, input and output {@code Value}s and {@code RunOptions} made once, then only
 *       {@code Session::Run} per call: what a second, C-API ONNX backend could reach.
 * </ul>
 * Each state loads only its own ONNX Runtime (ORT Java's and the preset's native libraries are
 * different builds), and JMH runs each benchmark in its own JVM. Sessions: 1 intra-op and 1
 * inter-op thread, no spinning. Run with {@code -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OrtCApiBenchmark {
  private static final float[] INPUT = BenchModels.input();

  /** ORT Java, raw and through our backend. */
  @State(Scope.Thread)
  public static class JavaApi {
    @Param({"tiny", "big"})
    public String model;
    RawOrt ort;
    Model sdk;
    Tensors tensors;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
      ort = new RawOrt(BenchModels.file(model));
      sdk = InferenceBackends.load(BenchModels.file(model), ModelOptions.defaults());
      tensors = Tensors.of(sdk);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
      tensors.close();
      sdk.close();
      ort.close();
    }
  }

  /** The C++ API through JavaCPP: everything but {@code Run} made once. */
  @State(Scope.Thread)
  public static class CApi {
    @Param({"tiny", "big"})
    public String model;
    Env env;
    SessionOptions options;
    Session session;
    MemoryInfo memory;
    FloatPointer in;
    FloatPointer out;
    Value inValue;
    Value outValue;
    PointerPointer<BytePointer> inNames;
    PointerPointer<BytePointer> outNames;
    RunOptions runOptions;

    @Setup(Level.Trial)
    public void setUp() {
      env = new Env(ORT_LOGGING_LEVEL_WARNING, "bench");
      options = new SessionOptions();
      options.SetIntraOpNumThreads(1);
      options.SetInterOpNumThreads(1);
      options.AddConfigEntry("session.intra_op.allow_spinning", "0");
      session = new Session(env, new BytePointer(BenchModels.file(model).toString()), options);
      memory = MemoryInfo.CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
      in = new FloatPointer(64);
      out = new FloatPointer(10);
      inValue = Value.CreateTensorFloat(memory.asOrtMemoryInfo(), in, 64, new LongPointer(1L, 64L), 2);
      outValue = Value.CreateTensorFloat(memory.asOrtMemoryInfo(), out, 10, new LongPointer(1L, 10L), 2);
      inNames = new PointerPointer<>("x");
      outNames = new PointerPointer<>("probs");
      runOptions = new RunOptions();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      for (var p : new org.bytedeco.javacpp.Pointer[] {runOptions, outNames, inNames, outValue, inValue, out, in,
          memory, session, options, env}) {
        p.close();
      }
    }
  }

  @Benchmark
  public float javaPinned(JavaApi s) throws OrtException {
    return s.ort.runPinned(INPUT);
  }

  @Benchmark
  public float sdk(JavaApi s) {
    return BenchModels.run(s.sdk, s.tensors, INPUT);
  }

  @Benchmark
  public float cApiPinned(CApi s) {
    s.in.put(INPUT);
    s.session.Run(s.runOptions, s.inNames, s.inValue, 1, s.outNames, s.outValue, 1);
    return s.out.get(0);
  }
}
