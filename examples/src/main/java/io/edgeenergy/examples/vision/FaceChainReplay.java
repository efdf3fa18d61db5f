package io.edgeenergy.examples.vision;

/**
 * Scores a face-detection configuration on recorded {@link StreamScores}: which stages each frame
 * runs, which frames raise a face alarm, and against the ground truth, recall, false alarms and
 * joules per hour.
 *
 * <p>Rules. A visit (face interval) is <b>detected</b> when some frame inside it raises an alarm whose
 * box centre lies in the true face box; latency counts frames from the visit's first frame. Any other
 * alarm frame is a <b>false alarm</b> frame, and false-alarm frames less than {@value #MERGE_FRAMES}
 * frames apart count as one false alarm. Joules per hour = calls × the stage's mean energy per call,
 * per hour of stream (the quality of the meter that measured the calls applies). Scores are compared
 * with the thresholds rounded to {@code float}, as a pipeline's gates compare them.
 */
public final class FaceChainReplay {
  /** The motion gate stays open this many frames after motion (1 s at 2 fps): a face that stops still is still looked at. */
  public static final int HANGOVER_FRAMES = 2;
  /** False-alarm frames closer than this are one false alarm. */
  public static final int MERGE_FRAMES = 3;
  /** {@link Thresholds#lookAgain}: the gate opens on the next frame. */
  static final int HOLD = 1;
  /** {@link Thresholds#lookAgain}: the gate opens and the back model is asked on the next frame. */
  static final int RECHECK = 2;

  private FaceChainReplay() {}

  /** Which stages run. */
  public enum Mode {
    /**
     * motion gate (and keyframes, and the hold) → front 128 → back 256 when the front model is unsure (or on big
     * motion or a keyframe).
     */
    CHAIN,
    /** the back 256 model on every frame. */
    ALWAYS_BACK,
    /** the back 256 model exactly on the frames with a face, gates free: the lower bound of any gate. */
    ORACLE_BACK,
    /** the front 128 model on every frame, alone. */
    ALWAYS_FRONT,
    /** motion gate → back 256 on every frame the gate passes (no front model). */
    MOTION_BACK
  }

