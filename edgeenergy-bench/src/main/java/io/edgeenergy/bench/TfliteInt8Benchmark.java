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
 * The big digits MLP through the TFLite backend as float32 and as the full-integer int8 model, on
 * XNNPACK (both graphs) or on TFLite's builtin kernels ({@code xnnpack=false}): what quantization
 * buys in time per inference, without the demo's meter reads. One thread, as the SDK's default.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TfliteInt8Benchmark {
  @Param({"fp32", "int8"})
  public String precision;

  @Param({"true", "false"})
  public boolean xnnpack;

  private final float[] input = BenchModels.input();
  private Model model;
  private Tensors tensors;

  @Setup(Level.Trial)
  public void setUp() {
    Path fp32 = BenchModels.tfliteFile("big");
    Path file = precision.equals("int8") ? fp32.resolveSibling("digits_big_mlp_int8.tflite") : fp32;
    model = InferenceBackends.load(file, ModelOptions.builder().intraOpThreads(1)
        .backendOption("xnnpack", Boolean.toString(xnnpack)).build());
    tensors = Tensors.of(model);
    System.err.println(precision + " xnnpack=" + xnnpack + " runs on " + model.executionProvider());
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
