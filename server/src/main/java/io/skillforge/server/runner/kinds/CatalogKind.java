package io.skillforge.server.runner.kinds;

import static io.skillforge.server.runner.kinds.Bindings.required;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.skills.BuildCatalogJob;
import io.skillforge.server.runner.Artifacts;
import io.skillforge.server.runner.JobKind;
import io.skillforge.server.runner.JobOutcome;
import io.skillforge.server.runner.JobPlace;
import io.skillforge.server.teacher.TeacherChoice;
import io.skillforge.skills.dataset.DatasetLayout;
import java.io.IOException;

/**
 * {@code catalog}: the teacher names the skills of a sample of a stored dataset; the catalog is
 * stored under {@code out} when the job succeeds.
 */
public final class CatalogKind {
  static final String FILE = "catalog.json";

  /**
   * @param dataset the stored dataset to sample
   * @param out the name the catalog is stored under
   * @param teacher which teacher; null for {@code teacher.kind}
   * @param budgetDollars the job's teacher budget; null for {@code teacher.budget-dollars}
   * @param maxSkills most skills; null for {@code teacher.catalog-size}
   * @param sample items sampled; null for {@code teacher.catalog-sample}
   * @param seed seed of the sample; null for 1
   */
  public record Params(String dataset, String out, String teacher, Double budgetDollars, Integer maxSkills,
      Integer sample, Long seed) {}

  public static final JobKind<Params, BuildCatalogJob.Request, BuildCatalogJob.Result> KIND =
      JobKind.of("catalog", Params.class, CatalogKind::bind, BuildCatalogJob::new, CatalogKind::finish);

  private CatalogKind() {}

  private static BuildCatalogJob.Request bind(Params p, JobPlace place) {
    place.workspace().catalogFile(Bindings.newName(p.out(), "out", "catalog"));
    return new BuildCatalogJob.Request(place.workspace().dataset(required(p.dataset(), "dataset")),
        DatasetLayout.DEFAULT, place.file(FILE), new TeacherChoice(p.teacher(), p.budgetDollars()), p.maxSkills(),
        p.sample(), p.seed() == null ? 1 : p.seed());
  }

  private static JobOutcome finish(Params p, BuildCatalogJob.Result r, JobPlace place) throws IOException {
    Bindings.publish(place.file(FILE), place.workspace().catalogFile(p.out()));
    ObjectNode result = ResultJson.object().put("catalog", p.out()).put("skills", r.catalog().size())
        .put("sampled", r.sampled()).put("rejectedLines", r.rejectedLines()).put("teacher", r.teacher())
        .put("partial", r.partial());
    result.set("usage", ResultJson.usage(r.usage()));
    result.put("failedCalls", r.failedCalls());
    return new JobOutcome(result, new Artifacts(place.dir()).add(FILE).add(FILE + ".failures.jsonl").list());
  }
}
