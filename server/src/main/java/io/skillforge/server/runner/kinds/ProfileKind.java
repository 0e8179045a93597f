package io.skillforge.server.runner.kinds;

import static io.skillforge.server.runner.kinds.Bindings.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.distill.ProfileJob;
import io.skillforge.server.jobs.distill.ProfileStep;
import io.skillforge.server.jobs.distill.StatSettings;
import io.skillforge.server.runner.Artifacts;
import io.skillforge.server.runner.JobKind;
import io.skillforge.server.runner.JobOutcome;
import io.skillforge.server.runner.JobPlace;
import io.skillforge.server.teacher.TeacherChoice;
import io.skillforge.skills.MissingSkillProfileJson;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.errors.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code profile}: the missing-skill profile of a finished probe job: its difficult items, the
 * teacher's diagnosis of each ({@code diagnoses.jsonl}) and the profile ({@code profile.json}).
 */
public final class ProfileKind {
  static final String PROFILE = "profile.json";
  static final String DIAGNOSES = "diagnoses.jsonl";

  /**
   * @param probe the id of a finished probe job
   * @param dataset the stored dataset that job probed
   * @param catalog a stored catalog; null for the skill world's with the built-in teacher
   * @param teacher which teacher; null for {@code teacher.kind}
   * @param budgetDollars the job's teacher budget; null for {@code teacher.budget-dollars}
   * @param stat overrides of the configuration's {@code stat} section (difficulty, evidence-per-skill...)
   */
  public record Params(String probe, String dataset, String catalog, String teacher, Double budgetDollars,
      JsonNode stat) {}

  public static final JobKind<Params, ProfileJob.Request, ProfileStep.Profiled> KIND =
      JobKind.of("profile", Params.class, ProfileKind::bind, ProfileJob::new, ProfileKind::finish);

  private ProfileKind() {}

  /** The file a finished job of another kind left, by the job's id. */
  static Path output(JobPlace place, String job, String file, String parameter) {
    Path path = place.workspace().jobDir(required(job, parameter)).resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new NotFoundException("job " + job + " (" + parameter + ") has no " + file + "; is it a finished job of"
          + " the right kind?");
    }
    return path;
  }

  private static ProfileJob.Request bind(Params p, JobPlace place) throws IOException {
    return new ProfileJob.Request(output(place, p.probe(), ProbeKind.FILE, "probe"),
        place.workspace().dataset(required(p.dataset(), "dataset")), DatasetLayout.DEFAULT,
        p.catalog() == null ? null : place.workspace().catalog(p.catalog()),
        new TeacherChoice(p.teacher(), p.budgetDollars()), StatSettings.from(place.services().config(), p.stat()),
        place.dir());
  }

  private static JobOutcome finish(Params p, ProfileStep.Profiled r, JobPlace place) throws IOException {
    ObjectNode result = ResultJson.object().put("probe", p.probe()).put("dataset", p.dataset())
        .put("difficult", r.difficult().size()).put("pairs", r.pairs().size());
    result.set("profile", MissingSkillProfileJson.toJson(r.profile()));
    return new JobOutcome(result, new Artifacts(place.dir()).add(PROFILE).add(DIAGNOSES).list());
  }
}
