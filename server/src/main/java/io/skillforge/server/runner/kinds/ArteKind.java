package io.skillforge.server.runner.kinds;

import static io.skillforge.server.runner.kinds.Bindings.required;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.arte.ArteConfig;
import io.skillforge.server.jobs.arte.ArteJob;
import io.skillforge.server.runner.Artifacts;
import io.skillforge.server.runner.JobKind;
import io.skillforge.server.runner.JobOutcome;
import io.skillforge.server.runner.JobPlace;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.synthesis.arte.CellScore;
import java.io.IOException;
import java.util.List;

/**
 * {@code arte}: ARTE for a stored built-in student: drafts, lookahead scores, DPO pairs and the
 * tailored training set, as artifacts of the job. A resumed job measures only the cells not yet
 * scored.
 */
public final class ArteKind {
  static final String OUT = "arte";
  private static final String[] FILES = {"drafts.jsonl", "scores.jsonl", "dpo-questions.jsonl",
      "dpo-rationales.jsonl", "dpo-questions.scores.jsonl", "dpo-rationales.scores.jsonl", "style.json",
      "tailored.jsonl"};

  /**
   * @param train the stored dataset seed questions come from
   * @param validation the stored dataset the preference sets come from
   * @param test a stored held-out dataset drafts stay away from; null for none
   * @param student the stored built-in student
   * @param skills skills to tailor; null for every skill of the validation set
   * @param items tailored items in all; null for 1000
   * @param seed the run's seed; null for 1
   * @param questionsPerStyle drafted questions per skill and question style; null for the default
   * @param lookaheadSteps fine-tuning steps of each lookahead; null for the default
   * @param preferenceItems items of each preference set; null for the default
   * @param teacher who writes the tailored set; null for the built-in teacher
   */
  public record Params(String train, String validation, String test, String student, List<String> skills,
      Integer items, Long seed, Integer questionsPerStyle, Integer lookaheadSteps, Integer preferenceItems,
      String teacher) {}

  public static final JobKind<Params, ArteConfig, ArteJob.Result> KIND =
      JobKind.of("arte", Params.class, ArteKind::bind, ArteJob::new, ArteKind::finish);

  private ArteKind() {}

  private static ArteConfig bind(Params p, JobPlace place) throws IOException {
    var ws = place.workspace();
    String student = required(p.student(), "student");
    if (!place.students().get(student).builtin()) {
      throw new BadInputException("arte jobs score drafts by fine-tuning a copy of a built-in student; '" + student
          + "' is an endpoint");
    }
    ObjectNode run = ResultJson.object();
    run.put("out", place.file(OUT).toString());
    run.put("train", ws.dataset(required(p.train(), "train")).toString());
    run.put("validation", ws.dataset(required(p.validation(), "validation")).toString());
    if (p.test() != null) {
      run.put("test", ws.dataset(p.test()).toString());
    }
    run.put("student", ws.student(student).toString());
    if (p.skills() != null) {
      ArrayNode skills = run.putArray("skills");
      p.skills().forEach(skills::add);
    }
    run.put("items", p.items() == null ? 1000 : p.items());
    run.put("seed", p.seed() == null ? 1 : p.seed());
    if (p.questionsPerStyle() != null) {
      run.put("questions-per-style", p.questionsPerStyle());
    }
    if (p.lookaheadSteps() != null) {
      run.put("lookahead-steps", p.lookaheadSteps());
    }
    if (p.preferenceItems() != null) {
      run.put("preference-items", p.preferenceItems());
    }
    if (p.teacher() != null) {
      run.put("teacher", p.teacher());
    }
    return ArteConfig.fromTree(run, place.dir());
  }

  private static JobOutcome finish(Params p, ArteJob.Result r, JobPlace place) throws IOException {
    ObjectNode result = ResultJson.object().put("student", p.student()).put("drafts", r.run().drafts())
        .put("cellsMeasured", r.run().measured()).put("questionPairs", r.run().dpo().questions())
        .put("rationalePairs", r.run().dpo().rationales()).put("tailoredItems", r.run().tailored().size());
    ArrayNode cells = result.putArray("cells");
    for (CellScore s : r.run().scores()) {
      cells.addObject().put("cell", s.cell().key()).put("before", s.before()).put("after", s.after())
          .put("score", s.score());
    }
    ObjectNode traits = result.putObject("traits");
    r.skills().forEach(s -> traits.put(s, r.run().style().traits().get(s)));
    Artifacts artifacts = new Artifacts(place.dir());
    for (String file : FILES) {
      artifacts.add(OUT + "/" + file);
    }
    return new JobOutcome(result, artifacts.list());
  }
}
