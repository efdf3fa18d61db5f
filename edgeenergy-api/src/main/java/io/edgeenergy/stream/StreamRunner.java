package io.edgeenergy.stream;

import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Feeds an always-on stream to a {@link TieredInferencePipeline} in stream time and says what it
 * found and cost.
 *
 * <ul>
 *   <li><b>Framing.</b> {@link #audio} cuts samples into windows of {@code context + hop} samples
 *       advancing by {@code hop} (Silero VAD v5 at 16 kHz: 64 + 512); the first window's context is
 *       zeros. {@link #frames} takes frames as they come (video). Frame {@code k} starts at stream
 *       time {@code k × period}.
 *   <li><b>Events.</b> A frame is an event frame when the event test accepts its result (default: the
 *       last tier answered a class other than 0). Event frames closer than the hang-over join into one
 *       {@link StreamEvent} (onset, offset, peak confidence), declared when the hang-over runs out or
 *       at {@link #finish()}.
 *   <li><b>Real time.</b> Frames the pipeline cannot keep up with are dropped by the
 *       {@link DropPolicy} and counted.
 *   <li><b>Bad input.</b> A wrong sample rate or frame size is a {@link StreamFormatException}; a
 *       window (or {@code float[]} frame) holding a NaN or infinite sample is not run, counted as
 *       skipped, and counts as a non-event frame.
 *   <li><b>Report.</b> {@link #report()}: per-stage duty cycle, joules per hour of stream, battery
 *       life always on, with the device's base power.
 * </ul>
 *
 * <p>The runner owns the pipeline for the stream: it {@linkplain TieredInferencePipeline#reset()
 * resets} it when built and on {@link #reset()}, so the ledger holds this stream only. Single-threaded,
 * like the pipeline; allocation-free per frame except when an event is declared.
 *
 * <pre>{@code
 * StreamRunner<float[]> vad = StreamRunner.audio(pipeline, 16_000, 512, 64)
 *     .hangover(Duration.ofMillis(200)).build();
 * vad.samples(16_000, pcm, 0, pcm.length);
 * vad.finish();
 * StreamReport r = vad.report();   // r.events(), r.joulesPerHour(), r.batteryLife(battery, basePower)
 * }</pre>
 *
 * @param <I> the pipeline's input type ({@code float[]} windows for audio)
 */
public final class StreamRunner<I> {
  private final TieredInferencePipeline<I> pipeline;
  private final long periodNanos;
  private final Predicate<InferenceResult> isEvent;
  private final long hangoverFrames;
  private final DropPolicy drop;
  private final Consumer<StreamEvent> listener;
  private final int frameLength;
  private final AudioWindows audio;
  private final List<StreamEvent> events = new ArrayList<>();
  private long frames;
  private long framesRun;
  private long dropped;
  private long skipped;
  private long lagNanos;
  private long maxLagNanos;
  private boolean inEvent;
  private long onsetFrame;
  private long lastEventFrame;
  private long eventFrames;
  private float peak;

  private StreamRunner(Builder<I> b, AudioWindows audio) {
    this.pipeline = b.pipeline;
    this.periodNanos = b.periodNanos;
    int lastTier = b.pipeline.tiers().size() - 1;
    this.isEvent = b.isEvent != null ? b.isEvent : r -> r.hasAnswer() && r.tier() == lastTier && r.top1() != 0;
    this.hangoverFrames = b.hangover == null ? 0 : Math.max(0, (b.hangover.toNanos() + periodNanos - 1) / periodNanos);
    this.drop = b.drop;
    this.listener = b.listener;
    this.frameLength = b.frameLength;
    this.audio = audio;
    pipeline.reset();
  }

  /** A runner for frames that arrive one per {@code framePeriod} (video, or audio framed elsewhere). */
  public static <I> Builder<I> frames(TieredInferencePipeline<I> pipeline, Duration framePeriod) {
    if (framePeriod.isNegative() || framePeriod.isZero()) {
      throw new IllegalArgumentException("frame period must be > 0, was " + framePeriod);
    }
    return new Builder<>(pipeline, framePeriod.toNanos(), 0, 0, 0);
  }

  /**
   * A runner for audio at {@code sampleRate} Hz, cut into windows of {@code context} samples of the
   * past plus {@code hop} new samples (the pipeline's input, a reused {@code float[context + hop]}).
   */
  public static Builder<float[]> audio(TieredInferencePipeline<float[]> pipeline, int sampleRate, int hop, int context) {
    if (sampleRate < 1 || hop < 1 || context < 0) {
      throw new IllegalArgumentException("audio framing needs sampleRate >= 1 Hz, hop >= 1 and context >= 0 samples,"
          + " was " + sampleRate + " Hz, hop " + hop + ", context " + context);
    }
    long period = Math.round(hop * 1e9 / sampleRate);
    return new Builder<>(pipeline, period, sampleRate, hop, context);
  }

  /**
   * Pushes {@code length} samples of audio at {@code sampleRate} Hz; runs the pipeline on every window
   * completed. Samples may come in any chunk size.
   *
   * @throws StreamFormatException the rate is not the runner's
   * @throws IllegalStateException this runner takes frames, not samples
   */
  @SuppressWarnings("unchecked")
  public void samples(int sampleRate, float[] samples, int offset, int length) {
    if (audio == null) {
      throw new IllegalStateException("this runner takes frames: build it with StreamRunner.audio(...) for samples");
    }
    if (offset < 0 || length < 0 || offset > samples.length - length) {
      throw new IndexOutOfBoundsException("samples [" + offset + ", " + offset + " + " + length + ") outside an array of "
          + samples.length);
    }
    if (sampleRate != audio.sampleRate) {
      throw new StreamFormatException("the stream runs at " + audio.sampleRate + " Hz but the source gave " + sampleRate
          + " Hz: resample it first (e.g. sox in.wav -r " + audio.sampleRate + " out.wav)");
    }
    int end = offset + length;
    while (offset < end) {
      offset = audio.fill(samples, offset, end);
      if (audio.full()) {
        step((I) audio.window, audio.finite());
        audio.advance();
      }
    }
  }

  /**
   * Runs one frame; returns the pipeline's (reused) result, or {@code null} if the frame was dropped
   * or skipped.
   *
   * @throws StreamFormatException a {@code float[]} frame of the wrong length (see
   *     {@link Builder#frameLength})
   */
  public InferenceResult frame(I frame) {
    if (audio != null) {
      throw new IllegalStateException("this runner cuts audio: pass samples(...), not frames");
    }
    boolean finite = true;
    if (frame instanceof float[] f) {
      if (frameLength > 0 && f.length != frameLength) {
        throw new StreamFormatException("frame " + frames + " holds " + f.length + " values, the stream's frames hold "
            + frameLength);
      }
      finite = AudioWindows.allFinite(f, 0, f.length);
    }
    return step(frame, finite);
  }

  private InferenceResult step(I frame, boolean finite) {
    long k = frames++;
    if (!finite) {
      skipped++;
      payLag();
      decide(k, false, 0);
      return null;
    }
    if (lagNanos > drop.maxLagNanos()) {
      dropped++;
      payLag();
      decide(k, false, 0);
      return null;
    }
    InferenceResult r = pipeline.run(frame);
    framesRun++;
    lagNanos = Math.max(0, lagNanos + r.latencyNanos() - periodNanos);
    maxLagNanos = Math.max(maxLagNanos, lagNanos);
    boolean event = isEvent.test(r);
    decide(k, event, event ? r.confidence() : 0);
    return r;
  }

  /** A frame period passes without work. */
  private void payLag() {
    lagNanos = Math.max(0, lagNanos - periodNanos);
  }

  private void decide(long k, boolean event, float confidence) {
    if (event) {
      if (!inEvent) {
        inEvent = true;
        onsetFrame = k;
        eventFrames = 0;
        peak = Float.NEGATIVE_INFINITY;
      }
      lastEventFrame = k;
      eventFrames++;
      peak = Math.max(peak, confidence);
    } else if (inEvent && k - lastEventFrame > hangoverFrames) {
      closeEvent();
    }
  }

  private void closeEvent() {
    inEvent = false;
    StreamEvent e = new StreamEvent(timeOf(onsetFrame), timeOf(lastEventFrame + 1), eventFrames, peak);
    events.add(e);
    if (listener != null) {
      listener.accept(e);
    }
  }

  /** The stream time at which frame {@code k} starts. */
  public Duration timeOf(long k) {
    return Duration.ofNanos(Math.multiplyExact(k, periodNanos));
  }

  /** Ends the stream: an event still open is declared (its offset is its last event frame's end). */
  public void finish() {
    if (inEvent) {
      closeEvent();
    }
  }

  /** Starts a new stream: resets the pipeline (ledger, gates, state), the framing and every counter. */
  public void reset() {
    pipeline.reset();
    if (audio != null) {
      audio.clear();
    }
    events.clear();
    frames = framesRun = dropped = skipped = lagNanos = maxLagNanos = 0;
    inEvent = false;
  }

  /** The stream so far (call {@link #finish()} first to include an event still open). */
  public StreamReport report() {
    LedgerSnapshot s = pipeline.ledger().snapshot();
    long streamNanos = Math.multiplyExact(frames, periodNanos);
    List<StreamReport.StageDuty> duties = new ArrayList<>();
    for (LedgerSnapshot.TierStats tier : s.tiers()) {
      for (LedgerSnapshot.StageStats st : tier.stages()) {
        duties.add(new StreamReport.StageDuty(tier.name(), st.model(), st.runs(),
            frames == 0 ? 0 : (double) st.runs() / frames, streamNanos == 0 ? 0 : (double) st.wallNanos() / streamNanos,
            st.energy()));
      }
    }
    return new StreamReport(Duration.ofNanos(streamNanos), frames, framesRun, dropped, skipped,
        Duration.ofNanos(maxLagNanos), s.total(), s.quality(), duties, events);
  }

  /** The pipeline it feeds. */
  public TieredInferencePipeline<I> pipeline() {
    return pipeline;
  }

  /** Builder for {@link StreamRunner}. */
  public static final class Builder<I> {
    private final TieredInferencePipeline<I> pipeline;
    private final long periodNanos;
    private final int sampleRate;
    private final int hop;
    private final int context;
    private Predicate<InferenceResult> isEvent;
    private Duration hangover;
    private DropPolicy drop = DropPolicy.never();
    private Consumer<StreamEvent> listener;
    private int frameLength;

    private Builder(TieredInferencePipeline<I> pipeline, long periodNanos, int sampleRate, int hop, int context) {
      this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
      this.periodNanos = periodNanos;
      this.sampleRate = sampleRate;
      this.hop = hop;
      this.context = context;
    }

    /** Which results are event frames; default: the last tier answered a class other than 0. */
    public Builder<I> event(Predicate<InferenceResult> test) {
      this.isEvent = Objects.requireNonNull(test, "event");
      return this;
    }

    /** Non-event time that may pass inside one event (rounded up to whole frames); default none. */
    public Builder<I> hangover(Duration time) {
      if (time.isNegative()) {
        throw new IllegalArgumentException("hang-over must be >= 0, was " + time);
      }
      this.hangover = time;
      return this;
    }

    /** What to do when the pipeline falls behind real time; default {@link DropPolicy#never()}. */
    public Builder<I> dropPolicy(DropPolicy policy) {
      this.drop = Objects.requireNonNull(policy, "dropPolicy");
      return this;
    }

    /** Called with each event when it is declared over. */
    public Builder<I> listener(Consumer<StreamEvent> eventListener) {
      this.listener = Objects.requireNonNull(eventListener, "listener");
      return this;
    }

    /** The length every {@code float[]} frame must have (frame streams); checked per frame. */
    public Builder<I> frameLength(int length) {
      if (length < 1) {
        throw new IllegalArgumentException("frame length must be >= 1, was " + length);
      }
      this.frameLength = length;
      return this;
    }

    /** The runner. */
    public StreamRunner<I> build() {
      return new StreamRunner<>(this, sampleRate == 0 ? null : new AudioWindows(sampleRate, hop, context));
    }
  }
}
