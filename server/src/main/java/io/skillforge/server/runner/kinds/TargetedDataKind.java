package io.skillforge.server.runner.kinds;

import static io.skillforge.server.runner.kinds.Bindings.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.distill.RoundReport;
import io.skillforge.server.jobs.distill.StatSettings;
import io.skillforge.server.jobs.distill.TargetedDataJob;
import io.skillforge.server.runner.Artifacts;
import io.skillforge.server.runner.JobKind;
import io.skillforge.server.runner.JobOutcome;
import io.skillforge.server.runner.JobPlace;
import io.skillforge.server.teacher.TeacherChoice;
import io.skillforge.skills.dataset.DatasetLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code select} (STAT-Sel) and {@code synthesize} (STAT-Syn): a training set for the missing skills
 * of a finished profile job, drawn from the server index's {@code train} split or written by the
 * teacher (kept items are added to the index), as {@code training.jsonl} and friends.
 */
public final class TargetedDataKind {
  private static final String[] FILES = {"training.jsonl", "training.full.jsonl",
      "training.prompt-completion.jsonl", "data.json"};

  /**
   * @param profile the id of a finished profile job
   * @param dataset the stored dataset that job's probe asked
   * @param catalog a stored catalog; null for the skill world's with the built-in teacher
   * @param teacher which teacher (synthesize); null for {@code teacher.kind}
   * @param budgetDollars the job's teacher budget
   * @param evaluation stored datasets no new item may be near (validation, test)
   * @param exportPromptCompletion whether to write prompt/completion JSONL too
   * @param stat overrides of the configuration's {@code stat} section (budget, mix-back...)
   */
  public record Params(String profile, String dataset, String catalog, String teacher, Double budgetDollars,
      List<String> evaluation, Boolean exportPromptCompletion, JsonNode stat) {}

  public static final JobKind<Params, TargetedDataJob.Request, RoundReport.DataSummary> SELECT = kind("select", "sel");
  public static final JobKind<Params, TargetedDataJob.Request, RoundReport.DataSummary> SYNTHESIZE =
      kind("synthesize", "syn");

  private TargetedDataKind() {}

  private static JobKind<Params, TargetedDataJob.Request, RoundReport.DataSummary> kind(String name, String method) {
    return JobKind.of(name, Params.class, (p, place) -> bind(method, p, place), TargetedDataJob::new,
        TargetedDataKind::finish);
  }

  private static TargetedDataJob.Request bind(String method, Params p, JobPlace place) throws IOException {
    Path profile = ProfileKind.output(place, p.profile(), ProfileKind.DIAGNOSES, "profile").getParent();
    List<Path> evaluation = new ArrayList<>();
    for (String name : p.evaluation() == null ? List.<String>of() : p.evaluation()) {
      evaluation.add(place.workspace().dataset(name));
    }
    return new TargetedDataJob.Request(method, profile,
        place.workspace().dataset(required(p.dataset(), "dataset")), DatasetLayout.DEFAULT,
        place.workspace().index(), p.catalog() == null ? null : place.workspace().catalog(p.catalog()),
        new TeacherChoice(p.teacher(), p.budgetDollars()), evaluation,
        StatSettings.from(place.services().config(), p.stat()), place.dir(),
        p.exportPromptCompletion() != null && p.exportPromptCompletion());
  }

  private static JobOutcome finish(Params p, RoundReport.DataSummary r, JobPlace place) throws IOException {
    ObjectNode result = ResultJson.object().put("profile", p.profile()).put("examples", r.examples())
        .put("draws", r.draws()).put("targeted", r.targeted()).put("mixedBack", r.mixedBack())
        .put("synthesized", r.synthesized());
    ObjectNode rejected = result.putObject("rejected");
    r.rejected().forEach(rejected::put);
    Artifacts artifacts = new Artifacts(place.dir());
    for (String file : FILES) {
      if (java.nio.file.Files.exists(place.file(file))) {
        artifacts.add(file);
      }
    }
    return new JobOutcome(result, artifacts.list());
  }
}
