package io.edgeenergy.pipeline;

import io.edgeenergy.internal.MutablePrediction;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.Tensor;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * One call site of a built pipeline: its bound tensors, score reader, reused prediction, its metering
 * statistics ({@link StageEnergy}) and, for a stateful stage, its state pairs and skip bookkeeping.
 */
final class StageRun {
  final Model model;
  final Tensor[] inputs;
  final Tensor[] outputs;
  final ScoreReader.Bound reader;
  final MutablePrediction prediction;
  final StageOutputs view;
  /** When this stage is metered next, and what its unmeasured runs are charged. */
  final StageEnergy energy = new StageEnergy();

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
}
