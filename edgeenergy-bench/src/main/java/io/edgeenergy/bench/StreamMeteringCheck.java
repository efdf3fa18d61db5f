package io.edgeenergy.bench;

import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.examples.audio.LogMel;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Stage;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.edgeenergy.stream.DropPolicy;
import io.edgeenergy.stream.StreamRunner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * The default metering (wall-clock windows with the CPU-time estimator), sampled and every-run metering
 * on a stream chain, against the truth of an unmetered chain: energy gate (plain Java, every 32 ms chunk) →
 * Silero VAD v5 (stateful stage, on chunks the gate passes) → keyword model ({@code keyword_dscnn_small}, 5.9k params,
 * on the log-mel features of the last second, when the VAD hears speech), run by {@link StreamRunner}
 * on a stream of every clip in {@code models/audio/pool} with 1.5 s of room tone (−55 dBFS, seeded)
 * between them. Four chains over their own model instances, fed the same chunks in blocks of 256
 * (so all see the same machine phases); reports each stage's joules per run and the chain's joules
 * per hour of stream from each ledger, and the thread CPU time (× the estimator's power) read around
 * each block of the fourth chain, which never reads the meter after each stage's first run: the truth
 * for the whole chain (also the log-mel features the keyword tier's input binder computes, and the
 * runner's own work, which no ledger holds). Usage, from the repository root: {@code java -cp
 * edgeenergy-bench/target/benchmarks.jar io.edgeenergy.bench.StreamMeteringCheck [passes] [n]
 * [interval-ms]}.
 */
public final class StreamMeteringCheck {
  private static final int RATE = 16_000;
  private static final int HOP = 512;
  private static final int CONTEXT = 64;
  private static final int BLOCK = 256;

  private StreamMeteringCheck() {}

  public static void main(String[] args) throws IOException, UnsupportedAudioFileException {
    int passes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int period = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    long intervalMs = args.length > 2 ? Long.parseLong(args[2]) : 0;
    Path audio = BenchModels.dir().getParent().resolve("audio");
    float[] stream = stream(audio.resolve("pool"));
    try (EnergyMeter meter = EnergyMeters.detect().meter();
         Chain every = new Chain(audio, meter, Metering.everyRun());
         Chain byDefault = new Chain(audio, meter, Metering.defaults());
         Chain sampled = new Chain(audio, meter, Metering.sampled(period, Duration.ofMillis(intervalMs)));
         Chain unmetered = new Chain(audio, meter, Metering.sampled(Integer.MAX_VALUE))) {
      Chain[] chains = {every, byDefault, sampled};
      int chunks = stream.length / HOP;
      double truth = 0;
      long overhead = every.pipeline.meterOverheadNanojoules();
      for (int p = 0; p < passes + 1; p++) {
        if (p == 1) {   // the first pass warms up (JIT, caches); its figures are dropped
          for (Chain c : chains) {
            c.runner.reset();
          }
          truth = 0;
        }
        for (int from = 0; from < chunks; from += BLOCK) {
          int to = Math.min(chunks, from + BLOCK);
          for (Chain c : chains) {
            c.push(stream, from, to);
          }
          long t0 = meter.readNanojoules();
          unmetered.push(stream, from, to);
          truth += meter.readNanojoules() - t0 - overhead;
        }
      }
      for (Chain c : chains) {
        c.runner.finish();
      }
      System.out.printf(Locale.ROOT, "stream %.1f s x %d passes, meter %s; default = %s; sampled = %s; read overhead %d nJ%n",
          stream.length / (double) RATE, passes, meter.name(), byDefault.pipeline.metering(), sampled.pipeline.metering(),
          overhead);
      LedgerSnapshot[] s = new LedgerSnapshot[chains.length];
      for (int m = 0; m < chains.length; m++) {
        s[m] = chains[m].pipeline.ledger().snapshot();
      }
      System.out.printf(Locale.ROOT, "%-8s %15s %10s %10s %10s | %s%n", "µJ/run", "runs", "every run", "default",
          "sampled", "default / every run, sampled / every run");
      for (int t = 0; t < s[0].tiers().size(); t++) {
        double[] per = new double[chains.length];
        for (int m = 0; m < chains.length; m++) {
          per[m] = s[m].tiers().get(t).stages().get(0).meanPerRun().toMicrojoules();
        }
        System.out.printf(Locale.ROOT, "%-8s %15d %10.3f %10.3f %10.3f | %.4f %.4f%n", s[0].tiers().get(t).name(),
            s[0].tiers().get(t).stages().get(0).runs(), per[0], per[1], per[2], per[1] / per[0], per[2] / per[0]);
      }
      // the keyword tier's input binder computes the log-mel features of the last second: the default's
      // windows hold it (a window opens where the last one closed), every-run windows hold the model call only
      double logMel = logMelMicrojoules(meter, overhead);
      System.out.printf(Locale.ROOT, "log-mel of the last second (the keyword binder), block-measured: %.3f µJ/call;"
          + " keyword default minus it %.3f µJ/run (%.4f of every run)%n", logMel,
          s[1].tiers().get(2).stages().get(0).meanPerRun().toMicrojoules() - logMel,
          (s[1].tiers().get(2).stages().get(0).meanPerRun().toMicrojoules() - logMel)
              / s[0].tiers().get(2).stages().get(0).meanPerRun().toMicrojoules());
      double[] jh = new double[chains.length];
      double[] total = new double[chains.length];
      for (int m = 0; m < chains.length; m++) {
        jh[m] = chains[m].runner.report().joulesPerHour();
        total[m] = s[m].total().toMicrojoules();
      }
      double truthMicro = truth / 1e3;
      System.out.printf(Locale.ROOT, "chain J/h of stream: every run %.4f, default %.4f (%.4f), sampled %.4f (%.4f)%n",
          jh[0], jh[1], jh[1] / jh[0], jh[2], jh[2] / jh[0]);
      System.out.printf(Locale.ROOT, "chain total µJ over %d chunks: every run %.0f (%.4f of truth), default %.0f (%.4f),"
          + " sampled %.0f (%.4f); truth (thread CPU of the unmetered chain, runner included) %.0f%n", passes * chunks,
          total[0], total[0] / truthMicro, total[1], total[1] / truthMicro, total[2], total[2] / truthMicro, truthMicro);
    }
  }

  /** What one log-mel of a second of audio costs, µJ: the thread's CPU time around a block of them. */
  private static double logMelMicrojoules(EnergyMeter meter, long overhead) {
    LogMel mel = new LogMel();
    float[] second = new float[LogMel.CLIP];
    float[] features = new float[LogMel.FRAMES * LogMel.MELS];
    for (int i = 0; i < second.length; i++) {
      second[i] = (float) Math.sin(i * 0.05) * 0.1f;
    }
    for (int i = 0; i < 2 * BLOCK; i++) {   // warm-up
      mel.window(second, 0, features);
    }
    long t0 = meter.readNanojoules();
    for (int i = 0; i < 4 * BLOCK; i++) {
      mel.window(second, 0, features);
    }
    return (meter.readNanojoules() - t0 - overhead) / 1e3 / (4 * BLOCK);
  }

  /** Every pool clip in name order, each followed by 1.5 s of room tone; room tone first too. */
  static float[] stream(Path pool) throws IOException, UnsupportedAudioFileException {
    List<Path> clips;
    try (Stream<Path> s = Files.list(pool)) {
      clips = s.filter(f -> f.toString().endsWith(".wav")).sorted().toList();
    }
    Random noise = new Random(12);
    float tone = (float) Math.pow(10, -55 / 20.0);
    List<float[]> parts = new ArrayList<>();
    int gap = RATE * 3 / 2;
    for (Path clip : clips) {
      float[] silence = new float[gap];
      for (int i = 0; i < gap; i++) {
        silence[i] = (float) noise.nextGaussian() * tone;
      }
      parts.add(silence);
      parts.add(pcm16(clip));
    }
    int n = parts.stream().mapToInt(p -> p.length).sum();
    float[] out = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static float[] pcm16(Path wav) throws IOException, UnsupportedAudioFileException {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
      var f = in.getFormat();
      if (f.getSampleRate() != RATE || f.getChannels() != 1 || f.getSampleSizeInBits() != 16) {
        throw new IOException(wav + ": expected 16 kHz 16-bit mono PCM, got " + f);
      }
      ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      float[] x = new float[b.remaining() / 2];
      for (int i = 0; i < x.length; i++) {
        x[i] = b.getShort() / 32768f;
      }
      return x;
    }
  }

  /** One chain on its own models, with the last second of audio kept for the keyword features. */
  private static final class Chain implements AutoCloseable {
    final Model vad;
    final Model keyword;
    final TieredInferencePipeline<float[]> pipeline;
    final StreamRunner<float[]> runner;
    private final float[] second = new float[LogMel.CLIP];
    private final float[] features = new float[LogMel.FRAMES * LogMel.MELS];
    private final LogMel logMel = new LogMel();

    Chain(Path audio, EnergyMeter meter, Metering metering) {
      vad = InferenceBackends.load(audio.resolve("silero_vad_16k_op15.onnx"), ModelOptions.defaults());
      keyword = InferenceBackends.load(audio.resolve("keyword_dscnn_small.onnx"), ModelOptions.defaults());
      InputBinder<float[]> lastSecond = (window, tensors) -> {
        logMel.window(second, 0, features);
        tensors[0].floats().put(0, features);
      };
      pipeline = TieredInferencePipeline.<float[]>builder()
          .tier(Tier.<float[]>builder("energy")
              .stage(Stage.floats("energy", CONTEXT + HOP, "loud", 2, StreamMeteringCheck::energy))
              .input(InputBinder.floats()).scores(ScoreReader.probabilities("loud")).build())
          .gate(GatePolicy.classTrigger(1, 0.5, 0.5, 8))
          .tier(Tier.<float[]>builder("vad")
              .stage(Stage.model(vad).shape("input", 1, CONTEXT + HOP).shape("state", 2, 1, 128)
                  .constant("sr", RATE).state("stateN", "state").build())
              .input(InputBinder.floats()).scores(ScoreReader.binary("output")).build())
          .gate(GatePolicy.classTrigger(1, 0.5, 0.35, 6))
          .tier(Tier.<float[]>builder("keyword").model(keyword).input(lastSecond)
              .scores(ScoreReader.probabilities("probs")).build())
          .meter(meter).metering(metering).build();
      runner = StreamRunner.audio(pipeline, RATE, HOP, CONTEXT).dropPolicy(DropPolicy.never()).build();
    }

    /** Chunks [from, to) of the stream: the last second slides, then the runner gets the chunk. */
    void push(float[] stream, int from, int to) {
      for (int c = from; c < to; c++) {
        System.arraycopy(second, HOP, second, 0, second.length - HOP);
        System.arraycopy(stream, c * HOP, second, second.length - HOP, HOP);
        runner.samples(RATE, stream, c * HOP, HOP);
      }
    }

    @Override
    public void close() {
      pipeline.close();
      keyword.close();
      vad.close();
    }
  }

  /** The energy gate: [quiet, loud] by the RMS of the chunk's new samples against −45 dBFS. */
  private static void energy(float[] window, float[] out) {
    double sum = 0;
    for (int i = CONTEXT; i < window.length; i++) {
      sum += window[i] * window[i];
    }
    boolean loud = sum / HOP >= 3.1622776601683795E-5;   // (10^(-45/20))^2
    out[0] = loud ? 0 : 1;
    out[1] = loud ? 1 : 0;
  }
}
