package io.skillforge.server.jobs.index;

import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.skills.dataset.TrainingFormat;
import io.skillforge.skills.dataset.TrainingSetWriter;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.skills.index.SearchRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes the examples a query selects as fine-tuning JSONL, streamed from the index at its last
 * commit. The file appears only when complete.
 */
public final class ExportIndexJob implements Job<ExportIndexJob.Request, ExportIndexJob.Result> {
  private static final int PROGRESS_EVERY = 10_000;

  /**
   * @param index the index directory
   * @param query which examples
   * @param format messages, prompt-completion or full
   * @param out the file to write
   */
  public record Request(Path index, IndexQuery query, TrainingFormat format, Path out) {
    public Request {
      Objects.requireNonNull(index, "index");
      Objects.requireNonNull(query, "query");
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(out, "out");
    }
  }

  /** How many examples went to {@code out}. */
  public record Result(long written, Path out) {}

  private final IndexAccess indexes;

  public ExportIndexJob(IndexAccess indexes) {
    this.indexes = Objects.requireNonNull(indexes, "indexes");
  }

  @Override
  public Result run(Request request, JobContext context) throws IOException {
    SearchRequest search = request.query().toRequest(SearchRequest.DEFAULT_LIMIT);
    OutputFiles.prepare(request.out(), "--out");
    long[] written = {0};
    try (IndexLease lease = indexes.forReading(request.index())) {
      long total = lease.index().counts(search).documents();
      context.progress(Progress.of("export", 0, total, "examples"));
      OutputFiles.writeAtomically(request.out(), file -> {
        TrainingSetWriter writer = new TrainingSetWriter(file, request.format());
        lease.index().forEach(search, example -> {
          writer.write(example);
          if (++written[0] % PROGRESS_EVERY == 0) {
            context.checkCancelled();
            context.progress(Progress.of("export", written[0], total, "examples"));
          }
        });
      });
      context.progress(Progress.of("export", written[0], total, "examples"));
    }
    return new Result(written[0], request.out());
  }
}
