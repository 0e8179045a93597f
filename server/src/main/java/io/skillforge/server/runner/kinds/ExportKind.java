package io.skillforge.server.runner.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.index.ExportIndexJob;
import io.skillforge.server.jobs.index.IndexQuery;
import io.skillforge.server.runner.Artifacts;
import io.skillforge.server.runner.JobKind;
import io.skillforge.server.runner.JobOutcome;
import io.skillforge.server.runner.JobPlace;
import io.skillforge.skills.dataset.TrainingFormat;
import io.skillforge.skills.errors.BadInputException;
import java.io.IOException;
import java.util.List;

/**
 * {@code export}: the examples of the server's index that a query selects, as fine-tuning JSONL
 * (chat messages, prompt/completion, or every field), downloadable as the artifact
 * {@code export.jsonl}.
 */
public final class ExportKind {
  static final String FILE = "export.jsonl";

  /**
   * @param format messages, prompt-completion or full; null for messages
   * @param skills skill ids to filter by; null or empty for none
   * @param skillMatch any or all of {@code skills}; null for any
   * @param source seed, synthesized or imported; null for any
   * @param split such as train; null for any
   * @param text a full-text query; null for none
   */
  public record Params(String format, List<String> skills, String skillMatch, String source, String split,
      String text) {}

  public static final JobKind<Params, ExportIndexJob.Request, ExportIndexJob.Result> KIND =
      JobKind.of("export", Params.class, ExportKind::bind, services -> new ExportIndexJob(services.indexes()),
          ExportKind::finish);

  private ExportKind() {}

  private static ExportIndexJob.Request bind(Params p, JobPlace place) {
    TrainingFormat format;
    try {
      format = TrainingFormat.fromName(p.format() == null ? "messages" : p.format());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    IndexQuery query = new IndexQuery(p.skills() == null ? List.of() : p.skills(),
        p.skillMatch() != null && IndexQuery.allSkills(p.skillMatch()), p.source(), p.split(), p.text());
    query.toRequest(1); // checks the query now rather than when the job runs
    return new ExportIndexJob.Request(place.workspace().index(), query, format, place.file(FILE));
  }

  private static JobOutcome finish(Params p, ExportIndexJob.Result r, JobPlace place) throws IOException {
    ObjectNode result = ResultJson.object().put("written", r.written()).put("artifact", FILE);
    return new JobOutcome(result, new Artifacts(place.dir()).add(FILE).list());
  }
}
