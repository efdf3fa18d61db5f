package io.edgeenergy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
    assertThat(text).contains("Recorded exits: 252 validation, 540 test inputs", "(ESTIMATED)",
        "Without adaptation the battery empties after", "following the budget it lasts the day.")
        .doesNotContain("no threshold can last it");
    assertThat(text).containsPattern("fixed 0\\.\\d{4} +5\\.\\d\\d h +9\\d\\.\\d %")
        .containsPattern("following the budget +6\\.00 h +100\\.0 %");
  }

  @Test
  void onTheKeywordModelABatteryFor70PercentOfTheFixedDayLastsOnlyWhenFollowingTheBudget() {
    int code = cli.run("exits-day", "--models", "../models/exits", "--hours", "6", "--events-per-hour", "1800",
        "--warmup", "1");
    String text = cli.out.toString();
    assertThat(code).as(cli.err.toString()).isZero();
    assertThat(text).contains("Recorded exits: 816 validation, 1632 test inputs", "battery", "= 0.70 x",
        "following the budget it lasts the day.");
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
