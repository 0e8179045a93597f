package io.skillforge.server.jobs.distill;

import static io.skillforge.server.jobs.distill.HtmlEscape.text;
import static io.skillforge.server.jobs.distill.ReportFormat.count;
import static io.skillforge.server.jobs.distill.ReportFormat.percent;
import static io.skillforge.server.jobs.distill.ReportFormat.points;

import io.skillforge.server.jobs.distill.RoundReport.DataSummary;
import io.skillforge.server.jobs.distill.RoundReport.TrainingSummary;
import io.skillforge.server.jobs.distill.SvgCharts.Axis;
import io.skillforge.server.jobs.distill.SvgCharts.Bar;
import io.skillforge.server.jobs.distill.SvgCharts.Panel;
import io.skillforge.server.jobs.distill.SvgCharts.Series;
import io.skillforge.skills.MissingSkillProfile;
import io.skillforge.skills.MissingSkillProfile.Evidence;
import io.skillforge.skills.MissingSkillProfile.SkillScore;
import io.skillforge.skills.files.OutputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link RoundReport} as one self-contained HTML5 page, saved as {@code report.html}: inline CSS,
 * charts as inline SVG drawn here, no script and no reference to anything outside the page, so it
 * opens offline, mails as one file and prints. Every text of the report is escaped.
 *
 * <p>Skills in the accuracy chart and table go by gain, largest first, ties by id; skills measured
 * only before or only after come last. Skills of the profile go by {@link
 * MissingSkillProfile#ranked}.
 */
public final class RoundReportHtml {
  /** Evidence shown per skill; the profile keeps a few, the page shows no more than this. */
  static final int EVIDENCE_PER_SKILL = 3;

  private RoundReportHtml() {}

  /** The page. */
  public static String render(RoundReport report) {
    StringBuilder html = new StringBuilder(32_768);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(text(title(report))).append("</title>\n")
        .append("<style>\n").append(ReportStyle.CSS).append("</style>\n</head>\n<body>\n");
    header(html, report);
    accuracy(html, report);
    profile(html, report);
    evidence(html, report.profile());
    data(html, report.data());
    training(html, report.training());
    return html.append("</body>\n</html>\n").toString();
  }

  /** Writes the page to {@code file}, atomically. */
  public static void write(RoundReport report, Path file) throws IOException {
    String page = render(report);
    OutputFiles.writeAtomically(file, writer -> writer.write(page));
  }

  /**
   * Skills of before and after: those measured on both sides by gain, largest first, ties by id;
   * then the others by id.
   */
  static List<String> skillOrder(RoundReport report) {
    TreeSet<String> all = new TreeSet<>(report.before().keySet());
    all.addAll(report.after().keySet());
    Comparator<String> byGain = Comparator.comparingDouble((String s) -> -report.gain(s));
    List<String> both = all.stream().filter(s -> measuredBoth(report, s)).sorted(byGain.thenComparing(s -> s))
        .toList();
    List<String> order = new ArrayList<>(both);
    all.stream().filter(s -> !measuredBoth(report, s)).forEach(order::add);
    return order;
  }

  private static boolean measuredBoth(RoundReport report, String skill) {
    return report.before().containsKey(skill) && report.after().containsKey(skill);
  }

  private static String title(RoundReport report) {
    return "Round " + report.round() + " of " + report.run();
  }

  private static void header(StringBuilder html, RoundReport report) {
    html.append("<header>\n<h1>Distillation round ").append(report.round()).append(" \u2014 ")
        .append(text(report.run())).append("</h1>\n<dl class=\"facts\">\n");
    fact(html, "Student", report.student());
    fact(html, "Teacher", report.teacher());
    fact(html, "Method", ReportFormat.method(report.method()));
    fact(html, "Difficulty rule", report.difficulty());
    fact(html, "Evaluation set", report.evaluation());
    fact(html, "Finished", ReportFormat.time(report.finishedAt()));
    html.append("</dl>\n</header>\n");
    html.append("<p class=\"summary\">Overall accuracy <strong>").append(percent(report.overallBefore()))
        .append("</strong> \u2192 <strong>").append(percent(report.overallAfter())).append("</strong> (")
        .append(points(report.overallAfter() - report.overallBefore())).append(" points)</p>\n");
  }

  private static void fact(StringBuilder html, String name, String value) {
    html.append("<dt>").append(name).append("</dt><dd>").append(value == null ? "\u2014" : text(value))
        .append("</dd>\n");
  }

  private static void accuracy(StringBuilder html, RoundReport report) {
    html.append("<section id=\"per-skill\">\n<h2>Accuracy per skill, before and after</h2>\n");
    List<String> skills = skillOrder(report);
    if (skills.isEmpty()) {
      html.append("<p>No skill was measured.</p>\n</section>\n");
      return;
    }
    html.append("<p class=\"muted\">Skills by gain, largest first.</p>\n<figure>\n");
    List<Bar> before = new ArrayList<>();
    List<Bar> after = new ArrayList<>();
    for (String skill : skills) {
      before.add(scoreBar(skill, "before", report.before().get(skill)));
      after.add(scoreBar(skill, "after", report.after().get(skill)));
    }
    html.append(SvgCharts.groupedBars("accuracy-chart", "Accuracy per skill before and after the round",
        "For each skill, a bar for the accuracy before the round and one for after, on a 0 to 100% scale; "
            + "the table below gives the same numbers.",
        skills, List.of(new Series("Before", SvgCharts.ORANGE, before), new Series("After", SvgCharts.BLUE, after))));
    html.append("</figure>\n<table>\n<thead><tr><th>Skill</th><th class=\"num\">Items</th>")
        .append("<th class=\"num\">Before</th><th class=\"num\">After</th><th class=\"num\">Gain (points)</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (String skill : skills) {
      SkillScore b = report.before().get(skill);
      SkillScore a = report.after().get(skill);
      html.append("<tr><td>").append(text(skill)).append("</td><td class=\"num\">")
          .append(count((b != null ? b : a).items())).append("</td><td class=\"num\">")
          .append(b == null ? "\u2014" : percent(b.accuracy())).append("</td><td class=\"num\">")
          .append(a == null ? "\u2014" : percent(a.accuracy())).append("</td><td class=\"num\">")
          .append(a == null || b == null ? "\u2014" : points(report.gain(skill))).append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n</section>\n");
  }

  private static Bar scoreBar(String skill, String when, SkillScore score) {
    if (score == null) {
      return null;
    }
    return new Bar(score.accuracy(), percent(score.accuracy()), skill + ", " + when + ": "
        + percent(score.accuracy()) + " (" + count(score.correct()) + " of " + count(score.items()) + " correct)");
  }

  private static void profile(StringBuilder html, RoundReport report) {
    MissingSkillProfile profile = report.profile();
    html.append("<section id=\"profile\">\n<h2>Missing-skill profile</h2>\n<p>")
        .append(count(report.probed())).append(" items probed, ").append(count(report.difficult()))
        .append(" difficult, ").append(count(profile.difficultQuestions()))
        .append(" diagnosed by the teacher. c(s) counts the diagnosed items that name skill s as missing;")
        .append(" the share is c(s) over the sum of all counts.</p>\n");
    List<String> skills = profile.ranked();
    if (skills.isEmpty()) {
      html.append("<p>No diagnosed item named a missing skill: the profile is empty.</p>\n</section>\n");
      return;
    }
    List<Bar> counts = new ArrayList<>();
    List<Bar> probe = new ArrayList<>();
    for (String skill : skills) {
      int c = profile.count(skill);
      counts.add(new Bar(c, count(c) + " (" + percent(profile.share(skill)) + ")",
          skill + ": c(s) = " + count(c) + ", " + percent(profile.share(skill)) + " of all counts"));
      SkillScore score = profile.probeAccuracy().get(skill);
      probe.add(score == null ? null : new Bar(score.accuracy(), percent(score.accuracy()), skill
          + ", probe accuracy: " + percent(score.accuracy()) + " (" + count(score.correct()) + " of "
          + count(score.items()) + " correct)"));
    }
    int largest = skills.stream().mapToInt(profile::count).max().orElse(0);
    html.append("<figure>\n").append(SvgCharts.panels("profile-chart", "Missing-skill profile",
        "For each skill of the profile, most named first, a bar for c(s) with its share, and beside it a bar "
            + "for the probe's accuracy on the skill's items; the table below gives the same numbers.",
        skills, List.of(new Panel("c(s), with share", Axis.counts(largest), new Series("c(s)", SvgCharts.VERMILLION, counts)),
            new Panel("Probe accuracy", Axis.percent(), new Series("Probe accuracy", SvgCharts.GREEN, probe)))));
    html.append("</figure>\n<table>\n<thead><tr><th>Skill</th><th class=\"num\">c(s)</th>")
        .append("<th class=\"num\">Share</th><th class=\"num\">Probe accuracy</th><th class=\"num\">Probe items</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (String skill : skills) {
      SkillScore score = profile.probeAccuracy().get(skill);
      html.append("<tr><td>").append(text(skill)).append("</td><td class=\"num\">").append(count(profile.count(skill)))
          .append("</td><td class=\"num\">").append(percent(profile.share(skill))).append("</td><td class=\"num\">")
          .append(score == null ? "\u2014" : percent(score.accuracy())).append("</td><td class=\"num\">")
          .append(score == null ? "\u2014" : count(score.items())).append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n</section>\n");
  }

  private static void evidence(StringBuilder html, MissingSkillProfile profile) {
    html.append("<section id=\"failures\">\n<h2>Example failures</h2>\n");
    LinkedHashSet<String> skills = new LinkedHashSet<>(profile.ranked());
    skills.addAll(profile.evidence().keySet());
    skills.removeIf(s -> profile.evidence().getOrDefault(s, List.of()).isEmpty());
    if (skills.isEmpty()) {
      html.append("<p>The profile holds no diagnosed failures.</p>\n</section>\n");
      return;
    }
    html.append("<p class=\"muted\">Up to ").append(EVIDENCE_PER_SKILL)
        .append(" diagnosed failures per skill, as the teacher judged them.</p>\n");
    for (String skill : skills) {
      html.append("<h3>").append(text(skill)).append("</h3>\n");
      for (Evidence e : profile.evidence().get(skill).stream().limit(EVIDENCE_PER_SKILL).toList()) {
        html.append("<article class=\"evidence\">\n<p class=\"muted\">Item <code>").append(text(e.itemId()))
            .append("</code></p>\n<h4>Question</h4>\n<p class=\"question\">").append(text(e.question()))
            .append("</p>\n<h4>Student&#39;s response</h4>\n<pre>").append(text(e.response()))
            .append("</pre>\n<h4>Teacher&#39;s reason</h4>\n<p>").append(text(e.reason())).append("</p>\n</article>\n");
      }
    }
    html.append("</section>\n");
  }

  private static void data(StringBuilder html, DataSummary data) {
    html.append("<section id=\"data\">\n<h2>Training data</h2>\n<table>\n<tbody>\n");
    row(html, "Distinct examples", count(data.examples()));
    row(html, "Draws, counting repeats", count(data.draws()));
    row(html, "Targeted at missing skills", count(data.targeted()));
    row(html, "Mixed back from the original pool", count(data.mixedBack()));
    row(html, "Synthesized and kept", count(data.synthesized()));
    int rejected = data.rejected().values().stream().mapToInt(Integer::intValue).sum();
    row(html, "Rejected", count(rejected));
    new TreeMap<>(data.rejected()).forEach((reason, n) ->
        html.append("<tr><td class=\"sub\">").append(text(reason)).append("</td><td class=\"num\">").append(count(n))
            .append("</td></tr>\n"));
    html.append("</tbody>\n</table>\n");
    if (data.files().isEmpty()) {
      html.append("<p>No files were written.</p>\n");
    } else {
      html.append("<p>Files:</p>\n<ul class=\"files\">\n");
      data.files().forEach(f -> html.append("<li><code>").append(text(f)).append("</code></li>\n"));
      html.append("</ul>\n");
    }
    html.append("</section>\n");
  }

  private static void row(StringBuilder html, String name, String value) {
    html.append("<tr><td>").append(name).append("</td><td class=\"num\">").append(value).append("</td></tr>\n");
  }

  private static void training(StringBuilder html, TrainingSummary training) {
    html.append("<section id=\"training\">\n<h2>Fine-tuning</h2>\n<dl class=\"facts\">\n");
    fact(html, "How", training.how());
    fact(html, "Optimizer steps", training.steps() == 0 ? null : count(training.steps()));
    fact(html, "Loss, first step \u2192 last", Double.isNaN(training.firstLoss()) && Double.isNaN(training.finalLoss())
        ? null : ReportFormat.loss(training.firstLoss()) + " \u2192 " + ReportFormat.loss(training.finalLoss()));
    fact(html, "Wall time", ReportFormat.duration(training.seconds()));
    fact(html, "New student", training.checkpoint());
    html.append("</dl>\n</section>\n");
  }
}
