package io.edgeenergy.bench;

import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensors;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
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

  private FlatBufferModel rawModel;
  private BuiltinOpResolver rawResolver;
  private Interpreter interpreter;
  private FloatPointer rawIn;
  private FloatPointer rawOut;

  private Model sdkModel;
  private Tensors tensors;

  @Setup(Level.Trial)
  public void setUp() {
    sdkModel = InferenceBackends.load(BenchModels.tfliteFile(model), ModelOptions.builder().intraOpThreads(1).build());
    tensors = Tensors.of(sdkModel);

    rawModel = FlatBufferModel.VerifyAndBuildFromFile(BenchModels.tfliteFile(model).toString());
    rawResolver = new BuiltinOpResolver();
    interpreter = new Interpreter((Pointer) null);
    try (InterpreterBuilder builder = new InterpreterBuilder(rawModel, rawResolver)) {
      builder.SetNumThreads(1);
      check(builder.apply(interpreter), "build");
    }
    check(interpreter.AllocateTensors(), "allocate");
    rawIn = interpreter.typed_input_tensor_float(0);
    rawOut = interpreter.typed_output_tensor_float(0);
  }

  private static void check(int status, String what) {
    if (status != 0) {
      throw new IllegalStateException("TensorFlow Lite " + what + " failed: status " + status);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tensors.close();
    sdkModel.close();
    interpreter.close();
    rawResolver.close();
    rawModel.close();
  }

  @Benchmark
  public float rawInvoke() {
    rawIn.put(input);
    check(interpreter.Invoke(), "invoke");
    return rawOut.get(0);
  }

  @Benchmark
  public float backend() {
    tensors.inputs()[0].put(input);
    sdkModel.run(tensors.inputs(), tensors.outputs());
    return tensors.outputs()[0].floats().get(0);
  }
}
