/**
 * Device power profiles for the estimator ({@link io.edgeenergy.runtime.profile.PowerProfile}: active
 * power per core per cluster and frequency, plus base power), loaded from the built-in boards, an
 * Android {@code power_profile.xml}, or a JSON/properties file, and fitted to a MEASURED meter by
 * {@link io.edgeenergy.runtime.profile.ProfileCalibrator}.
 */
package io.edgeenergy.runtime.profile;
