package io.edgeenergy.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a fresh {@link FakeTicker} and a {@link SimulatedMeter} driven by it into test methods, one
 * pair per test, so policy and pipeline tests start from the same known clock and zero joules.
 *
 * <pre>{@code
 * @ExtendWith(EnergyTestExtension.class)
 * class MyGateTest {
 *   @Test
 *   void escalatesOnlyWhenUnsure(FakeTicker ticker, SimulatedMeter meter) { ... }
 * }
 * }</pre>
 */
public final class EnergyTestExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EnergyTestExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == FakeTicker.class || type == SimulatedMeter.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    FakeTicker ticker = store.getOrComputeIfAbsent(FakeTicker.class, k -> FakeTicker.create(), FakeTicker.class);
    if (parameter.getParameter().getType() == FakeTicker.class) {
      return ticker;
    }
    return store.getOrComputeIfAbsent(SimulatedMeter.class, k -> SimulatedMeter.workOnly(ticker), SimulatedMeter.class);
  }
}
