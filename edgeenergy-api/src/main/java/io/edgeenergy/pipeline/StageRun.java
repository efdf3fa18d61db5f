package io.edgeenergy.pipeline;

import io.edgeenergy.internal.MutablePrediction;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.Tensor;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * One call site of a built pipeline: its bound tensors, score reader, reused prediction, the
 * statistics of its measured (sampled) runs, from which unmeasured runs are charged, and, for a
 * stateful stage, its state pairs and skip bookkeeping.
 */
final class StageRun {
  /** Warm measured runs the moving mean of a stage's energy per run spans. */
  static final int HORIZON = 32;

  final Model model;
  final Tensor[] inputs;
  final Tensor[] outputs;
  final ScoreReader.Bound reader;
  final MutablePrediction prediction;
  final StageOutputs view;
  /** Runs left before the next measured one; 0 = measure the next run. */
  int untilSample;
  /** Measured runs so far, the first (cold) one included. */
  long samples;
  /** Energy of one run, nJ: the first measured run's, then the moving mean of the later ones. */
  double perRunNanojoules;
  /** Ticker time of the inference that last measured this stage. */
  long lastSampleNanos;
  /** State of the generator that spreads sampled runs (see {@link #nextGap}). */
  private long jitter = 0x9E3779B97F4A7C15L;

  private final int[] stateOutputs;
  private final int[] stateInputs;
  private final SkipPolicy onSkip;
  /** Inputs copied into the replay ring (not state, not constants). */
  private final int[] framedInputs;
  private final ByteBuffer[][] ring;
  private int ringNext;
  private int ringCount;
  /** Whether it ran in the inference in progress, and whether it missed inputs since it last ran. */
  boolean ran;
  boolean missed;

  StageRun(Model model, Tensor[] inputs, Tensor[] outputs, ScoreReader.Bound reader, int[] stateOutputs,
      int[] stateInputs, SkipPolicy onSkip, int[] framedInputs) {
    this.model = model;
    this.inputs = inputs;
    this.outputs = outputs;
    this.reader = reader;
    this.prediction = new MutablePrediction(reader.classCount());
    this.view = new StageOutputs(model, outputs);
    this.stateOutputs = stateOutputs;
    this.stateInputs = stateInputs;
    this.onSkip = onSkip;
    this.framedInputs = framedInputs;
    int frames = onSkip.kind() == SkipPolicy.Kind.REPRIME ? onSkip.frames() : 0;
    this.ring = new ByteBuffer[frames][framedInputs.length];
    for (ByteBuffer[] slot : ring) {
      for (int i = 0; i < framedInputs.length; i++) {
        slot[i] = ByteBuffer.allocateDirect(inputs[framedInputs[i]].bytes().capacity());
      }
    }
  }

  boolean isStateful() {
    return stateOutputs.length > 0;
  }

  SkipPolicy.Kind onSkip() {
    return onSkip.kind();
  }

  /** Feeds each state output to its input for the next run by swapping the two tensors (no copy). */
  void carryState() {
    for (int i = 0; i < stateOutputs.length; i++) {
      Tensor next = outputs[stateOutputs[i]];
      outputs[stateOutputs[i]] = inputs[stateInputs[i]];
      inputs[stateInputs[i]] = next;
    }
  }

  /** Zeroes the state, as at the start of a stream (missed frames are kept: see {@link #forgetMissedFrames}). */
  void resetState() {
    for (int i = 0; i < stateOutputs.length; i++) {
      zero(inputs[stateInputs[i]].bytes());
      zero(outputs[stateOutputs[i]].bytes());
    }
  }

  void forgetMissedFrames() {
    ringCount = 0;
    ringNext = 0;
  }

  /** Copies the bound (non-state) inputs of a missed frame into the replay ring, oldest overwritten. */
  void captureMissedFrame() {
    if (ring.length == 0) {
      return;
    }
    ByteBuffer[] slot = ring[ringNext];
    for (int i = 0; i < framedInputs.length; i++) {
      copy(inputs[framedInputs[i]].bytes(), slot[i]);
    }
    ringNext = (ringNext + 1) % ring.length;
    ringCount = Math.min(ringCount + 1, ring.length);
  }

  /** Missed frames kept for replay. */
  int missedFrames() {
    return ringCount;
  }

  /** Writes the {@code k}-th oldest kept frame into the bound inputs. */
  void loadMissedFrame(int k) {
    ByteBuffer[] slot = ring[(ringNext - ringCount + k + ring.length) % ring.length];
    for (int i = 0; i < framedInputs.length; i++) {
      copy(slot[i], inputs[framedInputs[i]].bytes());
    }
  }

  /** Whole-buffer copy with relative bulk calls (absolute bulk put is Java 16 / Android API 35). */
  private static void copy(ByteBuffer from, ByteBuffer to) {
    ((Buffer) from).clear();
    ((Buffer) to).clear();
    to.put(from);
    ((Buffer) from).clear();
    ((Buffer) to).clear();
  }

  private static void zero(ByteBuffer b) {
    for (int i = 0; i < b.capacity(); i++) {
      b.put(i, (byte) 0);
    }
  }

  /**
   * Adds one measured run (of an inference that started at {@code now}; its energy may be negative,
   * a read-cost correction larger than the run) and schedules the next
   * measurement {@code period} runs later. The first run is cold (class loading, JIT, caches, the
   * backend's lazy allocations): it is the estimate only until a later run is measured. After that
   * the estimate is the mean of the warm runs, moving over the last {@link #HORIZON} of them so a
   * cost that drifts (DVFS, thermal throttling, another power draw on a measured rail) is followed.
   */
  void sampled(long nanojoules, int period, long now) {
    samples++;
    long warm = samples - 1;
    perRunNanojoules = warm == 0 ? nanojoules
        : perRunNanojoules + (nanojoules - perRunNanojoules) / Math.min(warm, HORIZON);
    lastSampleNanos = now;
    untilSample = period == 1 ? 0 : nextGap(period) - 1;
  }

  /**
   * Runs until the next measurement: uniform in [period/2, period/2 + period), mean ≈ period. A fixed
   * gap aliases with periodic work: in a benchmark that ran 256 inputs per pipeline in turn,
   * sampling 1 in 256 measured the first, cold run of every block and charged 4× every-run's figure.
   */
  private int nextGap(int period) {
    jitter ^= jitter << 13;   // xorshift64: deterministic, allocation-free
    jitter ^= jitter >>> 7;
    jitter ^= jitter << 17;
    return period / 2 + (int) Long.remainderUnsigned(jitter, period);
  }

  /**
   * Energy of an unmeasured run: the stage's energy per measured run (see {@link #sampled}); 0 before
   * any measured run. Not wall time × power: a run that was preempted keeps its wall time but burns
   * no CPU, and the estimate must not charge it.
   */
  long extrapolate() {
    return Math.max(0, Math.round(perRunNanojoules));
  }

  /**
   * Whether the run about to start (in an inference that started at {@code now}) must be measured.
   * Once {@code intervalNanos} passed since the last measured run, the run <em>after</em> this one is
   * measured: the first run after a pause (the thread was preempted, or the app was idle) is cold,
   * and measuring exactly those would bias the estimate upwards (length-biased sampling).
   */
  boolean dueForSample(long now, long intervalNanos) {
    if (untilSample > 1 && now - lastSampleNanos >= intervalNanos) {
      untilSample = 1;
    }
    return untilSample == 0;
  }

  void resetSampling() {
    untilSample = 0;
    samples = 0;
    perRunNanojoules = 0;
    lastSampleNanos = 0;
    jitter = 0x9E3779B97F4A7C15L;
  }
}
