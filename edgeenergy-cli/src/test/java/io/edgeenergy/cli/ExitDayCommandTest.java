package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgeenergy exits-day} on the real digits segments (ONNX): a short day, both policies. */
class ExitDayCommandTest {
  private final CliRun cli = new CliRun();

  @Test
  void onTheDigitsSegmentsTheFixedThresholdRunsOutAndFollowingTheBudgetLasts() {
    // 97 % of what the most accurate point needs: the cheaper point (no second segment) can make up the rest
    int code = cli.run("exits-day", "--model", "digits", "--models", "../models/digits", "--hours", "6",
        "--events-per-hour", "600", "--battery-fraction", "0.97", "--warmup", "1");
    String text = cli.out.toString();
    assertThat(code).as(cli.err.toString()).isZero();
    assertThat(text).contains("Recorded exits: 252 choosing (validation), 540 test inputs", "(ESTIMATED)",
        "Without adaptation the battery empties after", "following the budget it lasts the day.")
        .doesNotContain("no threshold can last it");
    assertThat(text).containsPattern("fixed 0\\.\\d{4} +5\\.\\d\\d h +9\\d\\.\\d %")
        .containsPattern("following the budget +6\\.00 h +100\\.0 %");
  }

  @Test
  void onTheKeywordModelABatteryFor70PercentOfTheFixedDayLastsOnlyWhenFollowingTheBudget(@TempDir Path tmp)
      throws Exception {
    Path json = tmp.resolve("day.json");
    int code = cli.run("exits-day", "--models", "../models/exits", "--hours", "6", "--events-per-hour", "1800",
        "--warmup", "1", "--json", json.toString());
    String text = cli.out.toString();
    assertThat(code).as(cli.err.toString()).isZero();
    // the curve is calibrated on the validation voice and the five training voices' out-of-fold exits
    assertThat(text).contains("Recorded exits: 4896 choosing (validation voice + out-of-fold training voices),"
        + " 1632 test inputs", "battery", "= 0.70 x", "following the budget it lasts the day.");
    JsonObject day = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertThat(day.get("format").getAsString()).isEqualTo(ExitDayJson.FORMAT);
    JsonArray policies = day.getAsJsonArray("policies");
    assertThat(policies).hasSize(3);
    assertThat(policies.get(0).getAsJsonObject().get("lastedTheDay").getAsBoolean()).isFalse();
    JsonObject following = policies.get(1).getAsJsonObject();
    assertThat(following.get("lastedTheDay").getAsBoolean()).isTrue();
    assertThat(following.get("answered").getAsInt()).isEqualTo(6 * 1800);
    assertThat(following.getAsJsonArray("hours")).hasSize(6);
    assertThat(following.getAsJsonArray("hours").get(5).getAsJsonObject().has("threshold")).isTrue();
    // 70 % of the fixed point's day: it runs out at 70 % of 6 h (4.2 h, give or take the last event)
    assertThat(text).containsPattern("fixed 0\\.\\d{4} +4\\.[12]\\d h +70\\.\\d %")
        .containsPattern("following the budget +6\\.00 h +100\\.0 %");
  }

  @Test
  void anUnknownFamilyOrABadNumberIsRefusedByName() {
    assertThat(cli.run("exits-day", "--model", "digits", "--family", "patience")).isEqualTo(2);
    assertThat(cli.err.toString()).contains("--family patience is not one of max-probability, entropy, margin");
    assertThat(cli.run("exits-day", "--model", "digits", "--hours", "0")).isEqualTo(2);
    assertThat(cli.err.toString()).contains("--hours >= 1");
  }
}
