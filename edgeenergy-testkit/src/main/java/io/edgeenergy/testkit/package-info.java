/**
 * What you need to unit-test your own policy plugins, and pipelines built on them, without a native
 * library, a device or a sleep: a {@link io.edgeenergy.testkit.FakeTicker fake clock}, a
 * {@link io.edgeenergy.testkit.SimulatedMeter simulated meter} with exact, known joules,
 * {@link io.edgeenergy.testkit.ScriptedModel scripted models} (also
 * {@linkplain io.edgeenergy.testkit.ScriptedModel#segments segmented} ones) that charge that meter, a
 * {@link io.edgeenergy.testkit.TraceReplay trace harness} that reports accuracy, escalation rate and
 * joules next to a clairvoyant {@linkplain io.edgeenergy.testkit.ReplayReport.Oracle oracle},
 * {@link io.edgeenergy.testkit.EnergyAssertions assertions}, a
 * {@link io.edgeenergy.testkit.RecordingBudgetListener recording budget listener} and a JUnit 5
 * extension ({@link io.edgeenergy.testkit.EdgeEnergyTest @EdgeEnergyTest}).
 *
 * <h2>Testing your own gate policy</h2>
 *
 * <pre>{@code
 * // the plugin: escalate an unsure answer, but only while the budget is healthy
 * final class ThriftyGate implements GatePolicy {
 *   public Decision decide(Prediction p, BudgetView budget) {
 *     if (p.top1Probability() >= 0.875) return Decision.ACCEPT;
 *     return budget.state() == BudgetState.HEALTHY ? Decision.ESCALATE : Decision.ACCEPT;
 *   }
 * }
 *
 * @EdgeEnergyTest
 * class ThriftyGateTest {
 *   @Test
 *   void decidesOnPredictions() {                       // 1. unit level: predictions in, decisions out
 *     assertThat(new ThriftyGate().decide(Prediction.of(0.9f, 0.1f), BudgetView.UNLIMITED)).isEqualTo(ACCEPT);
 *     assertThat(new ThriftyGate().decide(Prediction.of(0.6f, 0.4f), BudgetView.UNLIMITED)).isEqualTo(ESCALATE);
 *   }
 *
 *   @Test
 *   void escalatesLessAndCostsKnownJoules(FakeTicker ticker, SimulatedMeter meter) {   // 2. on a trace
 *     // onehot(cls, p) and input(label, easy) are two-line helpers that build float[]s
 *     // input[0] is the true class; input[1] > 0 marks an easy input the tiny model is sure of
 *     var tiny = ScriptedModel.builder("tiny").classes(2)
 *         .function(x -> x[1] > 0 ? onehot((int) x[0], 0.95f) : onehot(1 - (int) x[0], 0.6f))
 *         .cost(Duration.ofMillis(1), Energy.ofMicrojoules(10), ticker, meter).build();
 *     var big = ScriptedModel.builder("big").classes(2).function(x -> onehot((int) x[0], 0.99f))
 *         .cost(Duration.ofMillis(5), Energy.ofMicrojoules(100), ticker, meter).build();
 *     var trace = Trace.<float[]>builder().add(input(0, true), 0).add(input(1, false), 1).build();
 *     try (var pipeline = TieredInferencePipeline.<float[]>builder()
 *         .tier(tiny.tier()).gate(new ThriftyGate()).tier(big.tier())
 *         .meter(meter).ticker(ticker).subtractMeterOverhead(false).build()) {
 *       ReplayReport r = TraceReplay.replayWithOracle(pipeline, trace);
 *       assertThat(r.accuracy()).isEqualTo(1.0);
 *       assertThat(r.escalationRate()).isEqualTo(0.5);
 *       assertThat(r.total()).isEqualTo(Energy.ofMicrojoules(10 + 10 + 100));   // exact, from the script
 *       assertThat(r.oracle().orElseThrow().meanEnergy()).isEqualTo(r.meanEnergy());
 *       EnergyAssertions.assertConserved(pipeline);
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>A pipeline test gets exact joules by turning off the meter-overhead calibration
 * ({@code subtractMeterOverhead(false)}) or by leaving it on with a meter whose counter does not
 * move between back-to-back reads (a {@link io.edgeenergy.testkit.SimulatedMeter} on a
 * {@link io.edgeenergy.testkit.FakeTicker}: its calibrated overhead is 0). Everything here is a
 * simulation: figures default to ESTIMATED and must never be reported as measurements.
 */
package io.edgeenergy.testkit;
