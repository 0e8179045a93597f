package io.skillforge.server.jobs.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.MissingSkillProfile.Evidence;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;

class RoundReportHtmlTest {
  @TempDir Path dir;

  private static void assertSelfContained(String page) {
    String lower = page.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("<script"), "a script");
    assertFalse(lower.contains("<img"), "an image");
    assertFalse(lower.contains("<link"), "a linked resource");
    assertFalse(lower.contains("@import"), "an imported style sheet");
    assertFalse(lower.contains("url("), "a style that loads something");
    for (String attribute : List.of("src=\"", "src='", "href=\"", "href='")) {
      assertFalse(lower.contains(attribute + "http"), attribute);
      assertFalse(lower.contains(attribute + "//"), attribute);
    }
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void render_isOnePageWithChartsAndNoReferenceOutside() {
    String page = RoundReportHtml.render(TestReports.full());
    assertTrue(page.startsWith("<!DOCTYPE html>"));
    assertTrue(page.contains("<meta charset=\"utf-8\">"));
    assertEquals(2, occurrences(page, "<svg"));
    assertSelfContained(page);
  }

  @Test
  void render_cleanReport_namesNoUrlAtAll() {
    String page = RoundReportHtml.render(TestReports.report().skill("add_carry", 10, 4, 6).count("add_carry", 3)
        .difficultQuestions(3).build());
    assertFalse(page.contains("http:"), "http:");
    assertFalse(page.contains("https:"), "https:");
  }

  @Test
  void render_headerNamesTheRound() {
    String page = RoundReportHtml.render(TestReports.full());
    for (String fact : List.of("nightly-2025-03", "Distillation round 2", "builtin-small", "sim-teacher", "STAT-Syn",
        "graded", "validation (1,400 items)", "2025-03-04 05:06:07 UTC")) {
      assertTrue(page.contains(fact), fact);
    }
    String sel = RoundReportHtml.render(TestReports.report().names("s", "t", "sel", "d", "e").build());
    assertTrue(sel.contains("STAT-Sel"));
  }

  @Test
  void render_summaryGivesOverallBeforeAfterAndGain() {
    String page = RoundReportHtml.render(TestReports.full());
    assertTrue(page.contains("<strong>40.0%</strong> \u2192 <strong>52.5%</strong> (+12.5 points)"), page);
  }

  @Test
  void render_namesEverySkill() {
    String page = RoundReportHtml.render(TestReports.full());
    for (String skill : List.of("add_carry", "sub_borrow", "remainder", "compare")) {
      assertTrue(page.contains(">" + skill + "<"), skill);
    }
  }

  @Test
  void render_perSkillTableAndBarTitlesCarryTheNumbers() {
    String page = RoundReportHtml.render(TestReports.full());
    assertTrue(page.contains("<tr><td>add_carry</td><td class=\"num\">200</td><td class=\"num\">40.0%</td>"
        + "<td class=\"num\">65.0%</td><td class=\"num\">+25.0</td></tr>"), page);
    assertTrue(page.contains("<td class=\"num\">-5.0</td>"));
    assertTrue(page.contains("<title>add_carry, before: 40.0% (80 of 200 correct)</title>"));
    assertTrue(page.contains("<title>add_carry, after: 65.0% (130 of 200 correct)</title>"));
  }

  @Test
  void render_profileGivesCountsSharesAndProbeAccuracy() {
    String page = RoundReportHtml.render(TestReports.full());
    assertTrue(page.contains("1,400 items probed, 512 difficult, 500 diagnosed"), page);
    // c = 40 of 40 + 25 + 9 = 74 counts
    assertTrue(page.contains("<title>add_carry: c(s) = 40, 54.1% of all counts</title>"));
    assertTrue(page.contains("<title>add_carry, probe accuracy: 40.0% (80 of 200 correct)</title>"));
    assertTrue(page.contains("<tr><td>remainder</td><td class=\"num\">9</td><td class=\"num\">12.2%</td>"
        + "<td class=\"num\">50.0%</td><td class=\"num\">100</td></tr>"));
  }

  @Test
  void render_evidenceIsEscaped() {
    String page = RoundReportHtml.render(TestReports.full());
    assertFalse(page.contains(TestReports.NASTY));
    assertTrue(page.contains("<pre>" + HtmlEscape.text(TestReports.NASTY) + "</pre>"));
    assertTrue(page.contains("Compute 5 &lt; 7 &amp;&amp; 9 &gt; 2 ? &quot;yes&quot; : &#39;no&#39;"));
    assertTrue(page.contains("Treats &lt;b&gt; as a tag &amp; forgets the borrow."));
    assertEquals(occurrences(page, "<pre>"), occurrences(page, "</pre>"), "the response cannot close its pre");
    assertSelfContained(page);
  }

