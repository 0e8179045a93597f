package io.skillforge.server.cluster;

import io.skillforge.server.store.pg.PgExamples;
import io.skillforge.skills.index.IndexOptions;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A node's index in a cluster, opened: its own Lucene index in its own directory, written through
 * to the cluster's examples, and following their change log every second on a thread of its own.
 */
public final class ClusterIndex implements AutoCloseable {
  private final SkillIndex local;
  private final SkillIndex replicated;
  private final IndexFollower follower;
  private final ScheduledExecutorService timer;

  private ClusterIndex(SkillIndex local, PgExamples examples) {
    this.local = local;
    this.replicated = new ReplicatedIndex(local, examples);
    this.follower = new IndexFollower(local, examples);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "skillforge-index-follower");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(follower::catchUpQuietly, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * Opens (creating) the node's index in {@code dir}, applies the whole change log it lacks (a new
   * node builds its index here, before it runs any job), and starts following the log.
   */
  public static ClusterIndex open(Path dir, IndexOptions options, PgExamples examples) throws IOException {
    SkillIndex local = SkillIndex.open(dir, options);
    try {
      new IndexFollower(local, examples).catchUp();
    } catch (IOException | RuntimeException e) {
      local.close();
      throw e;
    }
    return new ClusterIndex(local, examples);
  }

  /** The index jobs and requests use: reads local, writes shared. */
  public SkillIndex index() {
    return replicated;
  }

  /** Where it stands in the change log. */
  public IndexFollower follower() {
    return follower;
  }

  /**
   * Stops following (a catch-up under way finishes: interrupting Lucene's writes would break the
   * index), then closes the local index, committing what is pending.
   */
  @Override
  public void close() throws IOException {
    timer.shutdown();
    try {
      if (!timer.awaitTermination(60, TimeUnit.SECONDS)) {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    local.close();
  }
}
