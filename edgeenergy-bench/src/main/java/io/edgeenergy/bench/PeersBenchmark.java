package io.edgeenergy.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.model.Tensors;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.runtime.meter.EnergyMeters;
import java.nio.file.Path;
import java.time.Duration;
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
 * One inference of the same digits model (same file, same input) through every Java route this
 * machine has, so our cost reads against the raw runtimes and a peer library in one run:
 * <ul>
 *   <li>{@code ortRaw}: ONNX Runtime Java as users write it (input tensor reused, outputs allocated
 *       by ORT, copied to a {@code float[][]}, closed);
 *   <li>{@code ortPinned}: ORT with pre-allocated (pinned) outputs, the cheapest raw ORT call;
 *   <li>{@code djlPredictor}: DJL's {@code Predictor} on its ONNX Runtime engine (same ORT native),
 *       with the usual translator: input NDArray created per call, output copied to a {@code float[]};
 *   <li>{@code tfliteInvoke}: JavaCPP TensorFlow Lite, input copied in, {@code Invoke()};
 *   <li>{@code sdkOnnx} / {@code sdkTflite}: our {@link Model#run} with reused tensors;
 *   <li>{@code pipelineOnnx} / {@code pipelineTflite}: a one-tier pipeline built with nothing but a
 *       meter: the detected default meter and the builder's default metering ({@link Metering#defaults()}:
 *       wall-clock windows with the CPU-time estimator);
 *   <li>{@code pipelineOnnxEveryRun} / {@code pipelineTfliteEveryRun}: the same with
 *       {@link Metering#everyRun()} (the default before issue #12);
 *   <li>{@code pipelineOnnxSampled} / {@code pipelineTfliteSampled}: the same with {@link #SAMPLED}.
 * </ul>
 * All sessions: one intra-op thread, no spinning (DJL cannot switch spinning off, irrelevant with
 * one intra-op thread). DJL's TFLite engine is not measured: its last release (0.27) downloads its
 * native library at run time, which this machine cannot reach. Run with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PeersBenchmark {
  /** Sampled metering, measured against the default and every run. */
  static final Metering SAMPLED = Metering.sampled(256, Duration.ofSeconds(1));

  @Param({"tiny", "big"})
  public String model;

  private final float[] input = BenchModels.input();

  private RawOrt ort;
  private RawTflite tflite;
  private ZooModel<float[], float[]> djlModel;
  private Predictor<float[], float[]> djlPredictor;

  private Model onnxModel;
  private Tensors onnxTensors;
  private Model tfliteModel;
  private Tensors tfliteTensors;
  private EnergyMeter meter;
  private TieredInferencePipeline<float[]> onnxPipeline;
  private TieredInferencePipeline<float[]> tflitePipeline;
  private TieredInferencePipeline<float[]> onnxSampledPipeline;
  private TieredInferencePipeline<float[]> tfliteSampledPipeline;
  private TieredInferencePipeline<float[]> onnxEveryRunPipeline;
  private TieredInferencePipeline<float[]> tfliteEveryRunPipeline;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path onnxFile = BenchModels.file(model);
    // DJL's engine must create the process's OrtEnvironment (with its threading options) first.
    djlModel = Criteria.builder().setTypes(float[].class, float[].class).optModelPath(onnxFile)
        .optEngine("OnnxRuntime").optTranslator(new FloatsTranslator())
        .optOption("interOpNumThreads", "1").optOption("intraOpNumThreads", "1").build().loadModel();
    djlPredictor = djlModel.newPredictor();
    ort = new RawOrt(onnxFile);
    tflite = new RawTflite(BenchModels.tfliteFile(model));

    onnxModel = InferenceBackends.load(onnxFile, ModelOptions.defaults());
    onnxTensors = Tensors.of(onnxModel);
    tfliteModel = InferenceBackends.load(BenchModels.tfliteFile(model), ModelOptions.defaults());
    tfliteTensors = Tensors.of(tfliteModel);
    meter = EnergyMeters.detect().meter();
    onnxPipeline = defaultPipeline(onnxModel);
    tflitePipeline = defaultPipeline(tfliteModel);
    onnxSampledPipeline = pipeline(onnxModel, SAMPLED);
    tfliteSampledPipeline = pipeline(tfliteModel, SAMPLED);
    onnxEveryRunPipeline = pipeline(onnxModel, Metering.everyRun());
    tfliteEveryRunPipeline = pipeline(tfliteModel, Metering.everyRun());
  }

  /** What a user writes with no tuning: one tier, the detected meter, default metering. */
  private TieredInferencePipeline<float[]> defaultPipeline(Model m) {
    return TieredInferencePipeline.<float[]>builder()
        .tier(Tier.<float[]>builder(model).model(m).input(InputBinder.floats())
            .scores(ScoreReader.probabilities("probs")).build())
        .meter(meter).build();
  }

  /** The same with {@code metering}. */
  private TieredInferencePipeline<float[]> pipeline(Model m, Metering metering) {
    return TieredInferencePipeline.<float[]>builder()
        .tier(Tier.<float[]>builder(model).model(m).input(InputBinder.floats())
            .scores(ScoreReader.probabilities("probs")).build())
        .meter(meter).metering(metering).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    onnxPipeline.close();
    tflitePipeline.close();
    onnxSampledPipeline.close();
    tfliteSampledPipeline.close();
    onnxEveryRunPipeline.close();
    tfliteEveryRunPipeline.close();
    meter.close();
    onnxTensors.close();
    onnxModel.close();
    tfliteTensors.close();
    tfliteModel.close();
    tflite.close();
    ort.close();
    djlPredictor.close();
    djlModel.close();
  }

  @Benchmark
  public float ortRaw() throws Exception {
    return ort.run(input);
  }

  @Benchmark
  public float ortPinned() throws Exception {
    return ort.runPinned(input);
  }

  @Benchmark
  public float djlPredictor() throws TranslateException {
    return djlPredictor.predict(input)[0];
  }

  @Benchmark
  public float tfliteInvoke() {
    return tflite.invoke(input);
  }

  @Benchmark
  public float sdkOnnx() {
    return BenchModels.run(onnxModel, onnxTensors, input);
  }

  @Benchmark
  public float sdkTflite() {
    return BenchModels.run(tfliteModel, tfliteTensors, input);
  }

  @Benchmark
  public int pipelineOnnx() {
    return onnxPipeline.run(input).top1();
  }

  @Benchmark
  public int pipelineTflite() {
    return tflitePipeline.run(input).top1();
  }

  @Benchmark
  public int pipelineOnnxEveryRun() {
    return onnxEveryRunPipeline.run(input).top1();
  }

  @Benchmark
  public int pipelineTfliteEveryRun() {
    return tfliteEveryRunPipeline.run(input).top1();
  }

  @Benchmark
  public int pipelineOnnxSampled() {
    return onnxSampledPipeline.run(input).top1();
  }

  @Benchmark
  public int pipelineTfliteSampled() {
    return tfliteSampledPipeline.run(input).top1();
  }

  /** DJL's usual translator for a float vector in and class scores out. */
  static final class FloatsTranslator implements NoBatchifyTranslator<float[], float[]> {
    @Override
    public NDList processInput(TranslatorContext ctx, float[] x) {
      return new NDList(ctx.getNDManager().create(x, new Shape(1, x.length)));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
      return list.get(0).toFloatArray();
    }
  }
}
