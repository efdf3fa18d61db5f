package io.edgeenergy.android.example;

import android.app.Notification;
import android.app.NotificationChannel;
import android.app.NotificationManager;
import android.app.Service;
import android.content.Intent;
import android.os.Binder;
import android.os.IBinder;
import io.edgeenergy.Energy;
import io.edgeenergy.android.AdpfPerformanceHints;
import io.edgeenergy.android.AndroidEnergyMeters;
import io.edgeenergy.android.AndroidThermalHeadroom;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.GatePolicy;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Android example (issue #11): an always-on two-tier cascade in a foreground service. The tiny
 * model runs on every frame at {@code LOW} (an ADPF session that prefers power efficiency), the big
 * one only when the tiny one is unsure, held to a 20 ms target; energy comes from
 * {@link AndroidEnergyMeters#detect} and is charged to a battery budget of 2 % of a 4,500 mAh battery
 * per day, whose pressure (with the thermal headroom's) raises the gate's bar.
 *
 * <p>The app's manifest declares the service with {@code android:foregroundServiceType="dataSync"}
 * (or the type that fits its sensor) and the {@code FOREGROUND_SERVICE} permissions. Frames arrive
 * through the {@link LocalBinder}; a real app feeds them from its sensor callback's thread. Models
 * are read from {@code <filesDir>/models} unless the start intent names a folder in
 * {@link #EXTRA_MODELS}. Compiled against Android 15 and run under Robolectric in this repository's
 * build; not run on a phone.
 */
public class CascadeService extends Service {
  /** Start-intent extra: the folder holding {@code digits_tiny_logreg.onnx} and {@code digits_big_mlp.onnx}. */
  public static final String EXTRA_MODELS = "io.edgeenergy.example.MODELS";
  static final String CHANNEL = "edgeenergy-cascade";
  static final int NOTIFICATION = 11;

  private final LocalBinder binder = new LocalBinder();
  private final List<AutoCloseable> open = new ArrayList<>();
  private AndroidEnergyMeters.Detection detection;
  private EnergyBudget budget;
  private TieredInferencePipeline<float[]> pipeline;

  @Override
  public int onStartCommand(Intent intent, int flags, int startId) {
    NotificationManager nm = getSystemService(NotificationManager.class);
    nm.createNotificationChannel(new NotificationChannel(CHANNEL, "On-device inference", NotificationManager.IMPORTANCE_LOW));
    Notification n = new Notification.Builder(this, CHANNEL).setContentTitle("Listening")
        .setSmallIcon(android.R.drawable.ic_media_play).build();
    startForeground(NOTIFICATION, n);
    if (pipeline == null) {
      String dir = intent == null ? null : intent.getStringExtra(EXTRA_MODELS);
      start(dir != null ? new File(dir) : new File(getFilesDir(), "models"));
    }
    return START_STICKY;
  }

  private void start(File models) {
    detection = AndroidEnergyMeters.detect(this);
    EnergyMeter meter = detection.meter();
    open.add(meter);
    AndroidThermalHeadroom thermal = AndroidThermalHeadroom.builder(this).build();
    open.add(thermal);
    budget = EnergyBudget.builder().name("cascade")
        .battery(Energy.ofMilliampHours(4500 * 0.02, 3.85), Duration.ofDays(1))   // 2 % of the battery a day
        .build();
    Model tiny = InferenceBackends.load(new File(models, "digits_tiny_logreg.onnx").toPath());
    open.add(tiny);
    Model big = InferenceBackends.load(new File(models, "digits_big_mlp.onnx").toPath());
    open.add(big);
    AdpfPerformanceHints hints = AdpfPerformanceHints.builder(this).targetWorkDuration(Duration.ofMillis(20)).build();
    open.add(hints);   // closes the pipeline thread's hint session
    pipeline = TieredInferencePipeline.<float[]>builder()
        .tier(Tier.<float[]>builder("tiny").model(tiny).input(InputBinder.floats())
            .scores(ScoreReader.probabilities("probs")).hint(HintLevel.LOW).build())
        .gate(GatePolicy.confident(Confidence.MAX_PROBABILITY, 0.90, 0.70))   // bar moves with pressure
        .tier(Tier.<float[]>builder("big").model(big).input(InputBinder.floats())
            .scores(ScoreReader.probabilities("probs")).targetLatency(Duration.ofMillis(20)).build())
        .hints(hints)
        .thermal(thermal)
        .meter(meter)
        .budget(budget)
        .build();
    open.add(pipeline);
  }

  @Override
  public IBinder onBind(Intent intent) {
    return binder;
  }

  @Override
  public void onDestroy() {
    for (int i = open.size() - 1; i >= 0; i--) {   // the pipeline first, the meter last
      try {
        open.get(i).close();
      } catch (Exception e) {
        android.util.Log.w("edgeenergy", "closing " + open.get(i) + " failed", e);
      }
    }
    open.clear();
    pipeline = null;
    stopForeground(STOP_FOREGROUND_REMOVE);
    super.onDestroy();
  }

  /** What the app's activity or sensor code talks to; use it from one thread (the pipeline's). */
  public final class LocalBinder extends Binder {
    /** Runs the cascade on one frame; the result is reused by the next call: read it now. */
    public InferenceResult submit(float[] frame) {
      return pipeline.run(frame);
    }

    public EnergyBudget budget() {
      return budget;
    }

    public AndroidEnergyMeters.Detection meter() {
      return detection;
    }

    public TieredInferencePipeline<float[]> pipeline() {
      return pipeline;
    }
  }
}
