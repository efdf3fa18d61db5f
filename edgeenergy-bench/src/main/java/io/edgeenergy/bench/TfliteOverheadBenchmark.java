package io.edgeenergy.bench;

import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensors;
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
 * One inference of the same .tflite model two ways, to price the TFLite backend's layer:
 * <ul>
 *   <li>{@code rawInvoke}: JavaCPP's TensorFlow Lite as users write it without the SDK: one
 *       interpreter (1 thread, default XNNPACK delegate), the input copied into the interpreter's
 *       input tensor through a {@code FloatPointer} obtained once, {@code Interpreter.Invoke()}, one
 *       output value read;
 *   <li>{@code backend}: the same through our {@link Model#run} with the model's own tensors (zero
 *       copy: the interpreter reads and writes the tensors' memory), the input copied in with
 *       {@code Tensor.put}.
 * </ul>
 * Both copy the 64 input floats and read one output, so the difference is the backend's check and
 * binding loop. Run with {@code -prof gc}: the backend's line must show 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TfliteOverheadBenchmark {
  @Param({"tiny", "big"})
  public String model;

  private final float[] input = BenchModels.input();

  private RawTflite raw;
  private Model sdkModel;
  private Tensors tensors;

  @Setup(Level.Trial)
  public void setUp() {
    sdkModel = InferenceBackends.load(BenchModels.tfliteFile(model), ModelOptions.builder().intraOpThreads(1).build());
    tensors = Tensors.of(sdkModel);
    raw = new RawTflite(BenchModels.tfliteFile(model));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tensors.close();
    sdkModel.close();
    raw.close();
  }

  @Benchmark
  public float rawInvoke() {
    return raw.invoke(input);
  }

  @Benchmark
  public float backend() {
    return BenchModels.run(sdkModel, tensors, input);
  }
}
