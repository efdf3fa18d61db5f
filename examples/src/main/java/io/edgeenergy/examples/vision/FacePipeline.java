package io.edgeenergy.examples.vision;

import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.examples.vision.FaceChainReplay.Thresholds;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Stage;
import io.edgeenergy.pipeline.StageOutputs;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.policy.Prediction;
import io.edgeenergy.stream.StreamRunner;
import java.time.Duration;
import java.util.List;

/**
 * The camera face chain on the SDK: a {@link TieredInferencePipeline} of three stages fed by a
 * {@link StreamRunner}, making exactly the decisions {@link FaceChainReplay} computes from recorded
 * scores (checked by {@code FacePipelineTest}).
 *
 * <ol>
 *   <li><b>motion</b>: a function stage (plain Java, the {@link MotionGate}) whose output {@code motion}
 *       is the frame-difference score clamped to [0, 1]; its "primed" flag is a state pair, so
 *       {@link TieredInferencePipeline#reset()} makes the next frame compare with nothing (score 1: let
 *       the detector look). The gate after it is {@link GatePolicy#classTrigger} with the hang-over of
 *       {@link FaceChainReplay#HANGOVER_FRAMES} frames, also open on keyframes and on the frame after
 *       one the detectors were unsure of (look again: {@link Thresholds#hold()}, {@link Thresholds#recheck()}).
 *   <li><b>front</b>: BlazeFace 128; its score is the highest face confidence. The gate escalates
 *       when the front model is not sure ({@code score < frontSure}) and either unsure
 *       ({@code score ≥ frontUnsure}), or the frame is a keyframe, or the back model was unsure on the
 *       previous frame, or its motion is big (see
 *       {@link Thresholds}).
 *   <li><b>back</b>: BlazeFace 256.
 * </ol>
 *
 * A frame is a {@code float[]} of {@code size × size × 3} RGB values in [0, 1] (HWC), the layout of
 * {@link RgbFrame#rgb()}; the runner rejects a frame of another length ({@code StreamFormatException})
 * and skips and counts one holding NaN or infinite values. The face found, if any, comes out of the
 * answering stage's outputs ({@link #face}). Energy: the pipeline's meter and ledger per stage. The
 * models belong to the caller; close this (it closes the pipeline) before them.
 */
public final class FacePipeline implements AutoCloseable {
  /** Tier indices. */
  public static final int MOTION = 0;
  /** The front (128) model's tier. */
  public static final int FRONT = 1;
  /** The back (256) model's tier. */
  public static final int BACK = 2;

  private final int size;
  private final Thresholds t;
  private final TieredInferencePipeline<float[]> pipeline;
  private final BlazeFaceOutputs frontLayout;
  private final BlazeFaceOutputs backLayout;
  private final BlazeFaceDecoder frontDecoder;
  private final BlazeFaceDecoder backDecoder;

  private FacePipeline(int size, Model front, Model back, Thresholds thresholds, EnergyMeter meter) {
    this.size = size;
    this.t = thresholds;
    this.frontLayout = BlazeFaceOutputs.of(front);
    this.backLayout = BlazeFaceOutputs.of(back);
    this.frontDecoder = new BlazeFaceDecoder(frontLayout.size(), StreamScores.BOX_FLOOR);
    this.backDecoder = new BlazeFaceDecoder(backLayout.size(), StreamScores.BOX_FLOOR);
    FrameGates gates = new FrameGates(thresholds);
    this.pipeline = TieredInferencePipeline.<float[]>builder()
        .tier(Tier.<float[]>builder("motion").stage(motionStage(size)).input((frame, in) -> in[0].put(frame))
            .scores(ScoreReader.binary("motion")).build())
        .gate(gates.motion())
        .tier(Tier.<float[]>builder("front").model(front).input(resize(size, frontLayout.size()))
            .scores(faceScore()).build())
        .gate(gates.frontUnsure())
        .tier(Tier.<float[]>builder("back").model(back).input(resize(size, backLayout.size()))
            .scores(gates.backScore()).build())
        .meter(meter).build();
  }

  /**
   * The chain for {@code size}² frames (a multiple of 8) with these thresholds, charged to {@code meter}.
   *
   * @throws io.edgeenergy.model.TensorMismatchException a model is not BlazeFace
   */
  public static FacePipeline build(int size, Model front, Model back, Thresholds thresholds, EnergyMeter meter) {
    return new FacePipeline(size, front, back, thresholds, meter);
  }

  /**
   * The two gates, sharing what the motion tier saw on this frame (its motion score, whether it is a
   * keyframe) so the front gate can escalate on it, and what the detectors scored on the previous frame
   * (whether to look again, {@link Thresholds#lookAgain}); the pipeline is single-threaded, and
   * {@link TieredInferencePipeline#reset()} resets both (the frame count restarts at 0, nothing is
   * looked at again).
   */
  private static final class FrameGates {
    private final Thresholds t;
    private final GatePolicy trigger;
    private long frame;
    private boolean key;
    private boolean recheck;
    private float motion;
    private float lastFront = Float.NaN; // NaN: the front model did not run on the previous frame
    private float lastBack = Float.NaN;  // NaN: the back model did not run on the previous frame

    FrameGates(Thresholds t) {
      this.t = t;
      this.trigger = GatePolicy.classTrigger(1, t.motion(), t.motion(), FaceChainReplay.HANGOVER_FRAMES);
    }

