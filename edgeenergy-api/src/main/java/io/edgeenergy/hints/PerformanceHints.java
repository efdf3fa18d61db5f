package io.edgeenergy.hints;

import io.edgeenergy.Availability;
import java.util.List;
import java.util.Map;

/**
 * Scoped DVFS / scheduling hints: {@code try (HintScope h = hints.apply(HintLevel.BURST)) { ... }}.
 * Implementations try each mechanism they have, best first, and report per mechanism whether it
 * applied. Applying a hint never throws because a mechanism is missing or refused.
 */
public interface PerformanceHints {
  /** Applies {@code level} until the returned scope is closed. */
  HintScope apply(HintLevel level);

  /** Each mechanism this implementation knows, and whether it works here (with the reason if not). */
  Map<String, Availability> mechanisms();

  /** Hints that do nothing: every scope reports that no mechanism is configured. */
  static PerformanceHints none() {
    return NoHints.INSTANCE;
  }
}

/** The do-nothing implementation behind {@link PerformanceHints#none()}. */
enum NoHints implements PerformanceHints {
  INSTANCE;

  private static final List<HintOutcome> NOTHING =
      List.of(HintOutcome.skipped("none", "no hint mechanism configured"));

  /** One scope per level, made once: a pipeline keeps the scope it gets, so a fresh one would be garbage per apply. */
  private static final HintScope[] SCOPES = new HintScope[HintLevel.values().length];

  static {
    for (HintLevel level : HintLevel.values()) {
      SCOPES[level.ordinal()] = HintScope.of(level, NOTHING, () -> { });
    }
  }

  @Override
  public HintScope apply(HintLevel level) {
    return SCOPES[level.ordinal()];
  }

  @Override
  public Map<String, Availability> mechanisms() {
    return Map.of();
  }
}
