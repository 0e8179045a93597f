package io.skillforge.server.jobs.index;

import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.util.Objects;

/**
 * An index lent to one job. Closing the lease gives it back: it closes the index when the job
 * opened it, and does nothing when a longer-lived owner lent it.
 */
public record IndexLease(SkillIndex index, Release release) implements AutoCloseable {
  /** What closing the lease does. */
  @FunctionalInterface
  public interface Release {
    void release() throws IOException;
  }

  public IndexLease {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(release, "release");
  }

  @Override
  public void close() throws IOException {
    release.release();
  }
}
