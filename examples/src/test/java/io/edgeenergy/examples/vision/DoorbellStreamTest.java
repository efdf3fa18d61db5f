package io.edgeenergy.examples.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The generated stream is reproducible from its seed and its ground truth matches what is drawn. */
class DoorbellStreamTest {
  static final Path SOURCES = Path.of("../models/vision/sources");

  @Test
  void framesArePureFunctionsOfSeedAndIndex() {
    DoorbellStream a = DoorbellStream.generate(SOURCES, 7, Duration.ofMinutes(10), 2);
    DoorbellStream b = DoorbellStream.generate(SOURCES, 7, Duration.ofMinutes(10), 2);
    RgbFrame fa = RgbFrame.black(256, 256);
    RgbFrame fb = RgbFrame.black(256, 256);
    int face = a.visits().get(0).first() + 1;
    b.render(3, fb); // a different frame first: order must not matter
    assertThat(a.render(face, fa).rgb()).containsExactly(b.render(face, fb).rgb());
    assertThat(a.visits()).isEqualTo(b.visits());
    DoorbellStream other = DoorbellStream.generate(SOURCES, 8, Duration.ofMinutes(10), 2);
    assertThat(other.visits()).isNotEqualTo(a.visits());
  }

  @Test
  void anHourHasTheStatedMixAndTruthOnlyInsideVisits() {
    DoorbellStream s = DoorbellStream.generate(SOURCES, 1, Duration.ofHours(1), 2);
    assertThat(s.frameCount()).isEqualTo(7200);
    assertThat(s.visits()).hasSizeBetween(30, 70);
    int faceFrames = 0;
    for (int i = 0; i < s.frameCount(); i++) {
      boolean inVisit = false;
      for (DoorbellStream.Visit v : s.visits()) {
        inVisit |= v.contains(i);
      }
      assertThat(s.truth(i) != null).as("frame %d", i).isEqualTo(inVisit);
      faceFrames += inVisit ? 1 : 0;
    }
    assertThat(faceFrames).isBetween(300, 2000);
    assertThat(s.distractorFrames()).isGreaterThan(300);
  }

  @Test
  void theDrawnFaceIsWhereTheTruthSaysAndTheBackModelFindsIt() throws Exception {
    DoorbellStream s = DoorbellStream.generate(SOURCES, 3, Duration.ofMinutes(20), 2);
    RgbFrame f = RgbFrame.black(256, 256);
    int found = 0;
    int tried = 0;
    try (var back = io.edgeenergy.model.InferenceBackends.load(BlazeFaceDetectorTest.MODELS
        .resolve("face_detection_back_256x256_barracuda.onnx"));
         BlazeFaceDetector d = new BlazeFaceDetector(back, 0.5f)) {
      for (DoorbellStream.Visit v : s.visits()) {
        int mid = (v.first() + v.last()) / 2;
        FaceBox truth = s.truth(mid);
        var faces = d.detect(s.render(mid, f));
        tried++;
        if (!faces.isEmpty() && truth.contains(faces.get(0).centerX(), faces.get(0).centerY())) {
          found++;
        }
        String dump = System.getProperty("edgeenergy.vision.dump");
        if (dump != null) {
          f.writePng(Files.createDirectories(Path.of(dump)).resolve("visit" + v.first() + ".png"));
          System.err.println(v + " truth " + truth + " found " + faces);
        }
      }
    }
    assertThat(found).as("visits whose middle frame the back model finds").isGreaterThanOrEqualTo(tried * 2 / 3);
  }

  @Test
  void renderingIntoAWrongSizedFrameIsAClearError() {
    DoorbellStream s = DoorbellStream.generate(SOURCES, 1, Duration.ofMinutes(1), 2);
    assertThatThrownBy(() -> s.render(0, RgbFrame.black(320, 240))).isInstanceOf(BadFrameException.class)
        .hasMessageContaining("256x256").hasMessageContaining("320x240");
  }
}
