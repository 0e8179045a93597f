package io.skillforge.server.runner.kinds;

import static io.skillforge.server.runner.kinds.Bindings.required;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.student.ModelShape;
import io.skillforge.server.jobs.student.TrainStudentJob;
import io.skillforge.server.runner.JobKind;
import io.skillforge.server.runner.JobOutcome;
import io.skillforge.server.runner.JobPlace;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.ConflictException;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * {@code train}: trains a built-in student from scratch on a stored dataset, or fine-tunes a
 * stored one, and stores the checkpoint as the student {@code out} when the job succeeds. The job
 * writes snapshots as it goes; a resumed job continues from the last one.
 */
public final class TrainKind {
  static final String CHECKPOINT = "checkpoint";

  /**
   * @param data the stored training dataset
   * @param out the name the new student is stored under
   * @param init a stored built-in student to fine-tune; null for a fresh model
   * @param steps optimizer steps
   * @param seed seed of the weights and the data order; null for 42
   * @param batchSize sequences per step; null for 16
   * @param learningRate peak learning rate; null for 2e-3 from scratch, 1e-3 from {@code init}
   * @param warmup warm-up steps; null for 5% of steps, at most 200
   * @param threads data-parallel workers; null for 2
   * @param saveEvery steps between snapshots; null for 100
   * @param weighting sample or loss; null for sample
   * @param dim model width of a fresh model; null for the default
   * @param layers layers of a fresh model; null for the default
   * @param heads attention heads of a fresh model; null for the default
   * @param context context length of a fresh model; null for the default
   * @param mlpRatio MLP width ratio of a fresh model; null for the default
   */
  public record Params(String data, String out, String init, Integer steps, Long seed, Integer batchSize,
      Double learningRate, Integer warmup, Integer threads, Integer saveEvery, String weighting, Integer dim,
      Integer layers, Integer heads, Integer context, Integer mlpRatio) {}

  public static final JobKind<Params, TrainStudentJob.Request, TrainStudentJob.Result> KIND =
      JobKind.of("train", Params.class, TrainKind::bind, services -> new TrainStudentJob(), TrainKind::finish);

  private TrainKind() {}

  private static TrainStudentJob.Request bind(Params p, JobPlace place) throws IOException {
    String out = Bindings.newName(p.out(), "out", "student");
    if (!place.resumed() && place.students().exists(out)) {
      throw new ConflictException("a student named '" + out + "' exists already; delete it first, or pick"
          + " another name for out");
    }
    FineTuneSettings.Weighting weighting;
    try {
      weighting = p.weighting() == null ? FineTuneSettings.Weighting.SAMPLE
          : FineTuneSettings.Weighting.valueOf(p.weighting().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("weighting must be sample or loss, not '" + p.weighting() + "'", e);
    }
    // The output is the job's own directory, so a checkpoint there is this job's: a resumed run may
    // find it finished, or find its snapshots and continue.
    return new TrainStudentJob.Request(place.workspace().dataset(required(p.data(), "data")), DatasetLayout.DEFAULT,
        p.init() == null ? null : place.workspace().student(p.init()),
        new ModelShape(p.dim(), p.layers(), p.heads(), p.context(), p.mlpRatio()), place.file(CHECKPOINT), true,
        required(p.steps(), "steps"), p.seed() == null ? 42 : p.seed(), p.batchSize() == null ? 16 : p.batchSize(),
        p.learningRate(), p.warmup(), weighting, p.threads() == null ? 2 : p.threads(),
        p.saveEvery() == null ? 100 : p.saveEvery());
  }

  private static JobOutcome finish(Params p, TrainStudentJob.Result r, JobPlace place) throws IOException {
    Bindings.publishDirectory(place.file(CHECKPOINT), place.workspace().studentDir(p.out()), "student");
    FineTuneReport report = r.report();
    ObjectNode result = ResultJson.object().put("student", p.out()).put("steps", report.steps())
        .put("examples", report.examples()).put("skipped", report.skipped()).put("tokens", report.tokens());
    ResultJson.putNumber(result, "firstLoss", report.firstLoss());
    ResultJson.putNumber(result, "finalLoss", report.finalLoss());
    ResultJson.putNumber(result, "tokensPerSecond", report.tokensPerSecond());
    result.put("seconds", report.elapsed().toMillis() / 1000.0).put("resumedAfterStep", r.resumedAfterStep())
        .put("rejectedLines", r.rejectedLines());
    return new JobOutcome(result, List.of());
  }
}
