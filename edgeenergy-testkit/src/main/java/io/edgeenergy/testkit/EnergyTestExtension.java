package io.edgeenergy.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects into test methods a fresh {@link FakeTicker} (at 1 ms), a work-only {@link SimulatedMeter}
 * driven by that ticker, and a {@link RecordingBudgetListener}: one set per test, so policy and
 * pipeline tests start from the same known clock and zero joules. Use it through {@link EdgeEnergyTest}
 * or {@code @ExtendWith(EnergyTestExtension.class)}.
 *
 * <pre>{@code
 * @EdgeEnergyTest
 * class MyGateTest {
 *   @Test
 *   void escalatesOnlyWhenUnsure(FakeTicker ticker, SimulatedMeter meter) { ... }
 * }
 * }</pre>
 *
 * <p>Within one test the ticker and meter parameters are the same objects wherever they are asked
 * for; constructor parameters get their own set (the class's), so ask for them in methods.
 */
public final class EnergyTestExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EnergyTestExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == FakeTicker.class || type == SimulatedMeter.class || type == RecordingBudgetListener.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    Class<?> type = parameter.getParameter().getType();
    if (type == RecordingBudgetListener.class) {
      return store.getOrComputeIfAbsent(RecordingBudgetListener.class, k -> new RecordingBudgetListener(),
          RecordingBudgetListener.class);
    }
    FakeTicker ticker = store.getOrComputeIfAbsent(FakeTicker.class, k -> FakeTicker.create(), FakeTicker.class);
    if (type == FakeTicker.class) {
      return ticker;
    }
    return store.getOrComputeIfAbsent(SimulatedMeter.class, k -> SimulatedMeter.workOnly(ticker), SimulatedMeter.class);
  }
}
