package io.edgeenergy.examples.vision;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.examples.vision.FaceChainReplay.Mode;
import io.edgeenergy.examples.vision.FaceChainReplay.Outcome;
import io.edgeenergy.examples.vision.FaceChainReplay.Thresholds;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay's counting rules on a hand-made 12-frame stream with two visits. */
class FaceChainReplayTest {
  static final FaceBox FACE = new FaceBox(0.5f, 0.5f, 0.2f, 0.2f, 1);
  static final FaceBox ELSEWHERE = new FaceBox(0.1f, 0.1f, 0.1f, 0.1f, 0.9f);

  /**
   * Visits at frames 2-4 and 8-9. Motion at 0 (first frame), 2 and 8. Front is sure on frame 3 only,
   * unsure on 8 (back finds the face there); back also "finds" a face elsewhere on frames 6 and 7.
   */
  static StreamScores scores() {
    int n = 12;
    float[] motion = new float[n];
    motion[0] = Float.POSITIVE_INFINITY;
    motion[2] = 0.05f;
    motion[8] = 0.05f;
    float[] front = new float[n];
    float[] back = new float[n];
    FaceBox[] frontFace = new FaceBox[n];
    FaceBox[] backFace = new FaceBox[n];
    FaceBox[] truth = new FaceBox[n];
    for (int i : new int[] {2, 3, 4, 8, 9}) {
      truth[i] = FACE;
    }
    front[3] = 0.9f;
    frontFace[3] = FACE;
    front[8] = 0.4f;
    back[8] = 0.8f;
    backFace[8] = FACE;
    for (int i : new int[] {6, 7}) {
      back[i] = 0.7f;
      backFace[i] = ELSEWHERE;
    }
    List<DoorbellStream.Visit> visits = List.of(visit(2, 4), visit(8, 9));
    // 1 nJ gate, 10 nJ front, 100 nJ back per call; 12 frames = 1 hour (to keep the arithmetic visible)
    return new StreamScores(motion, front, back, frontFace, backFace, truth, visits, 1.0, 1, 10, 100);
  }

  static DoorbellStream.Visit visit(int first, int last) {
    return new DoorbellStream.Visit(first, last, 0.2f, 1, 0.5f, 0.5f, 1, false, 0, 0, 0, 1);
  }

  @Test
  void chainCountsStagesHitsAndLatency() {
    Outcome o = FaceChainReplay.evaluate(scores(), Mode.CHAIN, new Thresholds(0.01, 0.3, 0.8, 0.5));
    // gate open on 0-2 (hang-over 2 after frame 0), 2-4, 8-10: front on 0,1,2,3,4,8,9,10 = 8 frames; back on 8 only
    assertThat(o.frontDuty()).isEqualTo(8 / 12.0);
    assertThat(o.backDuty()).isEqualTo(1 / 12.0);
    assertThat(o.detected()).isEqualTo(2);
    assertThat(o.falseAlarms()).isZero();
    assertThat(o.meanLatencyFrames()).isEqualTo(0.5); // visit 1 at +1 frame, visit 2 at +0
    assertThat(o.joulesPerHour()).isEqualTo((12 * 1 + 8 * 10 + 100) / 1e9);
  }

  @Test
  void alwaysBackFindsBothVisitsAndCountsAdjacentFalseFramesOnce() {
    Outcome o = FaceChainReplay.evaluate(scores(), Mode.ALWAYS_BACK, new Thresholds(0, 0, 2, 0.5));
    assertThat(o.detected()).isEqualTo(1); // back scores only frame 8 as a face inside a visit
    assertThat(o.falseAlarms()).as("frames 6 and 7 are one false alarm").isEqualTo(1);
    assertThat(o.falseAlarmsPerHour()).isEqualTo(1);
    assertThat(o.joulesPerHour()).isEqualTo(12 * 100 / 1e9);
  }

  @Test
  void motionThenBackRunsTheBackModelWhereverTheGateIsOpen() {
    Outcome o = FaceChainReplay.evaluate(scores(), Mode.MOTION_BACK, new Thresholds(0.01, 0, 2, 0.5));
    assertThat(o.backDuty()).isEqualTo(8 / 12.0);
    assertThat(o.frontDuty()).isZero();
    assertThat(o.detected()).isEqualTo(1);
    assertThat(o.falseAlarms()).as("frames 6 and 7 are not let through").isZero();
    assertThat(o.joulesPerHour()).isEqualTo((12 * 1 + 8 * 100) / 1e9);
  }

  @Test
  void oracleRunsTheBackModelOnlyOnFaceFrames() {
    Outcome o = FaceChainReplay.evaluate(scores(), Mode.ORACLE_BACK, new Thresholds(0, 0, 2, 0.5));
    assertThat(o.backDuty()).isEqualTo(5 / 12.0);
    assertThat(o.falseAlarms()).isZero();
    assertThat(o.recall()).isEqualTo(0.5);
  }

