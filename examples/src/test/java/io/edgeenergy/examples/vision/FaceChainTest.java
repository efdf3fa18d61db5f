package io.edgeenergy.examples.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.examples.vision.FaceChainReplay.Mode;
import io.edgeenergy.examples.vision.FaceChainReplay.Outcome;
import io.edgeenergy.examples.vision.FaceChainReplay.Thresholds;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.runtime.meter.EnergyMeters;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live chain makes exactly the replay's decisions, and handles bad frames as documented. */
class FaceChainTest {
  static final Thresholds T = new Thresholds(0.004, 0.15, 0.7, 0.5);
  static Model frontModel;
  static Model backModel;
  static BlazeFaceDetector front;
  static BlazeFaceDetector back;

  @BeforeAll
  static void load() {
    frontModel = InferenceBackends.load(BlazeFaceDetectorTest.MODELS.resolve("face_detection_front_128x128_barracuda.onnx"));
    backModel = InferenceBackends.load(BlazeFaceDetectorTest.MODELS.resolve("face_detection_back_256x256_barracuda.onnx"));
    front = new BlazeFaceDetector(frontModel, StreamScores.BOX_FLOOR);
    back = new BlazeFaceDetector(backModel, StreamScores.BOX_FLOOR);
  }

  @AfterAll
  static void close() {
    front.close();
    back.close();
    frontModel.close();
    backModel.close();
  }

  @Test
  void liveChainMakesTheReplaysDecisions() {
    DoorbellStream stream = DoorbellStream.generate(DoorbellStreamTest.SOURCES, 5, Duration.ofMinutes(3), 2);
    StreamScores scores = StreamScores.record(stream, front, back, EnergyMeters.detect().meter());
    Outcome replay = FaceChainReplay.evaluate(scores, Mode.CHAIN, T);
    FaceChain chain = new FaceChain(DoorbellStream.SIZE, front, back, T);
    RgbFrame frame = RgbFrame.black(DoorbellStream.SIZE, DoorbellStream.SIZE);
    int alarms = 0;
    int replayAlarms = 0;
    for (int i = 0; i < stream.frameCount(); i++) {
      FaceBox face = chain.process(stream.render(i, frame));
      alarms += face != null ? 1 : 0;
    }
    for (int i = 0, since = 99; i < scores.frames(); i++) {
      since = scores.motion()[i] >= T.motion() ? 0 : since + 1;
      if (since <= FaceChainReplay.HANGOVER_FRAMES && (scores.front()[i] >= T.frontSure()
          || scores.front()[i] >= T.frontUnsure() && scores.back()[i] >= T.back())) {
        replayAlarms++;
      }
    }
    assertThat(chain.frontRuns()).isEqualTo(Math.round(replay.frontDuty() * scores.frames()));
    assertThat(chain.backRuns()).isEqualTo(Math.round(replay.backDuty() * scores.frames()));
    assertThat(alarms).isEqualTo(replayAlarms).isPositive();
  }

  @Test
  void nanFramesAreSkippedAndCountedWrongSizeIsAnError() {
    FaceChain chain = new FaceChain(DoorbellStream.SIZE, front, back, T);
    DoorbellStream stream = DoorbellStream.generate(DoorbellStreamTest.SOURCES, 5, Duration.ofMinutes(1), 2);
    RgbFrame frame = stream.render(0, RgbFrame.black(DoorbellStream.SIZE, DoorbellStream.SIZE));
    chain.process(frame);
    frame.rgb()[12345] = Float.NaN;
    assertThat(chain.process(frame)).isNull();
    assertThat(chain.skippedFrames()).isEqualTo(1);
    assertThat(chain.frames()).isEqualTo(2);
    assertThatThrownBy(() -> chain.process(RgbFrame.black(320, 240))).isInstanceOf(BadFrameException.class)
        .hasMessageContaining("256x256").hasMessageContaining("320x240");
  }
}
