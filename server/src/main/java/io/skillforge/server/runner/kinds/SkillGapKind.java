package io.skillforge.server.runner.kinds;

import static io.skillforge.server.runner.kinds.Bindings.required;

import io.skillforge.server.gaps.SkillGapHistory;
import io.skillforge.server.gaps.SkillGapJob;
import io.skillforge.server.gaps.SkillGapJson;
import io.skillforge.server.gaps.SkillGapReport;
import io.skillforge.server.gaps.Versions;
import io.skillforge.server.runner.Artifacts;
import io.skillforge.server.runner.JobKind;
import io.skillforge.server.runner.JobOutcome;
import io.skillforge.server.runner.JobPlace;
import io.skillforge.server.workspace.Students;
import io.skillforge.server.teacher.TeacherChoice;
import java.io.IOException;
import java.nio.file.Files;

/**
 * {@code skill-gaps}: a student's skill-gap report on a stored dataset (probe, diagnose, profile,
 * compare with the previous report), stored in the report history when the job succeeds; {@code
 * GET /students/{name}/skill-gaps} queues these jobs.
 */
public final class SkillGapKind {
  public static final String NAME = "skill-gaps";

  /**
   * @param student the student's name
   * @param dataset the stored dataset to probe
   * @param catalog a stored catalog to diagnose against; null for the default (see the job)
   * @param teacher which teacher diagnoses; null for {@code teacher.kind}
   * @param budgetDollars the job's teacher budget; null for {@code teacher.budget-dollars}
   * @param samples responses per item; null for 1 (greedy)
   * @param maxTokens response budget; null for {@code stat.max-tokens}
   */
  public record Params(String student, String dataset, String catalog, String teacher, Double budgetDollars,
      Integer samples, Integer maxTokens) {}

  public static final JobKind<Params, SkillGapJob.Request, SkillGapReport> KIND =
      JobKind.of(NAME, Params.class, SkillGapKind::bind, SkillGapJob::new, SkillGapKind::finish);

  private SkillGapKind() {}

  private static SkillGapJob.Request bind(Params p, JobPlace place) throws IOException {
    String student = required(p.student(), "student");
    Students.Entry entry = place.students().get(student);
    String dataset = required(p.dataset(), "dataset");
    var stat = place.services().config().section("stat", io.skillforge.server.jobs.distill.StatSettings.class);
    return new SkillGapJob.Request(student, place.students().target(student), place.students().api(student),
        Versions.student(entry, place.workspace().studentDir(student)), dataset, place.workspace().dataset(dataset),
        new TeacherChoice(p.teacher(), p.budgetDollars()),
        p.catalog() == null ? null : place.workspace().catalog(p.catalog()),
        ProbeKind.settings(p.samples(), p.samples() == null || p.samples() == 1 ? null : stat.temperature(),
            p.maxTokens() != null ? p.maxTokens() : stat.maxTokens(), stat.seed()),
        place.dir(), place.id(), new SkillGapHistory(place.workspace()));
  }

  private static JobOutcome finish(Params p, SkillGapReport report, JobPlace place) throws IOException {
    new SkillGapHistory(place.workspace()).add(report,
        Files.readString(place.file("report.json")), Files.readString(place.file("report.html")));
    var result = SkillGapJson.toJson(report);
    result.put("url", "/students/" + report.student() + "/skill-gaps?dataset=" + report.dataset());
    return new JobOutcome(result, new Artifacts(place.dir()).add("report.json").add("report.html")
        .add("probe.jsonl").add("probe.summary.json").list());
  }
}
