package io.edgeenergy.examples.audio;

import io.edgeenergy.model.Model;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.model.Tensors;

/**
 * Silero VAD v5 at 16 kHz run directly on a {@link Model}: each call feeds 64 samples of context
 * (the previous chunk's tail) plus one 512-sample chunk, and carries the recurrent state
 * ({@code stateN → state}) to the next call by swapping the two bound tensors, not copying them.
 *
 * <p>This is the hand-written loop a stateful pipeline stage replaces; tests compare the two.
 * Not thread-safe; owns its tensors (closed by {@link #close()}), not the model.
 */
public final class SileroVad implements AutoCloseable {
  /** Samples per chunk at 16 kHz (32 ms). */
  public static final int CHUNK = 512;
  /** Samples of context before each chunk. */
  public static final int CONTEXT = 64;

  private final Model model;
  private final Tensor[] inputs;
  private final Tensor[] outputs;
  private final int stateIn;
  private final int stateOut;
  private final int inputIndex;
  private final int probIndex;
  private final float[] window = new float[CONTEXT + CHUNK];

  /** Binds tensors for {@code model}, which must have Silero v5's inputs and outputs. */
  public SileroVad(Model model) {
    this.model = model;
    Signature sig = model.signature();
    inputIndex = sig.inputIndex("input");
    stateIn = sig.inputIndex("state");
    probIndex = sig.outputIndex("output");
    stateOut = sig.outputIndex("stateN");
    inputs = new Tensor[sig.inputs().size()];
    outputs = new Tensor[sig.outputs().size()];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = Tensor.allocate(resolve(sig.inputs().get(i)));
    }
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = Tensor.allocate(resolve(sig.outputs().get(i)));
    }
    inputs[sig.inputIndex("sr")].longs().put(0, LogMel.SAMPLE_RATE);
  }

  /** Silero's dynamic dimensions: batch 1, input width 64 + 512, state [2, 1, 128]. */
  private static TensorSpec resolve(TensorSpec spec) {
    if (spec.name().equals("input")) {
      return spec.withShape(1, CONTEXT + CHUNK);
    }
    if (spec.name().startsWith("state")) {
      return spec.withShape(2, 1, 128);
    }
    return spec.concrete();
  }

  /** Speech probability of the chunk {@code samples[from .. from + 512)}; advances the state. */
  public float process(float[] samples, int from) {
    if (from < 0 || from + CHUNK > samples.length) {
      throw new AudioFormatException("a VAD chunk is " + CHUNK + " samples; got [" + from + ", "
          + Math.min(samples.length, from + CHUNK) + ") of " + samples.length);
    }
    System.arraycopy(samples, from, window, CONTEXT, CHUNK);
    inputs[inputIndex].put(window);
    model.run(inputs, outputs);
    System.arraycopy(window, CHUNK, window, 0, CONTEXT); // the chunk's tail is the next context
    Tensor next = outputs[stateOut];                   // swap, so stateN becomes the next state
    outputs[stateOut] = inputs[stateIn];
    inputs[stateIn] = next;
    return outputs[probIndex].floats().get(0);
  }

  /** Zeroes the recurrent state and the context, as at the start of a stream. */
  public void reset() {
    java.util.Arrays.fill(window, 0f);
    var s = inputs[stateIn].floats();
    for (int i = 0; i < s.capacity(); i++) {
      s.put(i, 0f);
    }
  }

  @Override
  public void close() {
    new Tensors(inputs, outputs).close();
  }
}
