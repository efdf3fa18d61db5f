package io.edgeenergy.cli;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.examples.exits.ExitBudgetDay;
import io.edgeenergy.examples.exits.ExitBudgetDay.Day;
import io.edgeenergy.examples.exits.ExitBudgetDay.Outcome;
import io.edgeenergy.examples.exits.ExitData;
import io.edgeenergy.examples.exits.ExitPolicyFamily;
import io.edgeenergy.examples.exits.ExitProbe;
import io.edgeenergy.examples.exits.ExitRecords;
import io.edgeenergy.examples.exits.ExitSweep;
import io.edgeenergy.examples.exits.HeldOutExits;
import io.edgeenergy.examples.exits.OperatingPoint;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.policy.BudgetFollowingExit;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.ExitCurve;
import io.edgeenergy.runtime.meter.EnergyMeters;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Exits that follow the budget, on a replayed day: the real segments of a multi-exit model are run
 * once on the validation and test splits (every exit recorded, joules per segment from the ledger);
 * the validation sweep of one policy family gives the {@link ExitCurve}; the fixed threshold is its
 * most accurate point (what one deploys with energy to spare); the battery is a fraction of what
 * that threshold needs for the day. Then a day of events on a simulated clock,
 * on the test split's recorded exits, with the fixed threshold and with
 * {@link EarlyExitPolicy#following}: how long each lasted, accuracy and joules per hour.
 */
@Command(name = "exits-day", mixinStandardHelpOptions = true,
    description = "Replay a day of a multi-exit model under a battery budget: a fixed exit threshold vs exits that follow the budget.")
final class ExitDayCommand implements Callable<Integer> {
  /** The multi-exit models this command knows. */
  enum Net { keyword, digits }

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", defaultValue = "keyword",
      description = "${COMPLETION-CANDIDATES}: the 4-exit keyword model (models/exits) or the 2-exit digits MLP (models/digits) (default: ${DEFAULT-VALUE}).")
  Net net;

  @Option(names = "--models", description = "The model directory (default: models/exits or models/digits).")
  Path modelsDir;

  @Option(names = "--family", defaultValue = "max-probability",
      description = "Exit policy family whose curve is followed: max-probability, entropy or margin (default: ${DEFAULT-VALUE}).")
  String family;

  @Option(names = "--events-per-hour", defaultValue = "1800", description = "Events (inferences) per hour (default: ${DEFAULT-VALUE}).")
  int eventsPerHour;

  @Option(names = "--hours", defaultValue = "24", description = "The day's length: the battery's target lifetime (default: ${DEFAULT-VALUE}).")
  int hours;

  /** How the event rate varies over the day. */
  enum Profile { flat, diurnal }

  /** Relative event rate per hour from midnight: quiet nights, busy days (mean 1 over 24 hours after scaling). */
  static final List<Double> DIURNAL = List.of(0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.6, 1.2, 1.6, 1.6, 1.6, 1.6,
      1.4, 1.4, 1.6, 1.6, 1.6, 1.6, 1.3, 1.3, 1.3, 0.9, 0.5, 0.3);

  @Option(names = "--profile", defaultValue = "flat",
      description = "${COMPLETION-CANDIDATES}: events evenly spread, or quiet nights and busy days from midnight (same total) (default: ${DEFAULT-VALUE}).")
  Profile profile;

  @Option(names = "--battery-fraction", defaultValue = "0.7",
      description = "The battery, as a fraction of what the fixed threshold spends in the day (default: ${DEFAULT-VALUE}).")
  double batteryFraction;

  @Option(names = "--warmup", defaultValue = "2", description = "Unmeasured passes before each recorded pass (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--json", description = "Also write the day's outcomes (and the hour-by-hour rows) as JSON to this file.")
  Path json;

  @Override
  public Integer call() throws java.io.IOException {
    CommandLine cli = spec.commandLine();
    ExitPolicyFamily fam = family();
    if (eventsPerHour < 1 || hours < 1 || !(batteryFraction > 0) || warmup < 0) {
      throw new CommandLine.ParameterException(cli, "need --events-per-hour >= 1, --hours >= 1, --battery-fraction > 0"
          + " and --warmup >= 0, got " + eventsPerHour + ", " + hours + ", " + batteryFraction + ", " + warmup);
    }
    Path dir = modelsDir != null ? modelsDir : Path.of(net == Net.keyword ? "models/exits" : "models/digits");
    OutputFiles.requireWritable(cli, "--json", json);
    OutputFile jsonOut = json == null ? null : OutputFile.claim(json);
    PrintWriter out = cli.getOut();
    List<Model> segments = new ArrayList<>();
    try (EnergyMeter meter = EnergyMeters.detect().meter()) {
      MeterLine.print(out, meter);
      segments.addAll(ExitSegments.load(dir, net == Net.keyword ? "keyword_exit_seg" : "digits_exit_seg",
          net == Net.keyword ? ExitsCommand.SEGMENTS : 2, ".onnx"));
      ExitData data = net == Net.keyword ? ExitData.load(dir) : digits(dir);
      HeldOutExits heldOut = net == Net.keyword ? ExitsCommand.heldOut(dir) : null;
      ExitProbe probe = new ExitProbe(meter, Metering.everyRun());
      ExitProbe.Recorded val = probe.record(segments, data.validation(), warmup);
      ExitProbe.Recorded test = probe.record(segments, data.test(), 0);   // the segments are warm from validation
      ExitRecords choosing = heldOut == null ? val.records() : heldOut.choosing(val.records());
      String choosingName = heldOut == null ? "validation" : "validation voice + out-of-fold training voices";
      List<Outcome> outcomes = run(out, fam, choosing, choosingName, val.stageJoules(), test, meter.quality().toString());
      if (jsonOut != null) {
        jsonOut.write(ExitDayJson.of(net.name(), fam.name(), profile.name(), hours, eventsPerHour, outcomes));
        out.println("Wrote " + json);
      }
    } finally {
      segments.forEach(Model::close);
    }
    return 0;
  }

  private List<Outcome> run(PrintWriter out, ExitPolicyFamily fam, ExitRecords choosing, String choosingName, double[] stageJoules,
      ExitProbe.Recorded test, String quality) {
    List<OperatingPoint> sweep = ExitSweep.curve(fam, choosing, stageJoules);
    ExitCurve curve = ExitSweep.curve(fam.name(), sweep).paretoFront();
    double threshold = curve.mostAccurate().threshold();
    EarlyExitPolicy fixed = fam.policy().apply(threshold);
    double fixedJoules = onTest(test, fixed);
    double cheapestJoules = onTest(test, fam.policy().apply(curve.cheapest().threshold()));
    int events = eventsPerHour * hours;
    Energy battery = Energy.ofNanojoules(Math.round(batteryFraction * fixedJoules * events * 1e9));
    Day day = new Day(Duration.ofHours(hours), Duration.ofNanos(Duration.ofHours(1).toNanos() / eventsPerHour), battery,
        profile == Profile.flat ? List.of() : DIURNAL);
    out.printf(Locale.ROOT, "Recorded exits: %d choosing (%s), %d test inputs; joules per segment run %s (%s)%n",
        choosing.size(), choosingName, test.records().size(), joules(test.stageJoules()), quality);
    out.printf(Locale.ROOT, "Curve (%s, choosing split, Pareto front): %d points, %.2f %% at %s to %.2f %% at %s%n", fam.name(),
        curve.size(), 100 * curve.cheapest().accuracy(), uj(curve.cheapest().joulesPerInference()),
        100 * curve.mostAccurate().accuracy(), uj(curve.mostAccurate().joulesPerInference()));
    out.printf(Locale.ROOT, "Fixed threshold %.4f (the curve's most accurate point): %s per inference on test;"
        + " the cheapest point: %s%n", threshold, uj(fixedJoules), uj(cheapestJoules));
    out.printf(Locale.ROOT, "Day: %d h, %d events per hour on average (%s), battery %.4f J = %.2f x what the fixed"
        + " threshold needs%n%n", hours, eventsPerHour, profile, battery.toJoules(), batteryFraction);
    if (cheapestJoules * events > battery.toJoules()) {
      out.printf(Locale.ROOT, "Note: even the cheapest point needs %.4f J for the day: no threshold can last it.%n%n",
          cheapestJoules * events);
    }
    Outcome without = ExitBudgetDay.replay("fixed " + String.format(Locale.ROOT, "%.4f", threshold),
        test.records(), test.stageJoules(), fixed, day);
    BudgetFollowingExit following = EarlyExitPolicy.following(curve, fam.policy()::apply);
    Outcome with = ExitBudgetDay.replay("following the budget", test.records(), test.stageJoules(), following, day);
    // hindsight: the most accurate front point whose cost on the test split fits the battery, fixed all day
    double hindsight = curve.cheapest().threshold();
    for (ExitCurve.Point p : curve.points()) {
      if (onTest(test, fam.policy().apply(p.threshold())) * events <= battery.toJoules()) {
        hindsight = p.threshold();
      }
    }
    Outcome best = ExitBudgetDay.replay(String.format(Locale.ROOT, "fixed %.4f (hindsight)", hindsight),
        test.records(), test.stageJoules(), fam.policy().apply(hindsight), day);
    out.println("policy                       lasted   answered   accuracy   over the day        J/h   switches");
    for (Outcome o : List.of(without, with, best)) {
      out.printf(Locale.ROOT, "%-26s %7.2f h %9.1f %% %8.2f %% %12.2f %% %10.4f %10d%n", o.policy(),
          o.lasted().toNanos() / 3.6e12, 100.0 * o.answered() / o.events(), 100 * o.accuracy(),
          100 * o.accuracyOverTheDay(), o.joulesPerHour(), o.switches());
    }
    out.println();
    out.println("Following the budget, hour by hour (threshold at the end of the hour):");
    StringBuilder line = new StringBuilder();
    for (int h = 0; h < with.hours().size(); h++) {
      ExitBudgetDay.Hour hr = with.hours().get(h);
      line.append(String.format(Locale.ROOT, "  h%02d %.3f %5.1f%% %.3fJ", h + 1, hr.threshold(),
          hr.answered() == 0 ? 0 : 100.0 * hr.correct() / hr.answered(), hr.joules()));
      if (h % 4 == 3 || h == with.hours().size() - 1) {
        out.println(line);
        line.setLength(0);
      }
    }
    out.printf(Locale.ROOT, "Without adaptation the battery %s; following the budget it %s.%n",
        without.lastedTheDay() ? "lasted the day" : String.format(Locale.ROOT, "empties after %.2f h of %d", without.lasted().toNanos() / 3.6e12, hours),
        with.lastedTheDay() ? "lasts the day" : String.format(Locale.ROOT, "empties after %.2f h", with.lasted().toNanos() / 3.6e12));
    out.println("(hindsight: the most accurate point of the curve whose joules on the test split fit the battery, chosen"
        + " knowing the day; no run-time policy can know it)");
    return List.of(without, with, best);
  }

  private static double onTest(ExitProbe.Recorded test, EarlyExitPolicy policy) {
    return ExitSweep.evaluate(test.records(), test.stageJoules(), policy, BudgetView.UNLIMITED, Double.NaN)
        .joulesPerInference();
  }

  private ExitPolicyFamily family() {
    return switch (family) {
      case "max-probability" -> ExitPolicyFamily.maxProbability();
      case "entropy" -> ExitPolicyFamily.entropy();
      case "margin" -> ExitPolicyFamily.margin();
      default -> throw new CommandLine.ParameterException(spec.commandLine(), "--family " + family
          + " is not one of max-probability, entropy, margin (the families with one threshold along a curve)");
    };
  }

  /** The digits validation and test splits as the probe reads them. */
  private static ExitData digits(Path dir) {
    DigitsData d = DigitsData.load(dir);
    return new ExitData(split(d, d.validation()), split(d, d.test()));
  }

  private static ExitData.Split split(DigitsData d, int[] rows) {
    float[][] x = new float[rows.length][];
    int[] y = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      x[i] = d.pixels()[rows[i]];
      y[i] = d.labels()[rows[i]];
    }
    return new ExitData.Split(x, y);
  }

  private static String joules(double[] j) {
    StringBuilder s = new StringBuilder();
    for (double v : j) {
      s.append(s.length() == 0 ? "" : " / ").append(uj(v));
    }
    return s.toString();
  }

  private static String uj(double joules) {
    return String.format(Locale.ROOT, "%.2f µJ", joules * 1e6);
  }
}
