package io.skillforge.server.runner.kinds;

import static io.skillforge.server.runner.kinds.Bindings.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.distill.DistillConfig;
import io.skillforge.server.jobs.distill.DistillJob;
import io.skillforge.server.jobs.distill.RoundReport;
import io.skillforge.server.jobs.distill.RoundReportJson;
import io.skillforge.server.runner.Artifacts;
import io.skillforge.server.runner.JobKind;
import io.skillforge.server.runner.JobOutcome;
import io.skillforge.server.runner.JobPlace;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.ConflictException;
import java.io.IOException;

/**
 * {@code distill}: rounds of probe, diagnose, profile, select or synthesize, fine-tune and
 * re-probe for a built-in student, in the job's run directory. Each round's report (JSON and HTML),
 * profile and training sets are artifacts; the last round's student is stored as {@code out} when
 * one is named. A resumed job goes on where it stopped: finished steps are kept, and the teacher's
 * response cache answers every call already paid for.
 */
public final class DistillKind {
  static final String RUN = "run";
  private static final String[] ROUND_FILES = {"report.html", "report.json", "profile.json", "training.jsonl",
      "training.prompt-completion.jsonl", "training.full.jsonl", "data.json", "probe.summary.json",
      "after.summary.json", "diagnoses.jsonl"};

  /**
   * @param train the stored training pool (items without skills are labelled first, with {@code catalog})
   * @param validation the stored items probed each round for the profile
   * @param test stored held-out items before and after are measured on; null for {@code validation}
   * @param catalog a stored catalog; null for the skill world's (built-in teacher) or the pool's skills
   * @param student the built-in student to start from
   * @param out the name the last round's student is stored under; null to keep it in the job only
   * @param rounds rounds; null for 1
   * @param method syn or sel; null for syn
   * @param teacher which teacher; null for {@code teacher.kind}
   * @param budgetDollars the run's teacher budget; null for {@code teacher.budget-dollars}
   * @param exportPromptCompletion whether rounds also write prompt/completion JSONL
   * @param stat overrides of the configuration's {@code stat} section, by its keys ({@code budget},
   *     {@code steps}, {@code max-tokens}...)
   */
  public record Params(String train, String validation, String test, String catalog, String student, String out,
      Integer rounds, String method, String teacher, Double budgetDollars, Boolean exportPromptCompletion,
      JsonNode stat) {}

  public static final JobKind<Params, DistillConfig, DistillJob.Result> KIND =
      JobKind.of("distill", Params.class, DistillKind::bind, DistillJob::new, DistillKind::finish);

  private DistillKind() {}

  private static DistillConfig bind(Params p, JobPlace place) throws IOException {
    var ws = place.workspace();
    String student = required(p.student(), "student");
    if (!place.students().get(student).builtin()) {
      throw new BadInputException("distill jobs fine-tune a built-in student; '" + student + "' is an endpoint"
          + " (run 'skillforge distill' with a fine-tune command for those)");
    }
    if (p.out() != null) {
      Bindings.newName(p.out(), "out", "student");
      if (!place.resumed() && place.students().exists(p.out())) {
        throw new ConflictException("a student named '" + p.out() + "' exists already; delete it first, or pick"
            + " another name for out");
      }
    }
    ObjectNode run = ResultJson.object();
    run.put("run-dir", place.file(RUN).toString());
    run.put("rounds", p.rounds() == null ? 1 : p.rounds());
    run.put("method", p.method() == null ? "syn" : p.method());
    run.put("train", ws.dataset(required(p.train(), "train")).toString());
    run.put("validation", ws.dataset(required(p.validation(), "validation")).toString());
    if (p.test() != null) {
      run.put("test", ws.dataset(p.test()).toString());
    }
    if (p.catalog() != null) {
      run.put("catalog", ws.catalog(p.catalog()).toString());
    }
    if (p.teacher() != null) {
      run.put("teacher", p.teacher());
    }
    if (p.budgetDollars() != null) {
      run.put("budget-dollars", p.budgetDollars());
    }
    run.put("export-prompt-completion", p.exportPromptCompletion() != null && p.exportPromptCompletion());
    run.putObject("student").put("kind", "builtin").put("checkpoint", ws.student(student).toString());
    if (p.stat() != null) {
      if (!p.stat().isObject()) {
        throw new BadInputException("parameter 'stat' must be an object of stat settings");
      }
      run.set("stat", p.stat());
    }
    return DistillConfig.fromTree(run, place.dir(), place.services().config());
  }

  private static JobOutcome finish(Params p, DistillJob.Result r, JobPlace place) throws IOException {
    ObjectNode result = ResultJson.object().put("student", p.student());
    ArrayNode rounds = result.putArray("rounds");
    Artifacts artifacts = new Artifacts(place.dir());
    for (RoundReport report : r.rounds()) {
      rounds.add(RoundReportJson.toJson(report));
      for (String file : ROUND_FILES) {
        artifacts.add(RUN + "/round-" + report.round() + "/" + file);
      }
    }
    if (p.out() != null && !r.rounds().isEmpty()) {
      int last = r.rounds().get(r.rounds().size() - 1).round();
      Bindings.publishDirectory(place.file(RUN + "/round-" + last + "/checkpoint"),
          place.workspace().studentDir(p.out()), "student");
      result.put("out", p.out());
    }
    return new JobOutcome(result, artifacts.list());
  }
}
