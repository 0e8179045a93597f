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
import io.skillforge.skills.errors.BadInputException;
import java.io.IOException;

/**
 * {@code label}: the teacher labels every item of a stored dataset with catalog skills; the
 * labelled items are stored as the dataset {@code out} when the job succeeds. A resumed job asks
 * again through the teacher's response cache, which answers every call already paid for.
 *
 * <p>With {@code shards} above 1 the items are split into parts, each a {@code label} job of its own
 * with {@code items} set to its slice and no {@code out} (any node of a cluster may run it); the
 * job joins their labelled items in input order.
 */
public final class LabelKind {
  static final String FILE = "labelled.jsonl";
  private static final int MAX_SHARDS = 256;

  /**
   * @param dataset the stored dataset to label
   * @param catalog the stored catalog
   * @param out the name the labelled dataset is stored under
   * @param teacher which teacher; null for {@code teacher.kind}
   * @param budgetDollars the job's teacher budget; null for {@code teacher.budget-dollars}
   * @param shards parts to split the items into; null for 1
   * @param items the slice a part labels; null for a whole job
   */
  public record Params(String dataset, String catalog, String out, String teacher, Double budgetDollars,
      Integer shards, LabelDatasetJob.Slice items) {}

  public static final JobKind<Params, LabelDatasetJob.Request, LabelDatasetJob.Result> KIND =
      JobKind.of("label", Params.class, LabelKind::bind, LabelDatasetJob::new, LabelKind::finish);

  private LabelKind() {}

  private static LabelDatasetJob.Request bind(Params p, JobPlace place) {
    int shards = p.shards() == null ? 1 : p.shards();
    if (shards < 1 || shards > MAX_SHARDS) {
      throw new BadInputException("shards must be between 1 and " + MAX_SHARDS + " but was " + shards);
    }
    if (p.items() != null) {
      if (p.out() != null || shards != 1) {
        throw new BadInputException("items names the slice of a part of a sharded label job; such a part takes"
            + " no out and no shards");
      }
    } else {
      place.workspace().datasetFile(Bindings.newName(p.out(), "out", "dataset"));
    }
    LabelDatasetJob.Sharding sharding = shards == 1 ? null
        : new LabelDatasetJob.Sharding(place.id(), shards, (slice, budget) -> partParams(p, slice, budget));
    return new LabelDatasetJob.Request(place.workspace().dataset(required(p.dataset(), "dataset")),
        DatasetLayout.DEFAULT, place.workspace().catalog(required(p.catalog(), "catalog")), place.file(FILE),
        new TeacherChoice(p.teacher(), p.budgetDollars()), p.items(), sharding);
  }

  /** A part's parameters: the job's, for one slice, with its share of the budget (null: none). */
  private static ObjectNode partParams(Params p, LabelDatasetJob.Slice slice, Double budget) {
    ObjectNode part = ResultJson.object().put("kind", KIND.name()).put("dataset", p.dataset())
        .put("catalog", p.catalog());
    if (p.teacher() != null) {
      part.put("teacher", p.teacher());
    }
    if (budget != null) {
      part.put("budgetDollars", budget);
    }
    part.putObject("items").put("from", slice.from()).put("to", slice.to());
    return part;
  }

  private static JobOutcome finish(Params p, LabelDatasetJob.Result r, JobPlace place) throws IOException {
    if (p.out() != null) {
      Bindings.publish(place.file(FILE), place.workspace().datasetFile(p.out()));
    }
    ObjectNode result = ResultJson.object().put("dataset", p.out()).put("items", r.items())
        .put("written", r.written()).put("failed", r.failed()).put("rejectedLines", r.rejectedLines())
        .put("teacher", r.teacher()).put("partial", r.partial());
    result.set("usage", ResultJson.usage(r.usage()));
    result.put("failedCalls", r.failedCalls());
    return new JobOutcome(result, new Artifacts(place.dir()).add(FILE).add(FILE + ".failures.jsonl").list());
  }
}
