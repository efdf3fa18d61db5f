package io.edgeenergy.examples.exits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed out-of-fold exits (models/exits/held_out_exits.bin.gz): five training voices, each
 * answered by a fold model that never trained on it, with the accuracies metrics.json records; and
 * the reader's refusals.
 */
class HeldOutExitsTest {
  private static HeldOutExits heldOut;

  @BeforeAll
  static void load() {
    heldOut = HeldOutExits.load(ExitModelTest.DIR);
  }

  @Test
  void everyTrainingVoiceIsHeldOutOnceWithTheAccuraciesMetricsJsonRecords() throws IOException {
    assertThat(heldOut.voiceNames()).containsExactly("en-us", "en-gb", "en-gb-x-rp", "en-gb-x-gbclan", "en-us-nyc");
    assertThat(heldOut.records().exits()).isEqualTo(4);
    assertThat(heldOut.records().classes()).isEqualTo(12);
    for (int v = 0; v < heldOut.voiceNames().size(); v++) {
      ExitRecords one = heldOut.voice(v);
      assertThat(one.size()).as(heldOut.voiceNames().get(v)).isEqualTo(816);   // as many as the validation voice
      // the same float32 probabilities numpy scored: the same argmax, so the same accuracy to the last digit
      double[] recorded = ExitModelTest.list("out_of_fold_accuracy", heldOut.voiceNames().get(v));
      assertThat(one.accuracyPerExit()).as(heldOut.voiceNames().get(v)).containsExactly(recorded,
          org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void theChoosingSplitIsEachTrainingVoiceThenTheValidationVoiceAndPoolsInThatOrder() {
    ExitRecords validation = heldOut.voice(0);   // any records of the same shape stand in for the validation voice
    List<ExitRecords> voices = heldOut.voicesWith(validation);
    assertThat(voices).hasSize(6).last().isSameAs(validation);
    ExitRecords pooled = ExitRecords.concat(voices);
    assertThat(pooled.size()).isEqualTo(heldOut.records().size() + validation.size());
    assertThat(Arrays.copyOfRange(pooled.labels(), 0, heldOut.records().size())).containsExactly(heldOut.records().labels());
    assertThat(Arrays.copyOfRange(pooled.labels(), heldOut.records().size(), pooled.size()))
        .containsExactly(validation.labels());
  }

  @Test
  void aMissingFileSaysHowToMakeIt(@TempDir Path dir) {
    assertThatThrownBy(() -> HeldOutExits.load(dir)).isInstanceOf(BadExitFileException.class)
        .hasMessageContaining(HeldOutExits.FILE).hasMessageContaining("train_exits.py");
  }

  @Test
  void aWrongMagicOrATruncatedFileIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
    write(dir, "EEXF", 1, 4, 12, 0, false);
    assertThatThrownBy(() -> HeldOutExits.load(dir)).isInstanceOf(BadExitFileException.class)
        .hasMessageContaining("EEXO").hasMessageContaining(dir.resolve(HeldOutExits.FILE).toString());
    write(dir, "EEXO", 1, 4, 12, 0, true);
    assertThatThrownBy(() -> HeldOutExits.load(dir)).isInstanceOf(BadExitFileException.class)
        .hasMessageContaining("truncated");
    write(dir, "EEXO", 2, 4, 12, 0, false);
    assertThatThrownBy(() -> HeldOutExits.load(dir)).isInstanceOf(BadExitFileException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void aVoiceOutsideTheListIsRefused(@TempDir Path dir) throws IOException {
    write(dir, "EEXO", 1, 1, 2, 3, false);   // one window whose voice byte is 3, with one voice listed
    assertThatThrownBy(() -> HeldOutExits.load(dir)).isInstanceOf(BadExitFileException.class)
        .hasMessageContaining("voice 3");
  }

  /** One voice "v", one window of label 0 and voice {@code voice}, probabilities 1, 0, ... (cut short if asked). */
  private static void write(Path dir, String magic, int version, int exits, int classes, int voice, boolean truncate)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(magic.getBytes(StandardCharsets.US_ASCII));
      out.writeInt(version);
      out.writeInt(exits);
      out.writeInt(classes);
      out.writeInt(1);
      out.writeByte(1);
      out.write('v');
      out.writeInt(1);
      out.writeByte(0);
      out.writeByte(voice);
      for (int i = 0; i < exits * classes - (truncate ? 1 : 0); i++) {
        out.writeFloat(i % classes == 0 ? 1f : 0f);
      }
    }
    try (OutputStream f = new GZIPOutputStream(Files.newOutputStream(dir.resolve(HeldOutExits.FILE)))) {
      f.write(bytes.toByteArray());
    }
  }
}
