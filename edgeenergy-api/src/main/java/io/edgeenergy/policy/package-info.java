/**
 * The decisions of a cascade. A {@link io.edgeenergy.policy.GatePolicy} decides after a tier whether
 * the next one runs; an {@link io.edgeenergy.policy.EarlyExitPolicy} decides after a stage of a
 * segmented model whether to stop at its exit. Both read a {@link io.edgeenergy.policy.Prediction}
 * and the budget's pressure, have the same-named factories ({@code maxProbability}, {@code margin},
 * {@code entropy}, {@code confident}) and combinators ({@code firstDecisive}, {@code allOf},
 * {@code anyOf}, {@code orElse}, {@code negate}). {@link io.edgeenergy.policy.ThresholdCalibration}
 * and {@link io.edgeenergy.policy.ChainCalibration} pick thresholds from validation data. An
 * {@link io.edgeenergy.policy.ExitCurve} holds the calibrated operating points of one exit policy;
 * {@link io.edgeenergy.policy.BudgetFollowingExit} walks it at run time as the budget tightens.
 */
package io.edgeenergy.policy;
