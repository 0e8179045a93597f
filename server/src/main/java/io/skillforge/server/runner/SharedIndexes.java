package io.skillforge.server.runner;

import io.skillforge.server.cluster.ClusterIndex;
import io.skillforge.server.jobs.index.IndexAccess;
import io.skillforge.server.jobs.index.IndexLease;
import io.skillforge.server.store.pg.PgExamples;
import io.skillforge.skills.index.IndexOptions;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The server's ownership of its index: one {@link SkillIndex} (the one writer) for the server's
 * index directory, opened on first use and kept until the server stops, lent to every job and
 * request; searches see what was committed or refreshed (a background refresh runs every second).
 * Any other directory (a distillation run's own index) is opened for the job and closed after it,
 * as on the command line. {@link #close} closes the shared index, committing what is pending.
 */
public final class SharedIndexes implements IndexAccess, AutoCloseable {
  private final Path shared;
  private final IndexOptions options;
  private final IndexAccess perJob = IndexAccess.perJob();
  /** The cluster's examples this node's index follows; null on a single server. */
  private final PgExamples examples;
  private ClusterIndex cluster;
  private SkillIndex index;
  private boolean closed;

  /**
   * @param shared the server's index directory
   * @param options how it is opened (its near-duplicate threshold holds for every job)
   */
  public SharedIndexes(Path shared, IndexOptions options) {
    this(shared, options, null);
  }

  /**
   * A node's index in a cluster: its own copy in {@code shared}, written through to {@code
   * examples} and following their change log (see {@link ClusterIndex}).
   *
   * @param examples the cluster's examples; null on a single server
   */
  public SharedIndexes(Path shared, IndexOptions options, PgExamples examples) {
    this.shared = shared.toAbsolutePath().normalize();
    this.options = Objects.requireNonNull(options, "options");
    this.examples = examples;
  }

  /** In a cluster, opens the node's index now and starts following the change log (a new node builds it from zero). */
  public void startFollowing() throws IOException {
    if (examples != null) {
      index();
    }
  }

  /** Where this node's index stands in the cluster's change log; -1 on a single server or before it opened. */
  public synchronized long changePosition() {
    return cluster == null ? -1 : cluster.follower().position();
  }

  @Override
  public IndexLease forWriting(Path dir, IndexOptions jobOptions) throws IOException {
    if (!isShared(dir)) {
      return perJob.forWriting(dir, jobOptions);
    }
    return new IndexLease(index(), () -> { });
  }

  @Override
  public IndexLease forReading(Path dir) throws IOException {
    if (!isShared(dir)) {
      return perJob.forReading(dir);
    }
    synchronized (this) {
      if (index == null) {
        IndexAccess.requireIndex(dir);
      }
    }
    return new IndexLease(index(), () -> { });
  }

  /** Whether the server's index exists (open here, or committed on disk). */
  public synchronized boolean exists() throws IOException {
    return index != null || SkillIndex.exists(shared);
  }

  private boolean isShared(Path dir) {
    return dir.toAbsolutePath().normalize().equals(shared);
  }

  private synchronized SkillIndex index() throws IOException {
    if (closed) {
      throw new IllegalStateException("the server is stopping; its index is closed");
    }
    if (index == null) {
      if (examples != null) {
        cluster = ClusterIndex.open(shared, options, examples);
        index = cluster.index();
      } else {
        index = SkillIndex.open(shared, options);
      }
    }
    return index;
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (cluster != null) {
      cluster.close();
      cluster = null;
      index = null;
    } else if (index != null) {
      index.close();
      index = null;
    }
  }
}
