package io.edgeenergy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.Power;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Stage;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.stream.DropPolicy;
import io.edgeenergy.stream.StreamEvent;
import io.edgeenergy.stream.StreamFormatException;
import io.edgeenergy.stream.StreamReport;
import io.edgeenergy.stream.StreamRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** #10 item 2: framing, events with hang-over, drops, bad input and the stream report. */
class StreamRunnerTest {
  private static final int RATE = 16_000;
  private static final int HOP = 512;
  private static final int CONTEXT = 64;
  private static final Duration PERIOD = Duration.ofMillis(32);

  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.workOnly(ticker);
  private final List<float[]> seen = new ArrayList<>();

  /** An RMS energy gate over the newest hop; records every window it is given. */
  private Stage gate(int length) {
    return Stage.floats("rms-gate", length, "p", 1, (x, out) -> {
      seen.add(x.clone());
      double sum = 0;
      for (int i = x.length - HOP; i < x.length; i++) {
        sum += x[i] * x[i];
      }
      out[0] = Math.sqrt(sum / HOP) > 0.1 ? 1f : 0f;
    });
  }

  private TieredInferencePipeline<float[]> gateOnly(int length) {
    return TieredInferencePipeline.<float[]>builder()
        .tier(Tier.<float[]>builder("gate").stage(gate(length)).input(InputBinder.floats()).scores(ScoreReader.binary("p")).build())
        .meter(meter).ticker(ticker).build();
  }

  /** {@code frames} hops of audio: amplitude 0.5 on the loud frames, 0.01 elsewhere. */
  private static float[] audio(int frames, int... loud) {
    float[] a = new float[frames * HOP];
    for (int f = 0; f < frames; f++) {
      float amp = 0.01f;
      for (int l : loud) {
        amp = l == f ? 0.5f : amp;
      }
      for (int i = 0; i < HOP; i++) {
        a[f * HOP + i] = (i % 2 == 0 ? amp : -amp) + f * 1e-6f;
      }
    }
    return a;
  }

  @Test
  void windowsCarryContextWhateverTheChunkSize() {
    float[] a = audio(4);
    try (var p = gateOnly(HOP + CONTEXT)) {
      StreamRunner<float[]> whole = StreamRunner.audio(p, RATE, HOP, CONTEXT).build();
      whole.samples(RATE, a, 0, a.length);
      List<float[]> wholeWindows = new ArrayList<>(seen);
      seen.clear();
      StreamRunner<float[]> chunked = StreamRunner.audio(p, RATE, HOP, CONTEXT).build();
      for (int off = 0; off < a.length; off += 100) {
        chunked.samples(RATE, a, off, Math.min(100, a.length - off));
      }
      assertThat(seen).hasSize(4);
      for (int k = 0; k < 4; k++) {
        assertThat(seen.get(k)).containsExactly(wholeWindows.get(k));
      }
      float[] first = seen.get(0);
      float[] second = seen.get(1);
      assertThat(first).hasSize(576);
      for (int i = 0; i < CONTEXT; i++) {
        assertThat(first[i]).as("the first window's context is silence").isZero();
        assertThat(second[i]).as("then the previous hop's last samples").isEqualTo(a[HOP - CONTEXT + i]);
      }
      assertThat(second[CONTEXT]).isEqualTo(a[HOP]);
      assertThat(chunked.timeOf(3)).isEqualTo(Duration.ofMillis(96));
      assertThat(chunked.report().streamTime()).isEqualTo(Duration.ofMillis(128));
    }
  }

  @Test
  void gateDecisionsBecomeEventsWithHangover() {
    List<StreamEvent> heard = new ArrayList<>();
    try (var p = gateOnly(HOP + CONTEXT)) {
      StreamRunner<float[]> r = StreamRunner.audio(p, RATE, HOP, CONTEXT).hangover(Duration.ofMillis(40))
          .listener(heard::add).build();
      float[] a = audio(14, 3, 4, 5, 7, 12);   // 6 is a 1-frame gap (< 2 frames of hang-over); 8..11 end it
      r.samples(RATE, a, 0, a.length);
      assertThat(heard).hasSize(1);
      StreamEvent e = heard.get(0);
      assertThat(e.onset()).isEqualTo(Duration.ofMillis(96));
      assertThat(e.offset()).as("end of frame 7").isEqualTo(Duration.ofMillis(256));
      assertThat(e.frames()).isEqualTo(4);
      assertThat(e.peakConfidence()).isEqualTo(1f);
      r.finish();   // frame 12 is still in its hang-over at the end of the stream
      StreamReport rep = r.report();
      assertThat(rep.events()).hasSize(2);
      assertThat(rep.events().get(1).onset()).isEqualTo(Duration.ofMillis(384));
      assertThat(rep.events().get(1).duration()).isEqualTo(PERIOD);
    }
  }

