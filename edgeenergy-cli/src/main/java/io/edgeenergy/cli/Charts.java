package io.edgeenergy.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * How the report draws: XChart charts of one size and style, painted into a PNG at twice the page's
 * pixel size (sharp text on high-density screens) and embedded as a base64 {@code data:} image. PNG
 * through the JDK's ImageIO keeps the CLI jar free of XChart's SVG path (VectorGraphics2D, LGPL-3.0).
 */
final class Charts {
  /** The page size of every figure, CSS pixels. */
  static final int WIDTH = 760;
  static final int HEIGHT = 420;
  /** Device pixels per CSS pixel in the PNG. */
  static final int SCALE = 2;

  private Charts() {}

  /** An XY chart with the report's style; its title becomes the figure's heading. */
  static XYChart xy(String title, String x, String y) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
    style(c.getStyler());
    return c;
  }

  /** A category (bar) chart with the report's style. */
  static CategoryChart category(String title, String x, String y) {
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y)
        .build();
    style(c.getStyler());
    return c;
  }

  static void style(Styler s) {
    s.setChartTitleVisible(false);   // the page's heading carries the title
    s.setChartBackgroundColor(Color.WHITE);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
  }

  /** The chart as an {@code <img>} element holding a PNG, {@code alt} text from its title. */
  static String img(Chart<?, ?> chart) {
    BufferedImage image = new BufferedImage(chart.getWidth() * SCALE, chart.getHeight() * SCALE,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.scale(SCALE, SCALE);
      chart.paint(g, chart.getWidth(), chart.getHeight());
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream(1 << 16);
    try {
      if (!ImageIO.write(image, "png", png)) {
        throw new IOException("no PNG writer in this JDK");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not render chart '" + chart.getTitle() + "' as PNG", e);
    }
    return "<img class=\"chart\" width=\"" + chart.getWidth() + "\" height=\"" + chart.getHeight() + "\" alt=\""
        + HtmlReport.escape(chart.getTitle()) + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png.toByteArray()) + "\">";
  }
}
