/**
 * The runtime's one reader of sysfs and procfs nodes ({@link io.edgeenergy.runtime.internal.sysfs.SysfsReader}),
 * which tells absent, permission denied, garbage and failed reads apart
 * ({@link io.edgeenergy.runtime.internal.sysfs.SysfsRead}) for every meter, probe, thermal zone and hint.
 * It knows none of them (enforced by {@code LayeringTest}); not API, may change without notice.
 */
package io.edgeenergy.runtime.internal.sysfs;
