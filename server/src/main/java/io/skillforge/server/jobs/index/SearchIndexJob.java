package io.skillforge.server.jobs.index;

import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.index.SearchHit;
import io.skillforge.skills.index.SearchRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Searches an index at its last commit: BM25 over question and rationale, and filters. */
public final class SearchIndexJob implements Job<SearchIndexJob.Request, List<SearchHit>> {
  /**
   * @param index the index directory
   * @param query what to select
   * @param limit the most hits, 1 to {@value SearchRequest#MAX_LIMIT}
   */
  public record Request(Path index, IndexQuery query, int limit) {
    public Request {
      Objects.requireNonNull(index, "index");
      Objects.requireNonNull(query, "query");
      if (limit < 1 || limit > SearchRequest.MAX_LIMIT) {
        throw new BadInputException(
            "--limit must be between 1 and " + SearchRequest.MAX_LIMIT + " but was " + limit);
      }
    }
  }

  private final IndexAccess indexes;

  public SearchIndexJob(IndexAccess indexes) {
    this.indexes = Objects.requireNonNull(indexes, "indexes");
  }

  @Override
  public List<SearchHit> run(Request request, JobContext context) throws IOException {
    SearchRequest search = request.query().toRequest(request.limit());
    try (IndexLease lease = indexes.forReading(request.index())) {
      return lease.index().search(search);
    }
  }
}
