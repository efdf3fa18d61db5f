package io.edgeenergy.bench;

import io.edgeenergy.model.spi.BackendModel;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.model.Tensors;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the lifecycle guard of every native model ({@code BackendModel.run}: a CAS in, a CAS out,
 * a thread reference for messages) costs, next to the tiny digits model it protects:
 * <ul>
 *   <li>{@code guardOnly}: {@code run} on a model whose {@code invoke} does nothing but write a
 *       float, i.e. the guard plus a virtual call;
 *   <li>{@code tinyOnnx}, {@code tinyTflite}: {@code run} of the real 64→10 logistic regression,
 *       guard included.
 * </ul>
 * The guard's share of a tiny call is guardOnly / tiny*.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ModelGuardBenchmark {
  private Model empty;
  private Tensor[] emptyIn;
  private Tensor[] emptyOut;
  private Model onnx;
  private Tensors onnxIo;
  private Model tflite;
  private Tensors tfliteIo;

  /** The guard around nothing: the cheapest model a BackendModel can be. */
  static final class EmptyModel extends BackendModel {
    EmptyModel() {
      super("bench", "empty", new Signature(List.of(TensorSpec.of("x", DType.FLOAT32, 1)),
          List.of(TensorSpec.of("y", DType.FLOAT32, 1))), "CPU");
    }

    @Override
    protected Tensor newTensor(TensorSpec spec) {
      return Tensor.allocate(spec);
    }

    @Override
    protected void invoke(Tensor[] inputs, Tensor[] outputs) {
      outputs[0].floats().put(0, inputs[0].floats().get(0));
    }

    @Override
    protected void release() {}
  }

  @Setup(Level.Trial)
  public void setUp() {
    empty = new EmptyModel();
    emptyIn = empty.newInputs();
    emptyOut = empty.newOutputs();
    ModelOptions one = ModelOptions.builder().intraOpThreads(1).build();
    onnx = InferenceBackends.load(BenchModels.file("tiny"), one);
    onnxIo = Tensors.of(onnx);
    onnxIo.inputs()[0].put(BenchModels.input());
    tflite = InferenceBackends.load(BenchModels.tfliteFile("tiny"), one);
    tfliteIo = Tensors.of(tflite);
    tfliteIo.inputs()[0].put(BenchModels.input());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    onnxIo.close();
    onnx.close();
    tfliteIo.close();
    tflite.close();
    empty.close();
  }

  @Benchmark
  public void guardOnly(Blackhole bh) {
    empty.run(emptyIn, emptyOut);
    bh.consume(emptyOut[0].floats().get(0));
  }

  @Benchmark
  public void tinyOnnx(Blackhole bh) {
    onnx.run(onnxIo.inputs(), onnxIo.outputs());
    bh.consume(onnxIo.outputs()[0].floats().get(0));
  }

  @Benchmark
  public void tinyTflite(Blackhole bh) {
    tflite.run(tfliteIo.inputs(), tfliteIo.outputs());
    bh.consume(tfliteIo.outputs()[0].floats().get(0));
  }
}
