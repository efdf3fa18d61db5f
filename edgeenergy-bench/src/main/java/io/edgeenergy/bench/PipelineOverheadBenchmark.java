package io.edgeenergy.bench;

import ai.onnxruntime.OrtException;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensors;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.runtime.meter.EnergyMeters;
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
 * One inference of the same model five ways, to price each layer the SDK adds:
 * <ul>
 *   <li>{@code rawOrt}: plain ONNX Runtime Java as users write it (input tensor reused, outputs
 *       allocated by ORT and closed);
 *   <li>{@code rawOrtPinned}: ORT with pre-allocated (pinned) outputs, the cheapest raw call;
 *   <li>{@code backend}: our {@link Model#run} with reused tensors;
 *   <li>{@code pipelineFreeMeter}: a one-tier pipeline with a meter that costs nothing (the
 *       pipeline's own overhead: binding, ticker reads, scores, ledger);
 *   <li>{@code pipelineEstimatorEveryRun} / {@code pipelineEstimatorSampled}: with the CPU-time
 *       estimator read around every call, or around 1 call in 1000.
 * </ul>
 * Run with {@code -prof gc} to see bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PipelineOverheadBenchmark {
  @Param({"tiny", "big"})
  public String model;

  private final float[] input = BenchModels.input();

  private RawOrt ort;

  private Model sdkModel;
  private Tensors tensors;
  private EnergyMeter estimator;
  private TieredInferencePipeline<float[]> freeMeterPipeline;
  private TieredInferencePipeline<float[]> everyRunPipeline;
  private TieredInferencePipeline<float[]> sampledPipeline;

  @Setup(Level.Trial)
  public void setUp() throws OrtException {
    ort = new RawOrt(BenchModels.file(model));

    sdkModel = InferenceBackends.load(BenchModels.file(model), ModelOptions.builder().intraOpThreads(1).build());
    tensors = Tensors.of(sdkModel);
    estimator = EnergyMeters.detect().meter();
    freeMeterPipeline = pipeline(BenchModels.freeMeter(), Metering.everyRun());
    everyRunPipeline = pipeline(estimator, Metering.everyRun());
    sampledPipeline = pipeline(estimator, Metering.sampled(1000));
  }

  private TieredInferencePipeline<float[]> pipeline(EnergyMeter meter, Metering metering) {
    return TieredInferencePipeline.<float[]>builder()
        .tier(Tier.<float[]>builder(model).model(sdkModel).input(InputBinder.floats())
            .scores(ScoreReader.probabilities("probs")).build())
        .meter(meter).metering(metering).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    freeMeterPipeline.close();
    everyRunPipeline.close();
    sampledPipeline.close();
    tensors.close();
    sdkModel.close();
    estimator.close();
    ort.close();
  }

  @Benchmark
  public float rawOrt() throws OrtException {
    return ort.run(input);
  }

  @Benchmark
  public float rawOrtPinned() throws OrtException {
    return ort.runPinned(input);
  }

  @Benchmark
  public float backend() {
    return BenchModels.run(sdkModel, tensors, input);
  }

  @Benchmark
  public int pipelineFreeMeter() {
    return freeMeterPipeline.run(input).top1();
  }

  @Benchmark
  public int pipelineEstimatorEveryRun() {
    return everyRunPipeline.run(input).top1();
  }

  @Benchmark
  public int pipelineEstimatorSampled() {
    InferenceResult r = sampledPipeline.run(input);
    return r.top1();
  }
}