  @Test
  void aFaceFoundInTheWrongPlaceIsAFalseAlarmNotAHit() {
    StreamScores s = scores();
    s.frontFace()[3] = ELSEWHERE;
    Outcome o = FaceChainReplay.evaluate(s, Mode.CHAIN, new Thresholds(0.01, 0.3, 0.8, 0.5));
    assertThat(o.detected()).isEqualTo(1);
    assertThat(o.falseAlarms()).isEqualTo(1);
  }

  @Test
  void keyframesAndBigMotionAskTheBackModelWhenTheFrontModelSeesNothing() {
    StreamScores s = scores();
    s.front()[8] = 0.05f; // below the unsure band: the back model is not asked on frame 8 ...
    Outcome plain = FaceChainReplay.evaluate(s, Mode.CHAIN, new Thresholds(0.01, 0.3, 0.8, 0.5));
    assertThat(plain.detected()).isEqualTo(1);
    // ... unless its motion (0.05) counts as big
    Outcome big = FaceChainReplay.evaluate(s, Mode.CHAIN, new Thresholds(0.01, 0.3, 0.8, 0.5, 0.04, 0));
    assertThat(big.detected()).isEqualTo(2);
    assertThat(big.backDuty()).as("frames 0 (first: motion clamped to 1), 2 and 8").isEqualTo(3 / 12.0);
    // or a keyframe falls on it: every 4th frame (0, 4, 8) opens the gate and asks the back model
    s.motion()[8] = 0;
    Outcome key = FaceChainReplay.evaluate(s, Mode.CHAIN, new Thresholds(0.01, 0.3, 0.8, 0.5, Double.POSITIVE_INFINITY, 4));
    assertThat(key.detected()).isEqualTo(2);
    assertThat(key.frontDuty()).as("gate 0-4 (motion at 0 and 2), keyframe 8").isEqualTo(6 / 12.0);
    assertThat(key.backDuty()).as("keyframes 0, 4 and 8").isEqualTo(3 / 12.0);
  }

  /**
   * A face that arrives with motion at frame 2 and then stands still until frame 7: the gate's hang-over
   * covers frames 2-4, the back model scores 0.35 there (unsure) and confirms the face only on frame 6.
   */
  static StreamScores stillFace(float frontWhileStill) {
    int n = 10;
    float[] motion = new float[n];
    motion[0] = Float.POSITIVE_INFINITY;
    motion[2] = 0.05f;
    float[] front = new float[n];
    float[] back = new float[n];
    FaceBox[] backFace = new FaceBox[n];
    FaceBox[] truth = new FaceBox[n];
    for (int i = 2; i <= 7; i++) {
      truth[i] = FACE;
      front[i] = i <= 4 ? 0.4f : frontWhileStill;
      back[i] = i == 6 ? 0.8f : 0.35f;
      backFace[i] = FACE;
    }
    return new StreamScores(motion, front, back, new FaceBox[n], backFace, truth, List.of(visit(2, 7)), 1.0, 1, 10, 100);
  }

  @Test
  void lookingAgainWhileUnsureFindsAStillFaceTheBackModelConfirmsLate() {
    double inf = Double.POSITIVE_INFINITY;
    // the front model still sees something (0.4, in the band): without looking again, frames 5-6 go unseen
    StreamScores front = stillFace(0.4f);
    assertThat(FaceChainReplay.evaluate(front, Mode.CHAIN, new Thresholds(0.01, 0.3, 0.8, 0.5)).detected()).isZero();
    Outcome hold = FaceChainReplay.evaluate(front, Mode.CHAIN, new Thresholds(0.01, 0.3, 0.8, 0.5, inf, 0, 0.3, inf));
    assertThat(hold.detected()).isEqualTo(1);
    assertThat(hold.frontDuty()).as("motion opens 0-4, looking again 5 and 6, the alarm on 6 ends it").isEqualTo(7 / 10.0);
    assertThat(hold.backDuty()).as("frames 2-6, the front score in the band").isEqualTo(5 / 10.0);
    assertThat(hold.meanLatencyFrames()).isEqualTo(4);
    // the front model lost it (0.1, below the band and the hold): the back model's own doubt brings it back
    StreamScores back = stillFace(0.1f);
    assertThat(FaceChainReplay.evaluate(back, Mode.CHAIN, new Thresholds(0.01, 0.3, 0.8, 0.5, inf, 0, 0.3, inf))
        .detected()).isZero();
    Outcome recheck = FaceChainReplay.evaluate(back, Mode.CHAIN, new Thresholds(0.01, 0.3, 0.8, 0.5, inf, 0, inf, 0.3));
    assertThat(recheck.detected()).isEqualTo(1);
    assertThat(recheck.backDuty()).isEqualTo(5 / 10.0);
    assertThat(FaceChainReplay.evaluate(back, Mode.CHAIN, new Thresholds(0.01, 0.3, 0.8, 0.5, inf, 0, inf, 0.4))
        .detected()).as("0.35 is below a 0.4 recheck").isZero();
  }
}
