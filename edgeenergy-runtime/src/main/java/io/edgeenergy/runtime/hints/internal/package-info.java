/**
 * The hints' mechanisms, journal and system calls; used only by {@code io.edgeenergy.runtime.hints}
 * (enforced by {@code LayeringTest}), not API, may change without notice.
 */
package io.edgeenergy.runtime.hints.internal;