    GatePolicy motion() {
      return new GatePolicy() {
        @Override
        public Decision decide(Prediction p, BudgetView budget) {
          int again = Float.isNaN(lastFront) ? 0 : t.lookAgain(lastFront, lastBack);
          lastFront = Float.NaN;
          lastBack = Float.NaN;
          recheck = again == FaceChainReplay.RECHECK;
          key = t.isKeyframe(frame++);
          motion = p.probability(1);
          Decision d = trigger.decide(p, budget); // every frame: the hang-over counts frames
          return key || again != 0 ? Decision.ESCALATE : d;
        }

        @Override
        public void reset() {
          trigger.reset();
          frame = 0;
          lastFront = Float.NaN;
          lastBack = Float.NaN;
        }
      };
    }

    GatePolicy frontUnsure() {
      return (p, budget) -> {
        lastFront = p.probability(1);
        return t.asksBack(lastFront, motion, key || recheck) ? GatePolicy.Decision.ESCALATE
            : GatePolicy.Decision.ACCEPT;
      };
    }

    /** The back model's face score, remembered for the next frame's look-again decision. */
    ScoreReader backScore() {
      return model -> {
        ScoreReader.Bound face = faceScore().bind(model);
        return new ScoreReader.Bound() {
          @Override
          public int classCount() {
            return face.classCount();
          }

          @Override
          public void read(Tensor[] outputs, float[] p) {
            face.read(outputs, p);
            lastBack = p[1];
          }
        };
      };
    }
  }

  /** The motion gate as a function stage: frame in, {@code motion} out, "primed" carried as state. */
  private static Stage motionStage(int size) {
    MotionGate gate = new MotionGate(size, size);
    return Stage.function("motion",
            List.of(TensorSpec.of("frame", DType.FLOAT32, 1, size, size, 3), TensorSpec.of("primed", DType.FLOAT32, 1, 1)),
            List.of(TensorSpec.of("motion", DType.FLOAT32, 1, 1), TensorSpec.of("primed_out", DType.FLOAT32, 1, 1)),
            (Tensor[] in, Tensor[] out) -> {
              if (in[1].floats().get(0) == 0f) {
                gate.reset(); // the pipeline was reset (state zeroed): forget the previous frame
              }
              out[0].floats().put(0, Math.min(1f, gate.score(in[0].floats())));
              out[1].floats().put(0, 1f);
            })
        .state("primed_out", "primed").build();
  }

  /** Pre-processing of a detector tier: the frame resized into its input, scaled to [-1, 1]. */
  private static InputBinder<float[]> resize(int size, int modelSize) {
    return (frame, in) -> Resize.into(frame, size, size, modelSize, in[0].floats());
  }

  /** A detector's "class 1" probability: the highest face confidence over all anchors. */
  private static ScoreReader faceScore() {
    return model -> {
      BlazeFaceOutputs layout = BlazeFaceOutputs.of(model);
      return new ScoreReader.Bound() {
        @Override
        public int classCount() {
          return 2;
        }

        @Override
        public void read(Tensor[] outputs, float[] p) {
          p[1] = BlazeFaceDecoder.maxScore(outputs[layout.scores16()].floats(), outputs[layout.scores8()].floats());
          p[0] = 1f - p[1];
        }
      };
    };
  }

  /**
   * A runner feeding frames at {@code fps}: a frame is an event frame when it raises a face alarm;
   * alarm frames less than {@link FaceChainReplay#MERGE_FRAMES} frames apart join into one event.
   */
  public StreamRunner.Builder<float[]> runner(double fps) {
    Duration period = Duration.ofNanos(Math.round(1e9 / fps));
    return StreamRunner.frames(pipeline, period).frameLength(size * size * 3).event(this::isFace)
        .hangover(period.multipliedBy(FaceChainReplay.MERGE_FRAMES - 1));
  }

  /** Whether {@code r} is a face alarm: the front model sure, or the back model asked and above its threshold. */
  public boolean isFace(InferenceResult r) {
    if (r == null || !r.hasAnswer()) {
      return false;
    }
    float p = r.prediction().probability(1);
    return r.tier() == FRONT && p >= (float) t.frontSure() || r.tier() == BACK && p >= (float) t.back();
  }

  /** The face of an alarm, decoded from the answering stage's outputs (best first), or {@code null}. */
  public FaceBox face(InferenceResult r) {
    if (!isFace(r)) {
      return null;
    }
    StageOutputs out = r.outputs();
    BlazeFaceOutputs layout = r.tier() == FRONT ? frontLayout : backLayout;
    List<FaceBox> faces = layout.decode(r.tier() == FRONT ? frontDecoder : backDecoder,
        i -> out.floats(pipelineOutputName(r.tier(), i)));
    return faces.isEmpty() ? null : faces.get(0);
  }

  private String pipelineOutputName(int tier, int index) {
    return pipeline.tiers().get(tier).segments().get(0).signature().outputs().get(index).name();
  }

  public TieredInferencePipeline<float[]> pipeline() {
    return pipeline;
  }

  /** The thresholds this chain runs with. */
  public Thresholds thresholds() {
    return t;
  }

  @Override
  public void close() {
    pipeline.close();
  }
}
