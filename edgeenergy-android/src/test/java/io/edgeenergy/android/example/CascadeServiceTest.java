package io.edgeenergy.android.example;

import static android.os.BatteryManager.BATTERY_PROPERTY_ENERGY_COUNTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.robolectric.Shadows.shadowOf;

import android.app.Application;
import android.content.Intent;
import android.os.BatteryManager;
import io.edgeenergy.android.BatteryManagerMeter;
import io.edgeenergy.android.ShadowAdpf;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.pipeline.InferenceResult;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.android.controller.ServiceController;
import org.robolectric.annotation.Config;

/** Runs the Android example under Robolectric on the real digits models (ONNX Runtime on this JVM). */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 35, manifest = Config.NONE, shadows = ShadowAdpf.class)
public class CascadeServiceTest {
  private static final File MODELS = new File("../models/digits").getAbsoluteFile();

  @Test
  public void theForegroundCascadeClassifiesDigitsUnderAdpfAndClosesEverything() throws IOException {
    Application app = RuntimeEnvironment.getApplication();
    shadowOf(app.getSystemService(BatteryManager.class)).setLongProperty(BATTERY_PROPERTY_ENERGY_COUNTER, 15_000_000_000L);
    ShadowAdpf.clearState();
    Intent start = new Intent(app, CascadeService.class).putExtra(CascadeService.EXTRA_MODELS, MODELS.getPath());
    ServiceController<CascadeService> controller = Robolectric.buildService(CascadeService.class, start)
        .create().startCommand(0, 1);
    CascadeService service = controller.get();
    assertThat(shadowOf(service).isLastForegroundNotificationAttached()).isTrue();
    CascadeService.LocalBinder binder = (CascadeService.LocalBinder) service.onBind(start);
    assertThat(binder.meter().meter()).isInstanceOf(BatteryManagerMeter.class);

    int correct = 0;
    int escalated = 0;
    int n = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(new File(MODELS, "digits.csv.gz").toPath())), StandardCharsets.US_ASCII))) {
      for (String line = in.readLine(); line != null && n < 300; line = in.readLine(), n++) {
        String[] cells = line.split(",");
        float[] x = new float[cells.length - 1];
        for (int i = 0; i < x.length; i++) {
          x[i] = Float.parseFloat(cells[i]) / 16f;
        }
        InferenceResult r = binder.submit(x);
        correct += r.top1() == Integer.parseInt(cells[x.length]) ? 1 : 0;
        escalated += r.tier();
        assertThat(r.hintLevel(0)).isEqualTo(HintLevel.LOW);
      }
    }
    assertThat(correct).as("correct of %d", n).isGreaterThan(n * 9 / 10);
    assertThat(escalated).isPositive().isLessThan(n / 2);
    assertThat(ShadowAdpf.EVENTS).anyMatch(e -> e.startsWith("create") && e.endsWith(" 80000000"));   // LOW: 4 x 20 ms
    assertThat(ShadowAdpf.EVENTS).contains("efficiency 7 true");

    controller.destroy();
    long created = ShadowAdpf.EVENTS.stream().filter(e -> e.startsWith("create")).count();
    long closed = ShadowAdpf.EVENTS.stream().filter(e -> e.startsWith("close")).count();
    assertThat(closed).isEqualTo(created);
    assertThat(binder.meter().meter().isCounting()).isFalse();
  }
}
