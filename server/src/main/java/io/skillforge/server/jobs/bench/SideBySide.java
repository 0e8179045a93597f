package io.skillforge.server.jobs.bench;

import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.skills.Example;
import io.skillforge.skills.index.AddResult;
import io.skillforge.skills.index.DuplicatePolicy;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.util.List;

/**
 * Feeds the same batches to a {@link SkillIndex} and to a {@link PlainLuceneIndex}, alternating
 * which of the two takes a batch first so that both see the same machine state, then commits both.
 * Each side's clock (wall and process CPU) runs only while it works.
 */
final class SideBySide {
  private final SkillIndex index;
  private final PlainLuceneIndex plain;
  private final DuplicatePolicy policy;
  private final int batch;

  SideBySide(SkillIndex index, PlainLuceneIndex plain, DuplicatePolicy policy, int batch) {
    this.index = index;
    this.plain = plain;
    this.policy = policy;
    this.batch = batch;
  }

  /** Both sides' times, and what the index flagged or rejected as near-duplicates. */
  record Sides(IndexBench.Timing index, IndexBench.Timing plain, long flagged, long rejected) {}

  /** Running totals of one side. */
  private static final class Side {
    long nanos;
    long cpuNanos;
    long flagged;
    long rejected;

    IndexBench.Timing timing() {
      return new IndexBench.Timing(nanos / 1e9, cpuNanos / 1e9);
    }
  }

  /**
   * Adds {@code examples} in batches to both sides, then commits both.
   *
   * @param stage the progress stage, counting examples in both
   */
  Sides add(List<Example> examples, String stage, JobContext context) throws IOException {
    Side ours = new Side();
    Side raw = new Side();
    int n = examples.size();
    context.progress(Progress.of(stage, 0, n, "examples"));
    for (int from = 0, b = 0; from < n; from += batch, b++) {
      context.checkCancelled();
      List<Example> slice = examples.subList(from, Math.min(n, from + batch));
      if (b % 2 == 0) {
        addToIndex(slice, ours);
        addToPlain(slice, raw);
      } else {
        addToPlain(slice, raw);
        addToIndex(slice, ours);
      }
      context.progress(new Progress(stage, from + slice.size(), n, "examples", "and into plain Lucene"));
    }
    time(ours, index::commit);
    time(raw, plain::commit);
    return new Sides(ours.timing(), raw.timing(), ours.flagged, ours.rejected);
  }

  private void addToIndex(List<Example> slice, Side side) throws IOException {
    List<AddResult> results = timed(side, () -> index.addAll(slice, policy));
    for (AddResult r : results) {
      if (r.status() == AddResult.Status.FLAGGED) {
        side.flagged++;
      } else if (r.status() == AddResult.Status.REJECTED) {
        side.rejected++;
      }
    }
  }

  private void addToPlain(List<Example> slice, Side side) throws IOException {
    time(side, () -> plain.addAll(slice));
  }

  private static void time(Side side, IoAction action) throws IOException {
    timed(side, () -> {
      action.run();
      return null;
    });
  }

  /** Runs {@code call} with {@code side}'s clocks running. */
  private static <T> T timed(Side side, IoCall<T> call) throws IOException {
    long cpu = Measures.processCpuNanos();
    long t0 = System.nanoTime();
    T value = call.call();
    side.nanos += System.nanoTime() - t0;
    side.cpuNanos += Measures.processCpuNanos() - cpu;
    return value;
  }

  @FunctionalInterface
  private interface IoCall<T> {
    T call() throws IOException;
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
