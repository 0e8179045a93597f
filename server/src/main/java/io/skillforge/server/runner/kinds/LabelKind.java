package io.skillforge.server.runner.kinds;

import static io.skillforge.server.runner.kinds.Bindings.required;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.skills.LabelDatasetJob;
import io.skillforge.server.runner.Artifacts;
import io.skillforge.server.runner.JobKind;
import io.skillforge.server.runner.JobOutcome;
import io.skillforge.server.runner.JobPlace;
import io.skillforge.server.teacher.TeacherChoice;
import io.skillforge.skills.dataset.DatasetLayout;
import java.io.IOException;

/**
 * {@code label}: the teacher labels every item of a stored dataset with catalog skills; the
 * labelled items are stored as the dataset {@code out} when the job succeeds. A resumed job asks
 * again through the teacher's response cache, which answers every call already paid for.
 */
public final class LabelKind {
  static final String FILE = "labelled.jsonl";

  /**
   * @param dataset the stored dataset to label
   * @param catalog the stored catalog
   * @param out the name the labelled dataset is stored under
   * @param teacher which teacher; null for {@code teacher.kind}
   * @param budgetDollars the job's teacher budget; null for {@code teacher.budget-dollars}
   */
  public record Params(String dataset, String catalog, String out, String teacher, Double budgetDollars) {}

  public static final JobKind<Params, LabelDatasetJob.Request, LabelDatasetJob.Result> KIND =
      JobKind.of("label", Params.class, LabelKind::bind, LabelDatasetJob::new, LabelKind::finish);

  private LabelKind() {}

  private static LabelDatasetJob.Request bind(Params p, JobPlace place) {
    place.workspace().datasetFile(Bindings.newName(p.out(), "out", "dataset"));
    return new LabelDatasetJob.Request(place.workspace().dataset(required(p.dataset(), "dataset")),
        DatasetLayout.DEFAULT, place.workspace().catalog(required(p.catalog(), "catalog")), place.file(FILE),
        new TeacherChoice(p.teacher(), p.budgetDollars()));
  }

  private static JobOutcome finish(Params p, LabelDatasetJob.Result r, JobPlace place) throws IOException {
    Bindings.publish(place.file(FILE), place.workspace().datasetFile(p.out()));
    ObjectNode result = ResultJson.object().put("dataset", p.out()).put("items", r.items())
        .put("written", r.written()).put("failed", r.failed()).put("rejectedLines", r.rejectedLines())
        .put("teacher", r.teacher()).put("partial", r.partial());
    result.set("usage", ResultJson.usage(r.usage()));
    result.put("failedCalls", r.failedCalls());
    return new JobOutcome(result, new Artifacts(place.dir()).add(FILE).add(FILE + ".failures.jsonl").list());
  }
}
