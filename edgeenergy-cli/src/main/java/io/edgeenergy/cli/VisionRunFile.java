package io.edgeenergy.cli;

import io.edgeenergy.Energy;
import io.edgeenergy.Power;
import io.edgeenergy.examples.vision.DoorbellLiveRun;
import io.edgeenergy.examples.vision.FaceChainReplay.Mode;
import io.edgeenergy.examples.vision.FaceChainReplay.Outcome;
import io.edgeenergy.examples.vision.StreamScores;
import io.edgeenergy.policy.ChainCalibration;
import io.edgeenergy.stream.StreamReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code edgeenergy stream vision --json FILE}: the run as a {@link StreamRun} (chain
 * {@value StreamRun#CAMERA_FACE}), every configuration's figures from the replay of the test stream,
 * the validation Pareto front the calibration chose from, and the chosen chain's joules per minute
 * from its live run on the pipeline.
 */
final class VisionRunFile {
  private VisionRunFile() {}

  /** What the command measured, in the schema's shape. */
  static StreamRun of(VisionStreamCommand c, long seed, String device, String quality, StreamScores test, List<Outcome> outcomes,
      VisionCalibration.Choice choice, DoorbellLiveRun live, double baseWatts) {
    List<StreamRun.Config> configs = new ArrayList<>();
    for (Outcome o : outcomes) {
      double hours = StreamReport.batteryLife(Energy.ofWattHours(c.batteryWh), Power.ofWatts(baseWatts),
          Power.ofWatts(o.joulesPerHour() / 3600)).toNanos() / 3.6e12;
      configs.add(new StreamRun.Config(VisionStreamCommand.label(o.mode()), role(o.mode()), o.mode() == Mode.CHAIN,
          o.recall(), o.falseAlarmsPerHour(), o.joulesPerHour(), hours, null, stages(test, o)));
    }
    List<StreamRun.CurvePoint> curve = new ArrayList<>();
    for (ChainCalibration.Point p : choice.curve()) {
      curve.add(new StreamRun.CurvePoint(label(p.thresholds()), p.recall(), p.joulesPerHour(),
          Arrays.equals(p.thresholds(), choice.picked().thresholds())));
    }
    String stream = String.format(Locale.ROOT, "generated doorbell stream (DoorbellStream seed %d, %.0f min, %.1f fps, "
        + "%d face visits, %d distractor-free frames of %d): motion gate -> BlazeFace 128 -> BlazeFace 256; thresholds "
        + "chosen on validation seeds %s pooled (%d min each, %.0f visits/h)", seed, (double) c.minutes, c.fps, test.visits().size(),
        test.frames() - faceFrames(test), test.frames(), c.validationSeeds, c.validationMinutes, c.validationVisitsPerHour);
    return new StreamRun(StreamRun.FORMAT, StreamRun.CAMERA_FACE, quality, device, c.minutes, seed, stream,
        test.visits().size() / test.hours(), c.batteryWh, baseWatts, c.budget, configs, curve, live.joulesPerMinute());
  }

  private static String role(Mode mode) {
    return switch (mode) {
      case ALWAYS_BACK -> StreamRun.Config.EVERY_FRAME;
      case ORACLE_BACK -> StreamRun.Config.ORACLE;
      case CHAIN -> StreamRun.Config.CHAIN;
      case ALWAYS_FRONT, MOTION_BACK -> StreamRun.Config.OTHER;
    };
  }

  /** Per stage: calls on the test stream × its mean energy per call. */
  private static List<StreamRun.StageShare> stages(StreamScores s, Outcome o) {
    int n = s.frames();
    List<StreamRun.StageShare> out = new ArrayList<>();
    if (o.mode() == Mode.CHAIN || o.mode() == Mode.MOTION_BACK) {
      out.add(share("motion gate", n, n, s.gateNanojoules(), s.hours()));
    }
    long front = Math.round(o.frontDuty() * n);
    long back = Math.round(o.backDuty() * n);
    if (front > 0 || o.mode() == Mode.ALWAYS_FRONT) {
      out.add(share("BlazeFace 128", front, n, s.frontNanojoules(), s.hours()));
    }
    if (o.mode() != Mode.ALWAYS_FRONT) {
      out.add(share("BlazeFace 256", back, n, s.backNanojoules(), s.hours()));
    }
    return out;
  }

  private static StreamRun.StageShare share(String stage, long runs, int frames, double nanojoulesPerCall, double hours) {
    return new StreamRun.StageShare(stage, runs, (double) runs / frames, runs * nanojoulesPerCall / 1e9 / hours);
  }

  /** A validation point's thresholds, readable. */
  static String label(double[] th) {
    String s = String.format(Locale.ROOT, "motion>=%.4f, back if front in [%.2f, %.2f)", th[0], Math.min(th[1], th[2]),
        th[2]);
    if (th.length > 3 && Double.isFinite(th[3])) {
      s += String.format(Locale.ROOT, " or motion>=%.3f", th[3]);
    }
    if (th.length > 4 && th[4] > 0) {
      s += String.format(Locale.ROOT, ", keyframe every %d", (int) th[4]);
    }
    if (th.length > 5 && Double.isFinite(th[5])) {
      s += String.format(Locale.ROOT, ", again if front>=%.2f", th[5]);
    }
    if (th.length > 6 && Double.isFinite(th[6])) {
      s += String.format(Locale.ROOT, ", back again if back>=%.2f", th[6]);
    }
    return s;
  }

  /** Frames with a face in them. */
  static int faceFrames(StreamScores s) {
    int n = 0;
    for (var t : s.truth()) {
      n += t == null ? 0 : 1;
    }
    return n;
  }
}
