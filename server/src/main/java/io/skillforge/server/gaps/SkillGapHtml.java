package io.skillforge.server.gaps;

import static io.skillforge.server.jobs.distill.HtmlEscape.text;
import static io.skillforge.server.jobs.distill.ReportFormat.count;
import static io.skillforge.server.jobs.distill.ReportFormat.percent;
import static io.skillforge.server.jobs.distill.ReportFormat.points;

import io.skillforge.server.jobs.distill.ReportFormat;
import io.skillforge.server.jobs.distill.ReportStyle;
import io.skillforge.server.jobs.distill.SvgCharts;
import io.skillforge.server.jobs.distill.SvgCharts.Axis;
import io.skillforge.server.jobs.distill.SvgCharts.Bar;
import io.skillforge.server.jobs.distill.SvgCharts.Panel;
import io.skillforge.server.jobs.distill.SvgCharts.Series;
import io.skillforge.skills.MissingSkillProfile;
import io.skillforge.skills.MissingSkillProfile.Evidence;
import io.skillforge.skills.MissingSkillProfile.SkillScore;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SkillGapReport} as one self-contained HTML5 page, like the distillation round's report:
 * inline CSS, charts as inline SVG, no script, nothing fetched from elsewhere; every text escaped.
 * Sections: the accuracy per skill (now, and at the previous report when there is one), the
 * missing-skill profile, and example failures.
 */
public final class SkillGapHtml {
  /** Failures shown per skill. */
  static final int FAILURES_PER_SKILL = 3;

  private SkillGapHtml() {}

  public static String render(SkillGapReport r) {
    StringBuilder html = new StringBuilder(32_768);
    String title = "Skill gaps of " + r.student() + " on " + r.dataset();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        .append(text(title)).append("</title>\n<style>\n").append(ReportStyle.CSS).append("</style>\n</head>\n<body>\n")
        .append("<h1>").append(text(title)).append("</h1>\n<dl class=\"facts\">\n");
    fact(html, "Made", ReportFormat.time(r.createdAt()));
    fact(html, "Job", r.job());
    fact(html, "Teacher", r.teacher());
    fact(html, "Items probed", count(r.items()) + (r.samples() > 1 ? ", " + r.samples() + " samples each" : ""));
    fact(html, "Difficult, diagnosed", count(r.difficult()) + ", " + count(r.profile().difficultQuestions()));
    html.append("</dl>\n<p class=\"summary\">Accuracy ").append(percent(r.accuracy()));
    if (r.previous() != null) {
      html.append(", ").append(points(r.accuracy() - r.previous().accuracy())).append(" points since ")
          .append(ReportFormat.time(r.previous().createdAt()));
    }
    html.append(".</p>\n");
    accuracy(html, r);
    profile(html, r.profile());
    failures(html, r.profile());
    return html.append("</body>\n</html>\n").toString();
  }

  private static void fact(StringBuilder html, String name, String value) {
    html.append("<dt>").append(text(name)).append("</dt><dd>").append(text(value)).append("</dd>\n");
  }

  private static void accuracy(StringBuilder html, SkillGapReport r) {
    List<String> skills = new ArrayList<>(r.skills());
    html.append("<section id=\"accuracy\">\n<h2>Accuracy per skill</h2>\n");
    if (skills.isEmpty()) {
      html.append("<p>No item carries a skill label.</p>\n</section>\n");
      return;
    }
    List<Series> series = new ArrayList<>();
    if (r.previous() != null) {
      series.add(new Series("Previous", SvgCharts.ORANGE, bars(skills, r.previous().perSkill(), "previous")));
    }
    series.add(new Series("Now", SvgCharts.BLUE, bars(skills, r.perSkill(), "now")));
    html.append("<figure>\n").append(SvgCharts.groupedBars("accuracy-chart", "Accuracy per skill",
        "For each skill, a bar for the accuracy now" + (r.previous() != null ? " and one for the previous report" : "")
            + ", on a 0 to 100% scale; the table below gives the same numbers.", skills, series))
        .append("</figure>\n<table>\n<thead><tr><th>Skill</th><th class=\"num\">Items</th>")
        .append("<th class=\"num\">Accuracy</th><th class=\"num\">Change (points)</th></tr></thead>\n<tbody>\n");
    for (String skill : skills) {
      SkillScore now = r.perSkill().get(skill);
      Double change = r.change(skill);
      html.append("<tr><td>").append(text(skill)).append("</td><td class=\"num\">")
          .append(now == null ? "\u2014" : count(now.items())).append("</td><td class=\"num\">")
          .append(now == null ? "\u2014" : percent(now.accuracy())).append("</td><td class=\"num\">")
          .append(change == null ? "\u2014" : points(change)).append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n</section>\n");
  }

  private static List<Bar> bars(List<String> skills, java.util.Map<String, SkillScore> scores, String when) {
    List<Bar> bars = new ArrayList<>();
    for (String skill : skills) {
      SkillScore s = scores.get(skill);
      bars.add(s == null ? null : new Bar(s.accuracy(), percent(s.accuracy()), skill + ", " + when + ": "
          + percent(s.accuracy()) + " (" + count(s.correct()) + " of " + count(s.items()) + " correct)"));
    }
    return bars;
  }

  private static void profile(StringBuilder html, MissingSkillProfile profile) {
    html.append("<section id=\"profile\">\n<h2>Missing-skill profile</h2>\n<p>c(s) counts the diagnosed items")
        .append(" that name skill s as missing; the share is c(s) over the sum of all counts.</p>\n");
    List<String> skills = profile.ranked();
    if (skills.isEmpty()) {
      html.append("<p>No diagnosed item named a missing skill: the profile is empty.</p>\n</section>\n");
      return;
    }
    List<Bar> counts = new ArrayList<>();
    for (String skill : skills) {
      int c = profile.count(skill);
      counts.add(new Bar(c, count(c) + " (" + percent(profile.share(skill)) + ")",
          skill + ": c(s) = " + count(c) + ", " + percent(profile.share(skill)) + " of all counts"));
    }
    int largest = skills.stream().mapToInt(profile::count).max().orElse(0);
    html.append("<figure>\n").append(SvgCharts.panels("profile-chart", "Missing-skill profile",
        "For each skill of the profile, most named first, a bar for c(s) with its share.", skills,
        List.of(new Panel("c(s), with share", Axis.counts(largest), new Series("c(s)", SvgCharts.VERMILLION, counts)))))
        .append("</figure>\n</section>\n");
  }

  private static void failures(StringBuilder html, MissingSkillProfile profile) {
    html.append("<section id=\"failures\">\n<h2>Example failures</h2>\n");
    List<String> skills = profile.ranked().stream()
        .filter(s -> !profile.evidence().getOrDefault(s, List.of()).isEmpty()).toList();
    if (skills.isEmpty()) {
      html.append("<p>The profile holds no diagnosed failures.</p>\n</section>\n");
      return;
    }
    for (String skill : skills) {
      html.append("<h3>").append(text(skill)).append("</h3>\n");
      for (Evidence e : profile.evidence().get(skill).stream().limit(FAILURES_PER_SKILL).toList()) {
        html.append("<article class=\"evidence\">\n<p class=\"muted\">Item <code>").append(text(e.itemId()))
            .append("</code></p>\n<h4>Question</h4>\n<p class=\"question\">").append(text(e.question()))
            .append("</p>\n<h4>Student&#39;s response</h4>\n<pre>").append(text(e.response()))
            .append("</pre>\n<h4>Teacher&#39;s reason</h4>\n<p>").append(text(e.reason())).append("</p>\n</article>\n");
      }
    }
    html.append("</section>\n");
  }
}
