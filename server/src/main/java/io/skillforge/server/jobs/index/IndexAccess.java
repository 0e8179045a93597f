package io.skillforge.server.jobs.index;

import io.skillforge.skills.errors.NotFoundException;
import io.skillforge.skills.index.IndexOptions;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Who owns a {@link SkillIndex} and for how long. On the command line each job opens the index
 * and closes it when done ({@link #perJob()}); the HTTP server owns one writer per directory for
 * its lifetime and lends it to jobs. Readers never take the write lock: they see the index at its
 * last commit, so they work while another process imports.
 */
public interface IndexAccess {
  /**
   * The index in {@code dir} for adding examples, created when missing; {@code options} apply when
   * this call opens it.
   */
  IndexLease forWriting(Path dir, IndexOptions options) throws IOException;

  /**
   * The index in {@code dir} for searching, counting and exporting, as of its last commit.
   *
   * @throws NotFoundException when there is no index there
   */
  IndexLease forReading(Path dir) throws IOException;

  /** Opens the index for each job and closes it at the end of the job. */
  static IndexAccess perJob() {
    return new IndexAccess() {
      @Override
      public IndexLease forWriting(Path dir, IndexOptions options) throws IOException {
        SkillIndex index = SkillIndex.open(dir, options);
        return new IndexLease(index, index::close);
      }

      @Override
      public IndexLease forReading(Path dir) throws IOException {
        requireIndex(dir);
        SkillIndex index = SkillIndex.openReadOnly(dir, jobOptions());
        return new IndexLease(index, index::close);
      }
    };
  }

  /**
   * @throws NotFoundException when {@code dir} holds no index
   */
  static void requireIndex(Path dir) throws IOException {
    if (!SkillIndex.exists(dir)) {
      throw new NotFoundException("no index at " + dir + " (create one with 'skillforge index import')");
    }
  }

  /** Options of an index opened for one job: no background refresh, commits are the job's. */
  static IndexOptions jobOptions() {
    return IndexOptions.defaults().withRefreshInterval(Duration.ZERO);
  }
}
