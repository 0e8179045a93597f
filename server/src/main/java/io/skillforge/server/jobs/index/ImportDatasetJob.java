package io.skillforge.server.jobs.index;

import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.skills.Example;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.dataset.DatasetReader;
import io.skillforge.skills.dataset.Datasets;
import io.skillforge.skills.dataset.ReadReport;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.files.LineCount;
import io.skillforge.skills.index.AddResult;
import io.skillforge.skills.index.DuplicatePolicy;
import io.skillforge.skills.index.IndexOptions;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Streams a dataset file into the index. Good lines are indexed in batches (re-importing a file
 * replaces its examples by id); the index commits every {@code commitEvery} lines and at the end,
 * so a killed import keeps what was committed and memory stays flat. Bad lines are reported with
 * their line number and reason.
 */
public final class ImportDatasetJob implements Job<ImportDatasetJob.Request, ImportDatasetJob.Result> {
  private static final int BATCH = 1000;
  /** Near-duplicates and answer-layout warnings kept for the report; all are counted. */
  public static final int MAX_SHOWN = 20;

  /**
   * @param dataset the JSONL file
   * @param index the index directory, created when missing
   * @param layout how the file is laid out
   * @param split every example's split; null to take it from the line or the file name
   * @param source every example's source; null to take it from the line, else imported
   * @param duplicates what to do with near-duplicates
   * @param threshold the near-duplicate threshold in (0, 1]
   * @param commitEvery lines between commits, at least 1
   */
  public record Request(
      Path dataset, Path index, DatasetLayout layout, String split, Example.Source source,
      DuplicatePolicy duplicates, double threshold, int commitEvery) {
    public Request {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(index, "index");
      Objects.requireNonNull(layout, "layout");
      Objects.requireNonNull(duplicates, "duplicates");
      if (!(threshold > 0 && threshold <= 1)) {
        throw new BadInputException("--threshold must be in (0, 1] but was " + threshold);
      }
      if (commitEvery < 1) {
        throw new BadInputException("--commit-every must be >= 1 but was " + commitEvery);
      }
    }
  }

  /**
   * @param read the lines accepted and rejected, with the first rejections
   * @param indexed examples stored (added or flagged)
   * @param flagged stored although near-duplicates
   * @param rejectedDuplicates not stored because near-duplicates
   * @param duplicates the first near-duplicates found
   * @param gsm8kStyleAnswers answers that look like a whole GSM8K solution read as plain JSONL
   * @param documents examples in the index afterwards
   * @param seconds wall time
   */
  public record Result(
      ReadReport read, long indexed, long flagged, long rejectedDuplicates,
      List<AddResult> duplicates, long gsm8kStyleAnswers, long documents, double seconds) {
    public Result {
      duplicates = List.copyOf(duplicates);
    }

    /** Whether some input was refused: rejected lines or rejected duplicates. */
    public boolean partial() {
      return read.anyRejected() || rejectedDuplicates > 0;
    }
  }

  private final IndexAccess indexes;

  public ImportDatasetJob(IndexAccess indexes) {
    this.indexes = Objects.requireNonNull(indexes, "indexes");
  }

  @Override
  public Result run(Request request, JobContext context) throws IOException {
    Datasets.requireFile(request.dataset());
    DatasetReader reader = request.layout().reader()
        .split(request.split())
        .source(request.source())
        .build();
    IndexOptions options = IndexAccess.jobOptions()
        .withNearDuplicateThreshold(request.threshold())
        .withDuplicatePolicy(request.duplicates());
    long total = LineCount.nonBlank(request.dataset());
    long start = System.nanoTime();
    context.progress(Progress.of("import", 0, total, "lines"));
    try (IndexLease lease = indexes.forWriting(request.index(), options)) {
      Batches batches = new Batches(lease.index(), request, total, context);
      ReadReport report;
      try {
        report = reader.read(request.dataset(), batches::accept);
        batches.flush();
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      lease.index().commit();
      long documents = lease.index().stats().documents();
      context.progress(Progress.of("import", report.accepted() + report.rejected(), total, "lines"));
      if (batches.gsm8kStyle > 0) {
        context.note(batches.gsm8kStyle + " answer(s) of " + request.dataset() + " are whole worked"
            + " solutions ending in '#### N' (GSM8K's layout), stored as the answer; import with"
            + " --format gsm8k to keep the steps as the rationale and N as the answer");
      }
      return new Result(report, batches.indexed, batches.flagged, batches.rejected, batches.shown,
          batches.gsm8kStyle, documents, (System.nanoTime() - start) / 1e9);
    }
  }

  /** Collects the reader's examples into batches for the index, keeps the tallies, commits. */
  private static final class Batches {
    private final SkillIndex index;
    private final Request request;
    private final long total;
    private final JobContext context;
    private final List<Example> batch = new ArrayList<>(BATCH);
    private final List<AddResult> shown = new ArrayList<>();
    private long indexed;
    private long flagged;
    private long rejected;
    private long gsm8kStyle;
    private long seen;
    private long sinceCommit;

    Batches(SkillIndex index, Request request, long total, JobContext context) {
      this.index = index;
      this.request = request;
      this.total = total;
      this.context = context;
    }

    void accept(Example example) {
      if (Datasets.looksLikeGsm8kSolution(example)) {
        gsm8kStyle++;
      }
      batch.add(example);
      if (batch.size() == BATCH) {
        flush();
      }
    }

    void flush() {
      if (batch.isEmpty()) {
        return;
      }
      context.checkCancelled();
      try {
        tally(index.addAll(batch, request.duplicates()));
        seen += batch.size();
        sinceCommit += batch.size();
        batch.clear();
        if (sinceCommit >= request.commitEvery()) {
          index.commit();
          sinceCommit = 0;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      context.progress(new Progress("import", seen, total, "lines",
          String.format(java.util.Locale.ROOT, "%,d indexed", indexed)));
    }

    private void tally(List<AddResult> results) {
      for (AddResult result : results) {
        if (result.stored()) {
          indexed++;
        }
        switch (result.status()) {
          case FLAGGED -> flagged++;
          case REJECTED -> rejected++;
          default -> { }
        }
        if (result.duplicateOf() != null && shown.size() < MAX_SHOWN) {
          shown.add(result);
        }
      }
    }
  }
}
