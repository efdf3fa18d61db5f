package io.edgeenergy.testkit;

import io.edgeenergy.Availability;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintOutcome;
import io.edgeenergy.hints.HintScope;
import io.edgeenergy.hints.PerformanceHints;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link PerformanceHints} that changes nothing and records everything: every apply and close in
 * order ({@link #events()}), the scopes still open ({@link #current()}), and, per level, whether the
 * (single, {@code "recording"}) mechanism applies or {@linkplain #refuse refuses} - so a test can
 * check which hints a pipeline or policy asked for, that every scope was closed (also when a model
 * threw), and how a refused hint is reported.
 *
 * <pre>{@code
 * var hints = RecordingHints.create();
 * var pipeline = TieredInferencePipeline.<float[]>builder()
 *     .tier(Tier.<float[]>builder("tiny")...hint(HintLevel.LOW).build()) ... .hints(hints).build();
 * pipeline.run(x);
 * assertThat(hints.events()).containsExactly("apply LOW");
 * }</pre>
 *
 * <p>Thread-safe; allocates per apply (it is a test double, not a hot-path implementation).
 */
public final class RecordingHints implements PerformanceHints {
  public static final String MECHANISM = "recording";

  private final List<String> events = new ArrayList<>();
  private final List<HintScope> open = new ArrayList<>();
  private final Map<HintLevel, String> refusals = new EnumMap<>(HintLevel.class);

  private RecordingHints() {}

  public static RecordingHints create() {
    return new RecordingHints();
  }

  /** Scopes at {@code level} report the mechanism as not applied, for {@code reason}. */
  public synchronized RecordingHints refuse(HintLevel level, String reason) {
    refusals.put(Objects.requireNonNull(level, "level"), Objects.requireNonNull(reason, "reason"));
    return this;
  }

  @Override
  public synchronized HintScope apply(HintLevel level) {
    Objects.requireNonNull(level, "level");
    String refusal = refusals.get(level);
    HintOutcome outcome = refusal == null ? HintOutcome.applied(MECHANISM, "level " + level)
        : HintOutcome.skipped(MECHANISM, refusal);
    HintScope[] self = new HintScope[1];   // the release needs the scope it belongs to
    HintScope scope = HintScope.of(level, List.of(outcome), () -> closed(self[0]));
    self[0] = scope;
    open.add(scope);
    events.add("apply " + level);
    return scope;
  }

  @Override
  public Map<String, Availability> mechanisms() {
    return Map.of(MECHANISM, Availability.AVAILABLE);
  }

  /** Every apply and close so far, in order: {@code "apply LOW"}, {@code "close LOW"}, ... */
  public synchronized List<String> events() {
    return List.copyOf(events);
  }

  /** The levels applied so far, in order. */
  public synchronized List<HintLevel> applied() {
    return events.stream().filter(e -> e.startsWith("apply ")).map(e -> HintLevel.valueOf(e.substring(6))).toList();
  }

  /** The innermost scope still open, or {@code null} when every scope was closed. */
  public synchronized HintLevel current() {
    return open.isEmpty() ? null : open.get(open.size() - 1).level();
  }

  /** How many scopes are open. */
  public synchronized int openScopes() {
    return open.size();
  }

  /** Forgets the recorded events (open scopes stay open). */
  public synchronized void clearEvents() {
    events.clear();
  }

  private synchronized void closed(HintScope scope) {
    open.remove(scope);
    events.add("close " + scope.level());
  }

  @Override
  public synchronized String toString() {
    return "RecordingHints[open " + open.stream().map(HintScope::level).toList() + ", refusing " + refusals.keySet() + "]";
  }
}
