package io.edgeenergy.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.model.ModelOptions;
import org.junit.jupiter.api.Test;

/** What ModelOptions turn into, read back from the ONNX Runtime session options. */
class SessionSettingsTest {
  @Test
  void spinningIsOffByDefaultForIntraAndInterOpThreads() {
    SessionSettings s = SessionSettings.of(ModelOptions.defaults(), "m");
    try {
      assertThat(s.options().getConfigEntries())
          .containsEntry("session.intra_op.allow_spinning", "0")
          .containsEntry("session.inter_op.allow_spinning", "0");
      assertThat(s.executionProvider()).isEqualTo("CPU");
    } finally {
      s.options().close();
    }
  }

  @Test
  void allowSpinningTurnsItOn() {
    SessionSettings s = SessionSettings.of(ModelOptions.builder().allowSpinning(true).build(), "m");
    try {
      assertThat(s.options().getConfigEntries())
          .containsEntry("session.intra_op.allow_spinning", "1")
          .containsEntry("session.inter_op.allow_spinning", "1");
    } finally {
      s.options().close();
    }
  }

  @Test
  void backendOptionsAreConfigEntriesAppliedLastExceptProviderOptions() {
    ModelOptions o = ModelOptions.builder()
        .backendOption("session.intra_op.allow_spinning", "1")
        .backendOption("session.disable_prepacking", "1")
        .backendOption("QNN:htp_performance_mode", "burst")
        .build();
    SessionSettings s = SessionSettings.of(o, "m");
    try {
      assertThat(s.options().getConfigEntries())
          .containsEntry("session.intra_op.allow_spinning", "1")
          .containsEntry("session.inter_op.allow_spinning", "0")
          .containsEntry("session.disable_prepacking", "1")
          .doesNotContainKey("QNN:htp_performance_mode")
          .doesNotContainKey("htp_performance_mode");
    } finally {
      s.options().close();
    }
  }
}
