package io.skillforge.server.jobs.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.server.jobs.distill.SvgCharts.Axis;
import io.skillforge.server.jobs.distill.SvgCharts.Bar;
import io.skillforge.server.jobs.distill.SvgCharts.Panel;
import io.skillforge.server.jobs.distill.SvgCharts.Series;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class SvgChartsTest {
  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
  }

  /** The rectangles that are bars: those with a title. */
  private static List<Element> bars(Document doc) {
    List<Element> bars = new ArrayList<>();
    NodeList rects = doc.getElementsByTagName("rect");
    for (int i = 0; i < rects.getLength(); i++) {
      Element rect = (Element) rects.item(i);
      if (rect.getElementsByTagName("title").getLength() == 1) {
        bars.add(rect);
      }
    }
    return bars;
  }

  private static List<String> texts(Document doc) {
    List<String> texts = new ArrayList<>();
    NodeList nodes = doc.getElementsByTagName("text");
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent());
    }
    return texts;
  }

  private static double width(Element bar) {
    return Double.parseDouble(bar.getAttribute("width"));
  }

  private static Series series(String name, String colour, double... values) {
    return new Series(name, colour, Arrays.stream(values)
        .mapToObj(v -> new Bar(v, ReportFormat.percent(v), name + " " + v)).toList());
  }

  @Test
  void groupedBars_oneTitledBarPerCategoryAndSeries() throws Exception {
    Document doc = parse(SvgCharts.groupedBars("c", "Accuracy", "desc", List.of("a", "b<&\"c"),
        List.of(series("Before", SvgCharts.ORANGE, 0.25, 0.5), series("After", SvgCharts.BLUE, 1.0, 0.0))));
    List<Element> bars = bars(doc);
    assertEquals(4, bars.size());
    assertEquals(List.of("Before 0.25", "After 1.0", "Before 0.5", "After 0.0"),
        bars.stream().map(b -> b.getElementsByTagName("title").item(0).getTextContent()).toList());
    assertEquals(SvgCharts.ORANGE, bars.get(0).getAttribute("fill"));
    assertEquals(SvgCharts.BLUE, bars.get(1).getAttribute("fill"));
    assertTrue(texts(doc).contains("b<&\"c"), texts(doc).toString());
  }

  @Test
  void groupedBars_lengthsProportionalToValues() throws Exception {
    List<Element> bars = bars(parse(SvgCharts.groupedBars("c", "t", "d", List.of("a", "b"),
        List.of(series("S", SvgCharts.BLUE, 0.25, 1.0)))));
    assertEquals(4 * width(bars.get(0)), width(bars.get(1)), 0.5);
  }

  @Test
  void groupedBars_percentTicksAndLegend() throws Exception {
    List<String> texts = texts(parse(SvgCharts.groupedBars("c", "t", "d", List.of("a"),
        List.of(series("Before", SvgCharts.ORANGE, 0.5), series("After", SvgCharts.BLUE, 0.6)))));
    assertTrue(texts.containsAll(List.of("0%", "25%", "50%", "75%", "100%", "Before", "After", "50.0%", "60.0%")),
        texts.toString());
  }

  @Test
  void groupedBars_titleAndDescriptionLabelTheChart() throws Exception {
    Document doc = parse(SvgCharts.groupedBars("acc", "Accuracy <per skill>", "what it shows", List.of("a"),
        List.of(series("S", SvgCharts.BLUE, 0.5))));
    Element svg = doc.getDocumentElement();
    assertEquals("acc-title acc-desc", svg.getAttribute("aria-labelledby"));
    assertEquals("Accuracy <per skill>", doc.getElementsByTagName("title").item(0).getTextContent());
    assertEquals("what it shows", doc.getElementsByTagName("desc").item(0).getTextContent());
  }

  @Test
  void groupedBars_missingBar_saysNotMeasured() throws Exception {
    Series partial = new Series("After", SvgCharts.BLUE, Arrays.asList(new Bar(0.5, "50.0%", "x"), null));
    Document doc = parse(SvgCharts.groupedBars("c", "t", "d", List.of("a", "b"), List.of(partial)));
    assertEquals(1, bars(doc).size());
    assertTrue(texts(doc).contains("After: not measured"));
  }

  @Test
  void groupedBars_longLabelCut_keepsFullTextInTitle() throws Exception {
    String label = "a_skill_id_that_is_far_longer_than_the_label_column";
    Document doc = parse(SvgCharts.groupedBars("c", "t", "d", List.of(label),
        List.of(series("S", SvgCharts.BLUE, 0.5))));
    NodeList titles = doc.getElementsByTagName("title");
    boolean full = false;
    for (int i = 0; i < titles.getLength(); i++) {
      full |= titles.item(i).getTextContent().equals(label);
    }
    assertTrue(full);
    assertTrue(texts(doc).stream().anyMatch(t -> t.endsWith(label.substring(0, 29) + "\u2026")), texts(doc).toString());
  }

  @Test
  void panels_ownAxisAndHeadingEach() throws Exception {
    Series counts = new Series("c", SvgCharts.VERMILLION, List.of(new Bar(12, "12 (60.0%)", "c 12"),
        new Bar(8, "8 (40.0%)", "c 8")));
    Document doc = parse(SvgCharts.panels("p", "Profile", "d", List.of("a", "b"), List.of(
        new Panel("c(s)", Axis.counts(12), counts),
        new Panel("Probe accuracy", Axis.percent(), series("Probe", SvgCharts.GREEN, 0.3, 0.9)))));
    List<Element> bars = bars(doc);
    assertEquals(4, bars.size());
    assertEquals(width(bars.get(0)) * 8 / 12, width(bars.get(1)), 0.5);
    List<String> texts = texts(doc);
    assertTrue(texts.containsAll(List.of("c(s)", "Probe accuracy", "0", "5", "10", "15", "100%", "12 (60.0%)")),
        texts.toString());
  }

  @Test
  void counts_roundStepsAtOrAboveTheLargest() {
    assertEquals(List.of(0.0, 5.0, 10.0, 15.0), Axis.counts(12).ticks());
    assertEquals(List.of(0.0, 2.0, 4.0, 6.0, 8.0), Axis.counts(7).ticks());
    assertEquals(List.of(0.0, 1.0, 2.0, 3.0), Axis.counts(3).ticks());
    assertEquals(List.of(0.0, 1.0), Axis.counts(0).ticks());
    assertEquals(List.of("0", "50", "100", "150"), Axis.counts(140).tickLabels());
    assertEquals(150, Axis.counts(140).max());
  }
}
