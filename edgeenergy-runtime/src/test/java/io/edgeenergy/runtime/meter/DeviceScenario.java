package io.edgeenergy.runtime.meter;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.testkit.ScriptedModel;
import io.edgeenergy.testkit.device.DeviceFault;
import io.edgeenergy.testkit.device.PowerTrace;
import io.edgeenergy.testkit.device.SimulatedDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one scenario on a live {@link SimulatedDevice}: its real meter with its real sampler thread,
 * 8 threads each running its own two-tier pipeline on plain function models, one shared budget, a
 * watcher that reads the meter all along; then checks the invariants and returns the figures.
 */
final class DeviceScenario {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceScenario.class);
  static final int THREADS = 8;
  private static final float[] SURE = {0.95f, 0.05f};
  private static final float[] UNSURE = {0.6f, 0.4f};

  /** What a scenario measured. */
  record Figures(SimulatedDevice.Kind kind, long inferences, long meterReads, long monotonicViolations,
      double measuredJ, double trueJ, double errorJ, double boundJ, List<Throwable> escaped,
      boolean countingAtEnd, String reason, long leftoverFds, List<String> leftoverThreads,
      java.util.Map<DeviceFault.Kind, Integer> faults, long gateRefusals, Duration maxSampleGap,
      Duration maxWriteGap, long ledgerMismatches, long budgetUsedNj, long resultsNj) {
    String row() {
      return String.format(Locale.ROOT, "| %s | %,d | %d | %,d | %d | %.4f | %.4f | %.4f (%.2f %%) | %.4f | %s | %s |",
          kind, inferences, THREADS, meterReads, monotonicViolations, measuredJ, trueJ, errorJ,
          trueJ == 0 ? 0 : 100 * errorJ / trueJ, boundJ, faults.isEmpty() ? "-" : faults, maxSampleGap.toMillis() + " ms");
    }
  }

  private DeviceScenario() {}

  /** The longest {@link #runUntilTheMeterStops} waits for the meter to stop: a bound for failing, not a sync. */
  private static final Duration STOP_CAP = Duration.ofSeconds(60);

  /** Runs at least {@code minInferences} and {@code minDuration}, whichever ends later. */
  static Figures run(SimulatedDevice.Builder builder, long minInferences, Duration minDuration) throws Exception {
    return run(builder, minInferences, minDuration, false);
  }

  /**
   * Like {@link #run(SimulatedDevice.Builder, long, Duration)}, and the pipelines go on until the meter
   * has stopped counting (at most {@link #STOP_CAP}): for a fault that lasts until the device closes, so
   * the outcome no longer depends on a sample landing inside a fault window (a loaded machine delays
   * the sampler by more than such a window).
   */
  static Figures runUntilTheMeterStops(SimulatedDevice.Builder builder, long minInferences, Duration minDuration)
      throws Exception {
    return run(builder, minInferences, minDuration, true);
  }

  private static Figures run(SimulatedDevice.Builder builder, long minInferences, Duration minDuration,
      boolean untilStopped) throws Exception {
    List<String> threadsBefore = edgeenergyThreads();
    ConcurrentLinkedQueue<Throwable> escaped = new ConcurrentLinkedQueue<>();
    SimulatedDevice dev = builder.build();
    Path root = dev.root();
    DeviceMeters.Opened opened = DeviceMeters.open(dev);
    EnergyMeter meter = opened.meter();
    assertThat(meter.availability().available()).as("%s: %s", dev, meter.availability()).isTrue();

    AtomicBoolean watching = new AtomicBoolean(true);
    AtomicLong reads = new AtomicLong();
    AtomicLong violations = new AtomicLong();
    Thread watcher = new Thread(() -> {
      long last = Long.MIN_VALUE;
      while (watching.get()) {
        long r = meter.readNanojoules();
        if (r < last) {
          violations.incrementAndGet();
        }
        last = Math.max(last, r);
        reads.incrementAndGet();
        java.util.concurrent.locks.LockSupport.parkNanos(20_000);
      }
    }, "replay-watcher");

    EnergyBudget budget = EnergyBudget.builder().battery(Energy.ofJoules(1e9)).build();
    AtomicLong total = new AtomicLong();
    long[][] tallies = new long[THREADS][];
    List<TieredInferencePipeline<float[]>> pipelines = new ArrayList<>();
    List<ScriptedModel> models = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(THREADS);
    long[] deadline = new long[2];   // the minimum duration's end; the cap of waiting for the meter to stop
    for (int i = 0; i < THREADS; i++) {
      // plain function models: the tiny one is unsure on a third of the inputs, which go to the big one
      ScriptedModel tiny = ScriptedModel.builder("tiny-" + i).classes(2).function(x -> x[0] < 0.33f ? UNSURE : SURE).build();
      ScriptedModel big = ScriptedModel.builder("big-" + i).classes(2).function(x -> SURE).build();
      models.add(tiny);
      models.add(big);
      TieredInferencePipeline<float[]> p = TieredInferencePipeline.<float[]>builder()
          .tier(Tier.<float[]>builder("tiny").model(tiny).input(InputBinder.floats()).scores(ScoreReader.probabilities("probs")).build())
          .gate(GatePolicy.maxProbability(0.9))
          .tier(Tier.<float[]>builder("big").model(big).input(InputBinder.floats()).scores(ScoreReader.probabilities("probs")).build())
          .meter(meter).budget(budget).build();
      pipelines.add(p);
      final int id = i;
      tallies[i] = new long[4];   // inferences, nJ of the results, reached tier 1, results labelled ESTIMATED
      Thread w = new Thread(() -> {
        float[] x = new float[64];
        long[] t = tallies[id];
        try {
          go.await();
          while (total.get() < minInferences || System.nanoTime() < deadline[0]
              || untilStopped && meter.isCounting() && System.nanoTime() < deadline[1]) {
            for (int k = 0; k < 500; k++) {
              x[0] = ((t[0] * 7 + id) % 100) / 100f;
              InferenceResult r = p.run(x);
              t[0]++;
              t[1] += r.nanojoules();
              t[2] += r.tier() == 1 ? 1 : 0;
              t[3] += r.quality() == io.edgeenergy.EnergyQuality.ESTIMATED ? 1 : 0;
            }
            total.addAndGet(500);
          }
        } catch (Throwable e) {
          escaped.add(e);
        } finally {
          done.countDown();
        }
      }, "replay-worker-" + i);
      w.setUncaughtExceptionHandler((th, e) -> escaped.add(e));
      w.start();
    }
    // the trace starts now; the window opens once the sampler has read the running device a few times
    dev.start();
    Thread.sleep(300);
    long t0 = System.nanoTime();
    long m0 = meter.readNanojoules();
    long t0b = System.nanoTime();
    deadline[0] = t0 + minDuration.toNanos();
    deadline[1] = t0 + STOP_CAP.toNanos();
    watcher.start();
    go.countDown();
    done.await();
    long t1 = System.nanoTime();
    long m1 = meter.readNanojoules();
    long t1b = System.nanoTime();
    watching.set(false);
    watcher.join();

    boolean counting = meter.isCounting();
    String reason = meter.availability().reason();
    double trueNj = dev.trueNanojoules((t0 + t0b) / 2, (t1 + t1b) / 2);
    double bound = (dev.counterDevice() ? dev.counterErrorBoundNanojoules()
        : dev.sampledErrorBoundNanojoules(t0, t1, opened.samples().starts(), opened.samples().ends(), opened.maxTailNanos()))
        + dev.trace().maxMicrowatts() * ((t0b - t0) + (t1b - t1)) / 1e6;

    long mismatches = 0;
    long resultsNj = 0;
    long inferences = 0;
    for (int i = 0; i < THREADS; i++) {
      LedgerSnapshot s = pipelines.get(i).ledger().snapshot();
      long[] t = tallies[i];
      inferences += t[0];
      resultsNj += t[1];
      // conservation, each path counted independently: the results the caller saw, the ledger's total,
      // the ledger's parts per tier and model, and how many runs each tier had
      mismatches += s.inferences() != t[0] ? 1 : 0;
      mismatches += s.total().nanojoules() != t[1] ? 1 : 0;
      mismatches += s.sumOfStages().nanojoules() != t[1] ? 1 : 0;
      mismatches += s.tiers().get(0).runs() != t[0] ? 1 : 0;
      mismatches += s.tiers().get(1).runs() != t[2] ? 1 : 0;
      mismatches += models.get(2 * i).runs() != t[0] ? 1 : 0;
      mismatches += models.get(2 * i + 1).runs() != t[2] ? 1 : 0;
      pipelines.get(i).close();
    }
    long budgetUsed = budget.used().nanojoules();
    meter.close();
    for (ScriptedModel m : models) {
      m.close();
    }
    dev.close();
    long fds = fdsUnder(root);   // the meter's and the device's files: a deleted file still open shows here
    List<String> leftover = awaitThreadsGone(threadsBefore);
    Figures f = new Figures(dev.kind(), inferences, reads.get(), violations.get(), (m1 - m0) / 1e9, trueNj / 1e9,
        Math.abs(m1 - m0 - trueNj) / 1e9, bound / 1e9, List.copyOf(escaped), counting, reason, fds, leftover,
        dev.faultsApplied(), dev.gate().refusals(), Duration.ofNanos(opened.samples().maxGapNanos()), dev.maxWriteGap(),
        mismatches, budgetUsed, resultsNj);
    LOG.info("{}", f.row());
    return f;
  }

  /** Threads the SDK or the device started: sampler, writer. */
  static List<String> edgeenergyThreads() {
    List<String> out = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith("edgeenergy-")) {
        out.add(t.getName());
      }
    }
    return out;
  }

  private static List<String> awaitThreadsGone(List<String> before) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    List<String> extra;
    do {
      extra = new ArrayList<>(edgeenergyThreads());
      extra.removeAll(before);
      if (extra.isEmpty()) {
        return extra;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    return extra;
  }

  /** Open file descriptors of this process that point into {@code dir} ({@code /proc/self/fd}). */
  static long fdsUnder(Path dir) throws IOException {
    long n = 0;
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          if (Files.readSymbolicLink(fd).toString().startsWith(dir.toString())) {
            n++;
          }
        } catch (IOException e) {
          // the fd closed while we listed: not ours to count
        }
      }
    }
    return n;
  }

  static PowerTrace trace(SimulatedDevice.Kind kind) {
    double peak = switch (kind) {
      case RAPL, AMD_ENERGY -> 45;
      case JETSON_JETPACK5, JETSON_JETPACK4 -> 10;
      case BATTERY -> 15;
      case RASPBERRY_PI5 -> 9;
    };
    return PowerTrace.standard(kind.ordinal() + 1, peak);
  }
}
