package io.skillforge.server.cli;

import io.skillforge.server.jobs.distill.RoundReport;
import io.skillforge.skills.MissingSkillProfile.SkillScore;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.TreeSet;

/** A round's before/after table per skill, for the terminal. */
final class RoundTable {
  private RoundTable() {}

  static void print(RoundReport report, PrintWriter out) {
    out.printf(Locale.ROOT, "round %d of %s: %s, %s teacher, measured on %s%n", report.round(), report.run(),
        report.method().equals("sel") ? "STAT-Sel" : "STAT-Syn", report.teacher(), report.evaluation());
    out.printf(Locale.ROOT, "  %-16s %7s %9s %9s %8s %10s%n", "skill", "items", "before", "after", "gain",
        "c(s)");
    for (String skill : new TreeSet<>(report.before().keySet())) {
      SkillScore before = report.before().get(skill);
      SkillScore after = report.after().get(skill);
      out.printf(Locale.ROOT, "  %-16s %7d %8.1f%% %8.1f%% %+7.1f %10s%n", skill, before.items(),
          100 * before.accuracy(), after == null ? Double.NaN : 100 * after.accuracy(),
          100 * report.gain(skill), report.profile().count(skill) == 0 ? "-"
              : String.valueOf(report.profile().count(skill)));
    }
    out.printf(Locale.ROOT, "  %-16s %7s %8.1f%% %8.1f%% %+7.1f%n", "overall", "", 100 * report.overallBefore(),
        100 * report.overallAfter(), 100 * (report.overallAfter() - report.overallBefore()));
  }
}