  /**
   * @param motion the gate opens at motion ≥ this (and stays open {@link #HANGOVER_FRAMES} frames)
   * @param frontUnsure the front score from which the back model is asked
   * @param frontSure the front score from which the front model's face is taken as is
   * @param back the back model's face threshold
   * @param bigMotion the back model is also asked, whatever the front score below {@code frontSure}, when
   *     the frame's motion (clamped to 1) is at least this: a small or far face the front model cannot see
   *     at 128 px while something moves; {@code +Inf} never
   * @param keyframe every this many frames (frame index multiple of it), the gate opens and the back model
   *     looks unless the front model is sure: a face too still for the motion gate; 0 never
   * @param hold <b>look again while unsure</b>: when the front model scored at least this on a frame the chain
   *     looked at and raised no alarm, the gate stays open on the next frame, moving or not. A dim, small or
   *     half-hidden face that stands still scores 0.15-0.5 at 128 px on every frame (the background ~0.06)
   *     while the back model crosses its threshold on only a few of them; {@code +Inf} never
   * @param recheck the same for the back model: when it was asked, scored at least this and below
   *     {@code back}, it is asked again on the next frame (unless the front model is sure); {@code +Inf} never
   */
  public record Thresholds(double motion, double frontUnsure, double frontSure, double back, double bigMotion,
      int keyframe, double hold, double recheck) {
    /** Checks the keyframe period and the look-again thresholds. */
    public Thresholds {
      if (keyframe < 0) {
        throw new IllegalArgumentException("keyframe period must be >= 0 (0: none), was " + keyframe);
      }
      if (!(hold > 0) || !(recheck > 0)) {
        throw new IllegalArgumentException("hold and recheck must be scores > 0 (+Infinity: never), were " + hold
            + " and " + recheck + "; at 0 the chain would look again at every frame forever");
      }
    }

    /** Never looks again while unsure. */
    public Thresholds(double motion, double frontUnsure, double frontSure, double back, double bigMotion, int keyframe) {
      this(motion, frontUnsure, frontSure, back, bigMotion, keyframe, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** Motion gate and front-unsure band only: no big-motion escalation, no keyframes, no looking again. */
    public Thresholds(double motion, double frontUnsure, double frontSure, double back) {
      this(motion, frontUnsure, frontSure, back, Double.POSITIVE_INFINITY, 0);
    }

    /** Whether frame {@code index} is a keyframe. */
    public boolean isKeyframe(long index) {
      return keyframe > 0 && index % keyframe == 0;
    }

    /**
     * Whether the back model is asked on a frame the gate let through, given its front score and motion;
     * {@code again}: a keyframe, or the back model was unsure on the previous frame.
     */
    boolean asksBack(float front, float motion, boolean again) {
      return front < (float) frontSure && (front >= (float) frontUnsure || again
          || Math.min(1f, motion) >= (float) bigMotion);
    }

    /**
     * What a frame the chain looked at leaves for the next one: {@link #HOLD} (look again), {@link #RECHECK}
     * (look again, back model included) or 0.
     *
     * @param back the back model's score, NaN when it was not asked
     */
    int lookAgain(float front, float back) {
      if (front >= (float) frontSure || back >= (float) this.back) {
        return 0; // an alarm: nothing left to be unsure about
      }
      return back >= (float) recheck ? RECHECK : front >= (float) hold ? HOLD : 0;
    }
  }

  /**
   * The result of one configuration on one stream.
   *
   * @param recall visits detected / visits
   * @param falseAlarmsPerHour false alarms per hour of stream
   * @param joulesPerHour all stages, per hour of stream
   * @param gateDuty fraction of frames the motion gate let through (CHAIN, MOTION_BACK)
   * @param frontDuty fraction of frames the front model ran on
   * @param backDuty fraction of frames the back model ran on
   * @param meanLatencyFrames mean frames from a visit's start to its first correct alarm
   */
  public record Outcome(Mode mode, Thresholds thresholds, int visits, int detected, int falseAlarms, double recall,
      double falseAlarmsPerHour, double joulesPerHour, double gateDuty, double frontDuty, double backDuty,
      double meanLatencyFrames) {}

  /** Replays {@code mode} with {@code t} over {@code s}. */
  public static Outcome evaluate(StreamScores s, Mode mode, Thresholds t) {
    return evaluate(s, mode, t, null);
  }

  /** {@link #evaluate}, also writing each frame's alarm (or {@code null}) into {@code alarms} when it is not null. */
  static Outcome evaluate(StreamScores s, Mode mode, Thresholds t, FaceBox[] alarms) {
    int n = s.frames();
    int gateCalls = mode == Mode.CHAIN || mode == Mode.MOTION_BACK ? n : 0;
    int frontCalls = 0;
    int backCalls = 0;
    int lastMotion = Integer.MIN_VALUE / 2;
    int again = 0; // what the previous frame left: HOLD, RECHECK or 0
    boolean[] detected = new boolean[s.visits().size()];
    long latency = 0;
    int falseAlarms = 0;
    int lastFalse = Integer.MIN_VALUE / 2;
    int visit = 0;
    for (int i = 0; i < n; i++) {
      FaceBox alarm = null;
      switch (mode) {
        case CHAIN -> {
          if (s.motion()[i] >= (float) t.motion()) {
            lastMotion = i;
          }
          boolean key = t.isKeyframe(i);
          boolean open = i - lastMotion <= HANGOVER_FRAMES || key || again > 0;
          boolean recheck = again == RECHECK;
          again = 0;
          if (open) {
            frontCalls++;
            float back = Float.NaN;
            if (s.front()[i] >= (float) t.frontSure()) {
              alarm = s.frontFace()[i];
            } else if (t.asksBack(s.front()[i], s.motion()[i], key || recheck)) {
              backCalls++;
              back = s.back()[i];
              alarm = back >= (float) t.back() ? s.backFace()[i] : null;
            }
            again = t.lookAgain(s.front()[i], back);
          }
        }
        case MOTION_BACK -> {
          if (s.motion()[i] >= (float) t.motion()) {
            lastMotion = i;
          }
          if (i - lastMotion <= HANGOVER_FRAMES) {
            backCalls++;
            alarm = s.back()[i] >= (float) t.back() ? s.backFace()[i] : null;
          }
        }
        case ALWAYS_BACK -> {
          backCalls++;
          alarm = s.back()[i] >= (float) t.back() ? s.backFace()[i] : null;
        }
        case ORACLE_BACK -> {
          if (s.truth()[i] != null) {
            backCalls++;
            alarm = s.back()[i] >= (float) t.back() ? s.backFace()[i] : null;
          }
        }
        case ALWAYS_FRONT -> {
          frontCalls++;
          alarm = s.front()[i] >= (float) t.frontSure() ? s.frontFace()[i] : null;
        }
      }
      if (alarms != null) {
        alarms[i] = alarm;
      }
      if (alarm == null) {
        continue;
      }
      FaceBox truth = s.truth()[i];
      if (truth != null && truth.contains(alarm.centerX(), alarm.centerY())) {
        while (!s.visits().get(visit).contains(i)) {
          visit++;
        }
        if (!detected[visit]) {
          detected[visit] = true;
          latency += i - s.visits().get(visit).first();
        }
      } else {
        if (i - lastFalse >= MERGE_FRAMES) {
          falseAlarms++;
        }
        lastFalse = i;
      }
    }
    int hits = 0;
    for (boolean d : detected) {
      hits += d ? 1 : 0;
    }
    double joules = (gateCalls * s.gateNanojoules() + frontCalls * s.frontNanojoules()
        + backCalls * s.backNanojoules()) / 1e9;
    int visits = detected.length;
    return new Outcome(mode, t, visits, hits, falseAlarms, visits == 0 ? 1 : (double) hits / visits,
        falseAlarms / s.hours(), joules / s.hours(), gateCalls == 0 ? 0 : (double) Math.max(frontCalls, backCalls) / n,
        (double) frontCalls / n, (double) backCalls / n, hits == 0 ? Double.NaN : (double) latency / hits);
  }
}
