package io.edgeenergy.examples.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.examples.vision.FaceChainReplay.Mode;
import io.edgeenergy.examples.vision.FaceChainReplay.Outcome;
import io.edgeenergy.examples.vision.FaceChainReplay.Thresholds;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.edgeenergy.stream.StreamFormatException;
import io.edgeenergy.stream.StreamReport;
import io.edgeenergy.stream.StreamRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chain on the SDK (pipeline + StreamRunner) makes exactly the replay's decisions, frame by frame,
 * with the boxes coming out of the answering stage's outputs; bad frames are handled as documented.
 */
class FacePipelineTest {
  /**
   * Every rule in play: motion gate with hang-over, unsure band, sure front, big-motion escalation, keyframes,
   * and looking again (a strict back threshold leaves the back model unsure on the stream's faces, 0.86-0.94).
   */
  static final Thresholds T = new Thresholds(0.004, 0.15, 0.83, 0.95, 0.02, 10, 0.1, 0.25);
  static Model frontModel;
  static Model backModel;

  @BeforeAll
  static void load() {
    frontModel = InferenceBackends.load(BlazeFaceDetectorTest.MODELS.resolve("face_detection_front_128x128_barracuda.onnx"));
    backModel = InferenceBackends.load(BlazeFaceDetectorTest.MODELS.resolve("face_detection_back_256x256_barracuda.onnx"));
  }

  @AfterAll
  static void close() {
    frontModel.close();
    backModel.close();
  }

  @Test
  void liveChainOnTheRunnerMakesTheReplaysDecisions() {
    DoorbellStream stream = DoorbellStream.generate(DoorbellStreamTest.SOURCES, 5, Duration.ofMinutes(3), 2, 120,
        DoorbellStream.DISTRACTORS_PER_HOUR); // ~6 visits: still ones for looking again
    StreamScores scores;
    try (BlazeFaceDetector front = new BlazeFaceDetector(frontModel, StreamScores.BOX_FLOOR);
         BlazeFaceDetector back = new BlazeFaceDetector(backModel, StreamScores.BOX_FLOOR)) {
      scores = StreamScores.record(stream, front, back, EnergyMeters.detect().meter());
    }
    FaceBox[] alarms = new FaceBox[scores.frames()];
    Outcome replay = FaceChainReplay.evaluate(scores, Mode.CHAIN, T, alarms);
    List<FaceBox> replayAlarms = java.util.Arrays.stream(alarms).filter(java.util.Objects::nonNull).toList();
    Outcome withoutLookingAgain = FaceChainReplay.evaluate(scores, Mode.CHAIN,
        new Thresholds(T.motion(), T.frontUnsure(), T.frontSure(), T.back(), T.bigMotion(), T.keyframe()));
    assertThat(replay.frontDuty()).as("looking again is in play on this stream")
        .isGreaterThan(withoutLookingAgain.frontDuty());
    List<FaceBox> liveAlarms = new ArrayList<>();
    long frontRuns = 0;
    long backRuns = 0;
    try (FacePipeline chain = FacePipeline.build(DoorbellStream.SIZE, frontModel, backModel, T,
        EnergyMeters.detect().meter())) {
      StreamRunner<float[]> runner = chain.runner(stream.fps()).build();
      RgbFrame frame = RgbFrame.black(DoorbellStream.SIZE, DoorbellStream.SIZE);
      for (int i = 0; i < stream.frameCount(); i++) {
        InferenceResult r = runner.frame(stream.render(i, frame).rgb());
        frontRuns += r.tier() >= FacePipeline.FRONT ? 1 : 0;
        backRuns += r.tier() == FacePipeline.BACK ? 1 : 0;
        FaceBox face = chain.face(r);
        if (face != null) {
          liveAlarms.add(face);
          assertThat(r.stageName()).isIn(frontModel.name(), backModel.name());
        }
      }
      runner.finish();
      StreamReport report = runner.report();
      assertThat(report.quality()).isEqualTo(EnergyQuality.ESTIMATED);
      assertThat(report.stages()).extracting(StreamReport.StageDuty::runs)
          .containsExactly((long) scores.frames(), frontRuns, backRuns);
      assertThat(report.joulesPerHour()).isPositive();
      assertThat(report.events()).isNotEmpty();
    }
    assertThat(frontRuns).isEqualTo(Math.round(replay.frontDuty() * scores.frames()));
    assertThat(backRuns).isEqualTo(Math.round(replay.backDuty() * scores.frames())).isPositive();
    assertThat(liveAlarms).isNotEmpty().containsExactlyElementsOf(replayAlarms);
  }

  @Test
  void nanFramesAreSkippedAndCountedWrongSizeIsAnError() {
    DoorbellStream stream = DoorbellStream.generate(DoorbellStreamTest.SOURCES, 5, Duration.ofMinutes(1), 2);
    try (FacePipeline chain = FacePipeline.build(DoorbellStream.SIZE, frontModel, backModel, T,
        EnergyMeters.detect().meter())) {
      StreamRunner<float[]> runner = chain.runner(2).build();
      RgbFrame frame = stream.render(0, RgbFrame.black(DoorbellStream.SIZE, DoorbellStream.SIZE));
      assertThat(runner.frame(frame.rgb())).isNotNull();
      frame.rgb()[12345] = Float.NaN;
      assertThat(runner.frame(frame.rgb())).isNull();
      assertThat(runner.report().framesSkipped()).isEqualTo(1);
      assertThat(runner.report().frames()).isEqualTo(2);
      assertThatThrownBy(() -> runner.frame(new float[320 * 240 * 3])).isInstanceOf(StreamFormatException.class)
          .hasMessageContaining(String.valueOf(256 * 256 * 3)).hasMessageContaining(String.valueOf(320 * 240 * 3));
    }
  }
}
