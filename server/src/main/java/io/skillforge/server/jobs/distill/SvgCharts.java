package io.skillforge.server.jobs.distill;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Horizontal bar charts as inline SVG, for pages that must work offline, without scripts and on
 * paper. One row (or group of rows) per category, a value axis with gridlines below, and every
 * bar carrying a {@code <title>} with its exact numbers, which browsers show on hover and screen
 * readers read out. Text is escaped here; the caller passes plain strings.
 *
 * <p>Layout is computed from an estimated glyph width rather than measured, which is good enough
 * for the short labels of skill ids; labels longer than {@value #LABEL_CHARS} characters are cut
 * with an ellipsis and keep their full text in a {@code <title>}.
 */
public final class SvgCharts {
  /** Okabe–Ito colours, told apart with the common colour-vision deficiencies and in grey. */
  public static final String ORANGE = "#E69F00";
  public static final String BLUE = "#0072B2";
  public static final String VERMILLION = "#D55E00";
  public static final String GREEN = "#009E73";

  private static final int WIDTH = 760;
  private static final int LABEL_CHARS = 30;
  private static final double CHAR_WIDTH = 6.8;
  private static final double SMALL_CHAR_WIDTH = 6.2;
  private static final int BAR = 14;
  private static final int BAR_GAP = 2;
  private static final int GROUP_PAD = 6;
  private static final int PANEL_GAP = 28;
  private static final String INK = "#222";
  private static final String MUTED = "#595959";

  private SvgCharts() {}

  /**
   * One bar.
   *
   * @param value its length, in the axis's unit
   * @param label drawn at its end, such as {@code 45.2%}
   * @param title its exact numbers, for the tooltip and screen readers
   */
  public record Bar(double value, String label, String title) {}

  /**
   * Bars of one colour, one per category; a null bar is drawn as "not measured".
   *
   * @param name for the legend
   */
  public record Series(String name, String colour, List<Bar> bars) {}

  /** A value axis from 0 to {@code max}, with gridlines at {@code ticks}. */
  public record Axis(double max, List<Double> ticks, List<String> tickLabels) {
    /** 0 to 100% in quarters; values are fractions. */
    public static Axis percent() {
      return new Axis(1, List.of(0.0, 0.25, 0.5, 0.75, 1.0), List.of("0%", "25%", "50%", "75%", "100%"));
    }

    /** 0 to a round number at or above {@code largest}, in whole steps of 1, 2 or 5 times a power of ten. */
    public static Axis counts(int largest) {
      double raw = Math.max(1, largest) / 4.0;
      double power = Math.pow(10, Math.floor(Math.log10(raw)));
      double step = power;
      for (double m : new double[] {1, 2, 5, 10}) {
        step = m * power;
        if (step >= raw) {
          break;
        }
      }
      step = Math.max(1, Math.round(step));
      double max = Math.ceil(Math.max(1, largest) / step) * step;
      List<Double> ticks = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (double t = 0; t <= max + 1e-9; t += step) {
        ticks.add(t);
        labels.add(Long.toString(Math.round(t)));
      }
      return new Axis(max, ticks, labels);
    }
  }

  /** A chart of its own axis beside others that share the category labels. */
  public record Panel(String heading, Axis axis, Series series) {}

  /**
   * Several series per category, grouped, on a 0–100% axis, with a legend.
   *
   * @param id unique on the page, letters and dashes
   */
  public static String groupedBars(String id, String title, String description, List<String> categories,
      List<Series> series) {
    double labelWidth = labelWidth(categories);
    double valueSpace = valueSpace(series);
    double x0 = labelWidth;
    double plotWidth = WIDTH - x0 - valueSpace;
    int groupHeight = series.size() * BAR + (series.size() - 1) * BAR_GAP + 2 * GROUP_PAD;
    double top = 32;
    double bottom = top + categories.size() * groupHeight;
    Axis axis = Axis.percent();
    StringBuilder svg = open(id, title, description, bottom + 26);
    legend(svg, x0, series);
    for (int c = 0; c < categories.size(); c++) {
      double y = top + c * groupHeight;
      band(svg, c, y, groupHeight);
      categoryLabel(svg, categories.get(c), labelWidth - 8, y + groupHeight / 2.0);
    }
    grid(svg, axis, x0, plotWidth, top, bottom);
    for (int c = 0; c < categories.size(); c++) {
      for (int s = 0; s < series.size(); s++) {
        double y = top + c * groupHeight + GROUP_PAD + s * (BAR + BAR_GAP);
        bar(svg, series.get(s), series.get(s).bars().get(c), axis, x0, plotWidth, y);
      }
    }
    return svg.append("</svg>\n").toString();
  }

  /**
   * One bar per category in each panel, panels side by side with their own axis and heading; one
   * panel makes a simple bar chart.
   *
   * @param id unique on the page, letters and dashes
   */
  public static String panels(String id, String title, String description, List<String> categories, List<Panel> panels) {
    double labelWidth = labelWidth(categories);
    double panelWidth = (WIDTH - labelWidth - (panels.size() - 1) * PANEL_GAP) / panels.size();
    int rowHeight = BAR + 2 * GROUP_PAD;
    double top = 32;
    double bottom = top + categories.size() * rowHeight;
    StringBuilder svg = open(id, title, description, bottom + 26);
    for (int c = 0; c < categories.size(); c++) {
      double y = top + c * rowHeight;
      band(svg, c, y, rowHeight);
      categoryLabel(svg, categories.get(c), labelWidth - 8, y + rowHeight / 2.0);
    }
    for (int p = 0; p < panels.size(); p++) {
      Panel panel = panels.get(p);
      double x0 = labelWidth + p * (panelWidth + PANEL_GAP);
      double plotWidth = panelWidth - valueSpace(List.of(panel.series()));
      svg.append("<text x=\"").append(n(x0)).append("\" y=\"18\" font-weight=\"bold\" fill=\"").append(INK)
          .append("\">").append(HtmlEscape.text(panel.heading())).append("</text>\n");
      grid(svg, panel.axis(), x0, plotWidth, top, bottom);
      for (int c = 0; c < categories.size(); c++) {
        bar(svg, panel.series(), panel.series().bars().get(c), panel.axis(), x0, plotWidth,
            top + c * rowHeight + GROUP_PAD);
      }
    }
    return svg.append("</svg>\n").toString();
  }

  private static StringBuilder open(String id, String title, String description, double height) {
    StringBuilder svg = new StringBuilder(4096);
    svg.append("<svg class=\"chart\" id=\"").append(id).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
        .append(n(height)).append("\" width=\"").append(WIDTH).append("\" height=\"").append(n(height))
        .append("\" role=\"group\" aria-labelledby=\"").append(id).append("-title ").append(id)
        .append("-desc\" font-size=\"12\">\n");
    svg.append("<title id=\"").append(id).append("-title\">").append(HtmlEscape.text(title)).append("</title>\n");
    svg.append("<desc id=\"").append(id).append("-desc\">").append(HtmlEscape.text(description)).append("</desc>\n");
    return svg;
  }

  private static void legend(StringBuilder svg, double x, List<Series> series) {
    for (Series s : series) {
      svg.append("<rect x=\"").append(n(x)).append("\" y=\"8\" width=\"12\" height=\"12\" fill=\"")
          .append(s.colour()).append("\" aria-hidden=\"true\"/>");
      svg.append("<text x=\"").append(n(x + 17)).append("\" y=\"18\" fill=\"").append(INK).append("\">")
          .append(HtmlEscape.text(s.name())).append("</text>\n");
      x += 17 + s.name().length() * CHAR_WIDTH + 24;
    }
  }

  /** A light band behind every other category, so a row is easy to follow across the chart. */
  private static void band(StringBuilder svg, int index, double y, double height) {
    if (index % 2 == 1) {
      svg.append("<rect x=\"0\" y=\"").append(n(y)).append("\" width=\"").append(WIDTH).append("\" height=\"")
          .append(n(height)).append("\" fill=\"#f3f3f3\" aria-hidden=\"true\"/>\n");
    }
  }

  private static void categoryLabel(StringBuilder svg, String label, double x, double middle) {
    String shown = label.length() > LABEL_CHARS ? label.substring(0, LABEL_CHARS - 1) + "\u2026" : label;
    svg.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(middle + 4))
        .append("\" text-anchor=\"end\" fill=\"").append(INK).append("\">");
    if (!shown.equals(label)) {
      svg.append("<title>").append(HtmlEscape.text(label)).append("</title>");
    }
    svg.append(HtmlEscape.text(shown)).append("</text>\n");
  }

  private static void grid(StringBuilder svg, Axis axis, double x0, double plotWidth, double top, double bottom) {
    svg.append("<g aria-hidden=\"true\">\n");
    for (int t = 0; t < axis.ticks().size(); t++) {
      double x = x0 + axis.ticks().get(t) / axis.max() * plotWidth;
      svg.append("<line x1=\"").append(n(x)).append("\" y1=\"").append(n(top)).append("\" x2=\"").append(n(x))
          .append("\" y2=\"").append(n(bottom + 4)).append("\" stroke=\"").append(t == 0 ? "#767676" : "#d0d0d0")
          .append("\"/>");
      svg.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(bottom + 18))
          .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"").append(MUTED).append("\">")
          .append(HtmlEscape.text(axis.tickLabels().get(t))).append("</text>\n");
    }
    svg.append("</g>\n");
  }

  private static void bar(StringBuilder svg, Series series, Bar bar, Axis axis, double x0, double plotWidth,
      double y) {
    if (bar == null) {
      svg.append("<text x=\"").append(n(x0 + 4)).append("\" y=\"").append(n(y + BAR - 3))
          .append("\" font-size=\"11\" font-style=\"italic\" fill=\"").append(MUTED).append("\">")
          .append(HtmlEscape.text(series.name())).append(": not measured</text>\n");
      return;
    }
    double fraction = Math.max(0, Math.min(1, bar.value() / axis.max()));
    double width = fraction * plotWidth;
    if (bar.value() > 0 && width < 1) {
      width = 1; // a small non-zero value stays visible
    }
    svg.append("<rect x=\"").append(n(x0)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(width))
        .append("\" height=\"").append(BAR).append("\" fill=\"").append(series.colour()).append("\"><title>")
        .append(HtmlEscape.text(bar.title())).append("</title></rect>");
    svg.append("<text x=\"").append(n(x0 + width + 4)).append("\" y=\"").append(n(y + BAR - 3))
        .append("\" font-size=\"11\" fill=\"").append(INK).append("\" aria-hidden=\"true\">")
        .append(HtmlEscape.text(bar.label())).append("</text>\n");
  }

  private static double labelWidth(List<String> categories) {
    int longest = categories.stream().mapToInt(String::length).max().orElse(0);
    return Math.max(60, Math.min(LABEL_CHARS, longest) * CHAR_WIDTH + 16);
  }

  /** Room right of the longest bar for its label. */
  private static double valueSpace(List<Series> series) {
    int longest = series.stream().flatMap(s -> s.bars().stream())
        .mapToInt(b -> b == null ? 0 : b.label().length()).max().orElse(0);
    return Math.max(40, longest * SMALL_CHAR_WIDTH + 12);
  }

  private static String n(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