  @Test
  void render_markupInEveryFieldIsEscaped() {
    String nasty = TestReports.NASTY;
    RoundReport report = TestReports.report().run(nasty).names(nasty, nasty, nasty, nasty, nasty)
        .skill("add_carry", 10, 4, 6).count("add_carry", 1).difficultQuestions(1)
        .evidence("add_carry", new Evidence(nasty, nasty, nasty, nasty))
        .data(new RoundReport.DataSummary(1, 1, 1, 0, 0, Map.of(nasty, 1), List.of(nasty)))
        .training(new RoundReport.TrainingSummary(nasty, 1, 1, 1, 1, nasty))
        .build();
    String page = RoundReportHtml.render(report);
    assertFalse(page.contains(nasty));
    assertFalse(page.toLowerCase(Locale.ROOT).contains("<script"));
    assertSelfContained(page);
  }

  @Test
  void render_atMostThreeFailuresPerSkill() {
    TestReports.Builder builder = TestReports.report().count("add_carry", 5).difficultQuestions(5);
    for (int i = 1; i <= 5; i++) {
      builder.evidence("add_carry", new Evidence("item-" + i, "q" + i, "r" + i, "why" + i));
    }
    String page = RoundReportHtml.render(builder.build());
    assertEquals(3, occurrences(page, "<article class=\"evidence\">"));
    assertTrue(page.contains("item-3"));
    assertFalse(page.contains("item-4"));
  }

  @Test
  void render_emptyReport() {
    String page = RoundReportHtml.render(TestReports.empty());
    assertTrue(page.contains("No skill was measured."));
    assertTrue(page.contains("the profile is empty"));
    assertTrue(page.contains("The profile holds no diagnosed failures."));
    assertTrue(page.contains("No files were written."));
    assertTrue(page.contains("external: ./train.sh"));
    assertTrue(page.contains("<strong>0.0%</strong> \u2192 <strong>0.0%</strong> (+0.0 points)"));
    assertFalse(page.contains("<svg"));
    assertSelfContained(page);
  }

  @Test
  void render_dataAndTraining() {
    String page = RoundReportHtml.render(TestReports.full());
    for (String part : List.of("<td>Distinct examples</td><td class=\"num\">3,900</td>",
        "<td>Draws, counting repeats</td><td class=\"num\">9,500</td>",
        "<td>Targeted at missing skills</td><td class=\"num\">7,600</td>",
        "<td>Mixed back from the original pool</td><td class=\"num\">1,900</td>",
        "<td>Synthesized and kept</td><td class=\"num\">0</td>",
        "<td>Rejected</td><td class=\"num\">35</td>",
        "<td class=\"sub\">disagreeing solutions</td><td class=\"num\">31</td>",
        "<code>training.jsonl</code>", "<code>mix.jsonl</code>",
        "<dd>built-in</dd>", "<dd>600</dd>", "2.3071 \u2192 0.4112", "<dd>3 min 05 s</dd>",
        "<dd>runs/r1/round-1/student</dd>")) {
      assertTrue(page.contains(part), part);
    }
  }

  @Test
  void render_chartsAreWellFormedSvg() throws Exception {
    String page = RoundReportHtml.render(TestReports.full());
    Matcher svg = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(page);
    List<String> charts = new ArrayList<>();
    while (svg.find()) {
      charts.add(svg.group());
    }
    assertEquals(2, charts.size());
    for (String chart : charts) {
      DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(chart)));
    }
  }

  @Test
  void skillOrder_byGainLargestFirst_unmatchedLast() {
    RoundReport report = TestReports.full();
    assertEquals(List.of("add_carry", "sub_borrow", "compare", "remainder"), RoundReportHtml.skillOrder(report));
    RoundReport ties = TestReports.report().skill("b", 10, 5, 5).skill("a", 10, 5, 5).onlyBefore("0", 10, 1)
        .skill("c", 10, 1, 9).build();
    assertEquals(List.of("c", "a", "b", "0"), RoundReportHtml.skillOrder(ties));
  }

  @Test
  void write_savesThePage() throws IOException {
    Path file = dir.resolve("report.html");
    RoundReportHtml.write(TestReports.full(), file);
    assertEquals(RoundReportHtml.render(TestReports.full()), Files.readString(file));
  }
}
