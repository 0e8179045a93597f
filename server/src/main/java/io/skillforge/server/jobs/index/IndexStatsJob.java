package io.skillforge.server.jobs.index;

import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.skills.index.IndexCounts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** Counts an index's examples at its last commit: in all, per skill, source and split. */
public final class IndexStatsJob implements Job<Path, IndexCounts> {
  private final IndexAccess indexes;

  public IndexStatsJob(IndexAccess indexes) {
    this.indexes = Objects.requireNonNull(indexes, "indexes");
  }

  @Override
  public IndexCounts run(Path index, JobContext context) throws IOException {
    try (IndexLease lease = indexes.forReading(index)) {
      return lease.index().stats();
    }
  }
}
