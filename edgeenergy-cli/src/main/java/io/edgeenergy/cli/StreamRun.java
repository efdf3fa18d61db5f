package io.edgeenergy.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.edgeenergy.EdgeEnergyException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What one {@code edgeenergy stream audio|vision --json FILE} run found, the file {@code edgeenergy report
 * --stream FILE} draws: every configuration's recall, false alarms and joules per hour on the test stream,
 * the validation trade-off curve the calibration chose from, and the chosen chain's joules minute by minute.
 *
 * <p>The JSON carries {@code "format": "edgeenergy-stream-run/1"} so a reader can tell this file from the
 * other commands' JSON and from a later version. Gson writes and reads it (the CLI's one JSON library; the
 * record is plain enough for Jackson too). Joules are per hour of stream, without the device's base power;
 * {@link #basePowerWatts} is there for the battery projection.
 *
 * @param format {@link #FORMAT}
 * @param chain {@link #AUDIO_KEYWORD} or {@link #CAMERA_FACE}
 * @param quality {@code ESTIMATED} or {@code MEASURED}: the quality of every joule figure in the file
 * @param device the meter or power profile the joules come from, and its source
 * @param streamMinutes length of the test stream
 * @param seed seed of the test stream
 * @param streamDescription how the test stream was built (clips, visits, fps), for the report's header
 * @param eventsPerHour true events (keywords, face visits) per hour of the test stream
 * @param batteryWattHours battery of the battery-life projection
 * @param basePowerWatts the device's idle/base power in the projection (0 when not modelled)
 * @param budgetJoulesPerHour the energy budget the run was held to, J per hour; {@code null} if none was given
 * @param configurations every configuration on the test stream; exactly one has {@code chosen}
 * @param validationCurve the points the calibration chose from (validation stream), the chosen one marked
 * @param joulesPerMinute the chosen configuration's joules in each minute of the test stream, in order
 */
record StreamRun(String format, String chain, String quality, String device, double streamMinutes, long seed,
    String streamDescription, double eventsPerHour, double batteryWattHours, double basePowerWatts,
    Double budgetJoulesPerHour, List<Config> configurations, List<CurvePoint> validationCurve,
    List<Double> joulesPerMinute) {
  /** The value of {@code "format"} this version writes and reads. */
  static final String FORMAT = "edgeenergy-stream-run/1";
  /** {@link #chain} of {@code edgeenergy stream audio}. */
  static final String AUDIO_KEYWORD = "audio-keyword";
  /** {@link #chain} of {@code edgeenergy stream vision}. */
  static final String CAMERA_FACE = "camera-face";

  private static final Set<String> CHAINS = Set.of(AUDIO_KEYWORD, CAMERA_FACE);
  private static final Set<String> ROLES = Set.of(Config.EVERY_FRAME, Config.ORACLE, Config.CHAIN, Config.OTHER);
  private static final Set<String> QUALITIES = Set.of("ESTIMATED", "MEASURED");
  private static final Gson GSON = new GsonBuilder().serializeNulls().setPrettyPrinting().create();

  /**
   * One configuration on the test stream.
   *
   * @param name as the command's table prints it
   * @param role {@link #EVERY_FRAME} (the big model on every frame), {@link #ORACLE} (a gate that knows the
   *     truth: the lower bound), {@link #CHAIN} (a gated chain) or {@link #OTHER}
   * @param chosen whether calibration chose this configuration
   * @param recall fraction of true events found, 0..1
   * @param falseAlarmsPerHour false alarms per hour of stream
   * @param joulesPerHour all stages, per hour of stream, base power excluded
   * @param batteryHours the projected battery life, base power included
   * @param latencyP50Ms median detection latency, {@code null} when not measured
   * @param stages per-stage shares, in chain order
   */
  record Config(String name, String role, boolean chosen, double recall, double falseAlarmsPerHour,
      double joulesPerHour, double batteryHours, Double latencyP50Ms, List<StageShare> stages) {
    /** {@link #role} of the big model run on every frame. */
    static final String EVERY_FRAME = "every-frame";
    /** {@link #role} of a gate that knows the truth. */
    static final String ORACLE = "oracle";
    /** {@link #role} of a gated chain. */
    static final String CHAIN = "chain";
    /** {@link #role} of any other configuration (a stage alone, a chain without one gate). */
    static final String OTHER = "other";
  }

  /**
   * One stage's part of a configuration.
   *
   * @param stage stage name (e.g. "energy gate", "Silero VAD", "BlazeFace 128")
   * @param runs times the stage ran on the test stream
   * @param dutyCycle runs over the stream's frames, 0..1 (1: always on)
   * @param joulesPerHour this stage's joules per hour of stream
   */
  record StageShare(String stage, long runs, double dutyCycle, double joulesPerHour) {}

  /**
   * One point of the validation trade-off curve.
   *
   * @param label the thresholds of this point, readable
   * @param recall 0..1 on the validation stream
   * @param joulesPerHour on the validation stream
   * @param chosen whether calibration chose it
   */
  record CurvePoint(String label, double recall, double joulesPerHour, boolean chosen) {}

  /** The chosen configuration. */
  Config chosen() {
    return configurations.stream().filter(Config::chosen).findFirst().orElseThrow();
  }

  /** The first configuration with {@code role}, or {@code null}. */
  Config byRole(String role) {
    return configurations.stream().filter(c -> role.equals(c.role())).findFirst().orElse(null);
  }

  /**
   * Writes this run as JSON to {@code file}; a {@link StreamRunFileException} naming the file if it cannot.
   * Checked first, so a run that would write a bad file fails here rather than when read.
   */
  void write(Path file) {
    validate(file.toString());
    try {
      Files.writeString(file, GSON.toJson(this) + "\n", StandardCharsets.UTF_8);
    } catch (IOException | SecurityException e) {
      throw new StreamRunFileException("cannot write " + file + " (" + e + "): choose a writable file for --json");
    }
  }

  /**
   * Reads the file {@link #write} wrote. A missing, truncated, foreign (another command's JSON) or
   * newer-format file is a {@link StreamRunFileException} that names the file and says how to make a good one.
   */
  static StreamRun read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new StreamRunFileException(file + " is not UTF-8 text, so not a stream run: " + HOW);
    } catch (IOException | SecurityException e) {
      throw new StreamRunFileException("cannot read " + file + " (" + e + "): " + HOW);
    }
    JsonObject json;
    try {
      JsonElement e = JsonParser.parseString(text);
      if (!e.isJsonObject()) {
        throw new StreamRunFileException(file + " is " + (text.isBlank() ? "empty" : "JSON but not an object")
            + ", not a stream run: " + HOW);
      }
      json = e.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new StreamRunFileException(file + " is truncated or not JSON (" + e.getMessage() + "): " + HOW);
    }
    JsonElement format = json.get("format");
    if (format == null || !format.isJsonPrimitive()) {
      throw new StreamRunFileException(file + " is not a stream run (no \"format\": \"" + FORMAT + "\"; it has "
          + json.keySet() + "); " + HOW);
    }
    if (!FORMAT.equals(format.getAsString())) {
      throw new StreamRunFileException(file + " has format " + format.getAsString() + "; this edgeenergy reads "
          + FORMAT + ": " + HOW + " with this version");
    }
    StreamRun run;
    try {
      run = GSON.fromJson(json, StreamRun.class);
    } catch (JsonParseException | IllegalArgumentException e) {
      throw new StreamRunFileException(file + " has a field of the wrong type (" + e.getMessage() + "): " + HOW);
    }
    run.validate(file.toString());
    return run;
  }

  private static final String HOW = "write one with `edgeenergy stream audio --json FILE` or `edgeenergy stream vision --json FILE`";

  /** Every field a reader relies on: present, finite, in range; one chosen configuration. */
  private void validate(String where) {
    require(where, FORMAT.equals(format), "format", format, FORMAT);
    require(where, chain != null && CHAINS.contains(chain), "chain", chain, "one of " + CHAINS);
    require(where, quality != null && QUALITIES.contains(quality), "quality", quality, "one of " + QUALITIES);
    require(where, device != null && streamDescription != null, "device/streamDescription", null, "text");
    require(where, streamMinutes > 0 && Double.isFinite(streamMinutes), "streamMinutes", streamMinutes, "> 0");
    require(where, nonNegative(eventsPerHour), "eventsPerHour", eventsPerHour, ">= 0");
    require(where, batteryWattHours > 0 && Double.isFinite(batteryWattHours), "batteryWattHours", batteryWattHours, "> 0");
    require(where, nonNegative(basePowerWatts), "basePowerWatts", basePowerWatts, ">= 0");
    require(where, budgetJoulesPerHour == null || budgetJoulesPerHour > 0 && Double.isFinite(budgetJoulesPerHour),
        "budgetJoulesPerHour", budgetJoulesPerHour, "null or > 0");
    require(where, configurations != null && !configurations.isEmpty(), "configurations", configurations, "at least one");
    require(where, configurations.stream().filter(c -> c != null && c.chosen()).count() == 1, "configurations",
        "chosen x " + configurations.stream().filter(c -> c != null && c.chosen()).count(), "exactly one chosen");
    for (Config c : configurations) {
      require(where, c != null, "configurations", null, "no null entry");
      String name = "configuration '" + c.name() + "'";
      require(where, c.name() != null && c.role() != null, name, "no name or role", "a name and a role");
      require(where, ROLES.contains(c.role()),
          name + " role", c.role(), "every-frame, oracle, chain or other");
      require(where, c.recall() >= 0 && c.recall() <= 1, name + " recall", c.recall(), "0..1");
      require(where, nonNegative(c.falseAlarmsPerHour()) && nonNegative(c.joulesPerHour()) && nonNegative(c.batteryHours()),
          name + " false alarms/J/battery", c.joulesPerHour(), "finite and >= 0");
      // negative is allowed: an audio keyword is detected before its clip's trailing silence ends
      require(where, c.latencyP50Ms() == null || Double.isFinite(c.latencyP50Ms()), name + " latencyP50Ms",
          c.latencyP50Ms(), "null or finite");
      require(where, c.stages() != null && !c.stages().isEmpty(), name + " stages", c.stages(), "at least one stage");
      for (StageShare s : c.stages()) {
        require(where, s != null && s.stage() != null && s.runs() >= 0 && s.dutyCycle() >= 0 && s.dutyCycle() <= 1.000001
            && nonNegative(s.joulesPerHour()), name + " stage", s, "a name, runs >= 0, duty 0..1, J/h >= 0");
      }
    }
    require(where, validationCurve != null, "validationCurve", null, "a list (may be empty)");
    for (CurvePoint p : validationCurve) {
      require(where, p != null && p.label() != null && p.recall() >= 0 && p.recall() <= 1 && nonNegative(p.joulesPerHour()),
          "validationCurve point", p, "a label, recall 0..1, J/h >= 0");
    }
    require(where, joulesPerMinute != null && !joulesPerMinute.isEmpty(), "joulesPerMinute", joulesPerMinute, "one value per minute");
    for (Double j : joulesPerMinute) {
      require(where, j != null && nonNegative(j), "joulesPerMinute", j, "finite and >= 0");
    }
  }

  private static boolean nonNegative(double v) {
    return v >= 0 && Double.isFinite(v);
  }

  private static void require(String where, boolean ok, String field, Object value, String expected) {
    if (!ok) {
      throw new StreamRunFileException(where + ": stream run field " + field + " is " + value + ", expected " + expected
          + "; " + HOW);
    }
  }

  /** A stream-run file that cannot be read or written: names the file, what is wrong, and how to make a good one. */
  static final class StreamRunFileException extends EdgeEnergyException {
    StreamRunFileException(String message) {
      super(message);
    }
  }
}
