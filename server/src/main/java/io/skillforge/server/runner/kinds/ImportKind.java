package io.skillforge.server.runner.kinds;

import static io.skillforge.server.runner.kinds.Bindings.required;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.index.ImportDatasetJob;
import io.skillforge.server.runner.JobKind;
import io.skillforge.server.runner.JobOutcome;
import io.skillforge.server.runner.JobPlace;
import io.skillforge.skills.Example;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.index.AddResult;
import io.skillforge.skills.index.DuplicatePolicy;
import java.util.List;

/**
 * {@code import}: a stored dataset into the server's index (re-importing replaces by id). The
 * near-duplicate threshold is the index's, {@code index.near-duplicate-threshold}: the server opens
 * its index once.
 */
public final class ImportKind {
  /**
   * @param dataset the stored dataset's name
   * @param split every example's split; null to keep the dataset's
   * @param source seed, synthesized or imported; null to keep the dataset's
   * @param duplicates reject, flag or allow near-duplicates; null for flag
   */
  public record Params(String dataset, String split, String source, String duplicates) {}

  public static final JobKind<Params, ImportDatasetJob.Request, ImportDatasetJob.Result> KIND =
      JobKind.of("import", Params.class, ImportKind::bind, services -> new ImportDatasetJob(services.indexes()),
          ImportKind::finish);

  private ImportKind() {}

  private static ImportDatasetJob.Request bind(Params p, JobPlace place) {
    var index = place.services().config().index();
    DuplicatePolicy duplicates;
    Example.Source source;
    try {
      duplicates = p.duplicates() == null ? DuplicatePolicy.FLAG : DuplicatePolicy.fromName(p.duplicates());
      source = p.source() == null ? null : Example.Source.fromWire(p.source());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    return new ImportDatasetJob.Request(place.workspace().dataset(required(p.dataset(), "dataset")),
        place.workspace().index(), DatasetLayout.DEFAULT, p.split(), source, duplicates,
        index.nearDuplicateThreshold(), index.commitEvery());
  }

  private static JobOutcome finish(Params p, ImportDatasetJob.Result r, JobPlace place) {
    ObjectNode result = ResultJson.object().put("dataset", p.dataset());
    result.set("read", ResultJson.read(r.read()));
    result.put("indexed", r.indexed()).put("flagged", r.flagged()).put("rejectedDuplicates", r.rejectedDuplicates())
        .put("documents", r.documents()).put("seconds", r.seconds()).put("partial", r.partial());
    var duplicates = result.putArray("duplicates");
    for (AddResult d : r.duplicates()) {
      ObjectNode node = duplicates.addObject().put("id", d.id()).put("status", d.status().name().toLowerCase(java.util.Locale.ROOT));
      d.duplicate().ifPresent(m -> node.put("duplicateOf", m.id()).put("similarity", m.similarity()));
    }
    return new JobOutcome(result, List.of());
  }
}