  @Test
  void framesThePipelineCannotKeepUpWithAreDroppedAndCounted() {
    ScriptedModel slow = ScriptedModel.builder("slow").inputSize(4).classes(2).script(new float[] {0.9f, 0.1f})
        .cost(Duration.ofMillis(50), Energy.ofMicrojoules(5), ticker, meter).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(slow.tier()).meter(meter).ticker(ticker).build()) {
      StreamRunner<float[]> live = StreamRunner.frames(p, PERIOD).dropPolicy(DropPolicy.dropWhenBehind(PERIOD)).build();
      int returned = 0;
      for (int k = 0; k < 100; k++) {
        returned += live.frame(new float[4]) == null ? 0 : 1;
      }
      StreamReport rep = live.report();
      assertThat(rep.framesDropped()).as("50 ms of work per 32 ms frame").isPositive();
      assertThat(rep.framesRun() + rep.framesDropped()).isEqualTo(100);
      assertThat(rep.framesRun()).isEqualTo(returned).isEqualTo(slow.runs());
      assertThat(rep.maxLag()).isLessThanOrEqualTo(PERIOD.plus(Duration.ofMillis(18)));
      // keeping up on average: the runs fit in the stream time
      assertThat(rep.framesRun() * 50).isBetween(100L * 32 - 50, 100L * 32 + 50);

      StreamRunner<float[]> offline = StreamRunner.frames(p, PERIOD).build();
      for (int k = 0; k < 10; k++) {
        offline.frame(new float[4]);
      }
      assertThat(offline.report().framesDropped()).isZero();
      assertThat(offline.report().maxLag()).isEqualTo(Duration.ofMillis(180));
    }
  }

  @Test
  void badInputIsAClearErrorOrACountedSkip() {
    try (var p = gateOnly(HOP + CONTEXT)) {
      StreamRunner<float[]> r = StreamRunner.audio(p, RATE, HOP, CONTEXT).build();
      float[] a = audio(4);
      assertThatThrownBy(() -> r.samples(44_100, a, 0, a.length)).isInstanceOf(StreamFormatException.class)
          .hasMessageContaining("16000 Hz").hasMessageContaining("44100 Hz").hasMessageContaining("resample");
      a[HOP + 10] = Float.NaN;   // in frame 1's hop; frame 2's context does not reach it
      r.samples(RATE, a, 0, a.length);
      StreamReport rep = r.report();
      assertThat(rep.framesSkipped()).isEqualTo(1);
      assertThat(rep.framesRun()).isEqualTo(3);
      assertThat(seen).as("the NaN window never reached a stage").hasSize(3);
      assertThat(rep.summary()).contains("1 skipped (non-finite values)");
      assertThatThrownBy(() -> r.frame(new float[576])).isInstanceOf(IllegalStateException.class);
    }
    try (var p = gateOnly(HOP)) {
      StreamRunner<float[]> frames = StreamRunner.frames(p, PERIOD).frameLength(HOP).build();
      assertThatThrownBy(() -> frames.frame(new float[500])).isInstanceOf(StreamFormatException.class)
          .hasMessageContaining("500").hasMessageContaining("512");
      assertThatThrownBy(() -> frames.samples(RATE, new float[10], 0, 10)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void reportGivesDutyCyclesJoulesPerHourAndAnAlwaysOnBatteryLife() {
    ScriptedModel big = ScriptedModel.builder("big").inputSize(HOP + CONTEXT).classes(2).script(new float[] {0.1f, 0.9f})
        .cost(Duration.ofMillis(2), Energy.ofMicrojoules(100), ticker, meter).build();
    try (var p = TieredInferencePipeline.<float[]>builder()
        .tier(Tier.<float[]>builder("gate").stage(gate(HOP + CONTEXT)).input(InputBinder.floats())
            .scores(ScoreReader.binary("p")).build())
        .gate(GatePolicy.classTrigger(1, 0.5, 0.5, 0))
        .tier(big.tier()).meter(meter).ticker(ticker).build()) {
      StreamRunner<float[]> r = StreamRunner.audio(p, RATE, HOP, CONTEXT).build();
      float[] a = audio(100, 10, 11, 12, 13, 50);
      r.samples(RATE, a, 0, a.length);
      r.finish();
      StreamReport rep = r.report();
      assertThat(rep.streamTime()).isEqualTo(Duration.ofMillis(3200));
      assertThat(rep.energy()).isEqualTo(Energy.ofMicrojoules(500));
      assertThat(rep.joulesPerHour()).isCloseTo(500e-6 * 3600 / 3.2, Offset.offset(1e-9));
      assertThat(rep.stages()).extracting(StreamReport.StageDuty::dutyCycle).containsExactly(1.0, 0.05);
      assertThat(rep.stages().get(1).busyFraction()).isCloseTo(5 * 2 / 3200.0, Offset.offset(1e-12));
      assertThat(rep.events()).hasSize(2);
      Duration life = rep.batteryLife(Energy.ofJoules(1000), Power.ofMilliwatts(100));
      assertThat(life.toSeconds()).isEqualTo((long) (1000 / (0.1 + 500e-6 / 3.2)));
      // the same projection for a chain whose power comes from a replay, not from a report
      assertThat(StreamReport.batteryLife(Energy.ofJoules(1000), Power.ofMilliwatts(100), rep.inferencePower()))
          .isEqualTo(life);
      assertThatThrownBy(() -> StreamReport.batteryLife(Energy.ofJoules(1000), Power.ZERO, Power.ZERO))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive draw");
      assertThat(rep.summary()).contains("ran on   5.00 % of frames");
      r.reset();
      assertThat(r.report().frames()).isZero();
      assertThat(p.ledger().snapshot().inferences()).isZero();
    }
  }
}
