package io.edgeenergy.bench;

import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensors;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * The big digits MLP as float32 and as its int8 version on both backends, one thread: ONNX Runtime
 * runs {@code digits_big_mlp_int8.onnx} (QDQ, fused by ORT into integer kernels), TensorFlow Lite
 * {@code digits_big_mlp_int8.tflite} on XNNPACK ({@code tflite}) or on its builtin kernels
 * ({@code tflite-builtin}, {@code xnnpack=false}). Time per inference without the demo's meter
 * reads: what quantization buys; compare the precisions within one backend and one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class Int8Benchmark {
  @Param({"onnx", "tflite", "tflite-builtin"})
  public String backend;

  @Param({"fp32", "int8"})
  public String precision;

  private final float[] input = BenchModels.input();
  private Model model;
  private Tensors tensors;

  @Setup(Level.Trial)
  public void setUp() {
    Path fp32 = backend.equals("onnx") ? BenchModels.file("big") : BenchModels.tfliteFile("big");
    String name = fp32.getFileName().toString();
    Path file = precision.equals("int8") ? fp32.resolveSibling(name.replace("_mlp.", "_mlp_int8.")) : fp32;
    ModelOptions.Builder options = ModelOptions.builder().intraOpThreads(1);
    if (backend.equals("tflite-builtin")) {
      options.backendOption("xnnpack", "false");
    }
    model = InferenceBackends.load(file, options.build());
    tensors = Tensors.of(model);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tensors.close();
    model.close();
  }

  @Benchmark
  public float run() {
    return BenchModels.run(model, tensors, input);
  }
}
