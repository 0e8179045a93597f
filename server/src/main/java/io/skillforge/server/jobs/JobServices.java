package io.skillforge.server.jobs;

import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.jobs.index.IndexAccess;
import io.skillforge.server.teacher.TeacherPacing;
import io.skillforge.synthesis.teacher.cache.AnswerTier;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What jobs share: the configuration (loaded once, at the entry point, when first needed), the
 * environment API keys are read from, the owner of the indexes, and in a cluster the shared tier of
 * the teacher's response cache.
 */
public final class JobServices {
  private final Supplier<SkillforgeConfig> config;
  private final Map<String, String> environment;
  private final IndexAccess indexes;
  private final AnswerTier sharedAnswers;
  private volatile Shards shards = Shards.NONE;
  private final TeacherPacing pacing = new TeacherPacing();
  private SkillforgeConfig loaded;

  /**
   * @param config loads the configuration; called at most once, on first use
   * @param environment where API-key variables are looked up
   * @param indexes who owns the indexes
   */
  public JobServices(Supplier<SkillforgeConfig> config, Map<String, String> environment, IndexAccess indexes) {
    this(config, environment, indexes, null);
  }

  /**
   * @param sharedAnswers where an LLM teacher's answers are cached for the whole cluster; null for
   *     {@code teacher.cache-dir}
   */
  public JobServices(Supplier<SkillforgeConfig> config, Map<String, String> environment, IndexAccess indexes,
      AnswerTier sharedAnswers) {
    this.config = Objects.requireNonNull(config, "config");
    this.environment = Map.copyOf(environment);
    this.indexes = Objects.requireNonNull(indexes, "indexes");
    this.sharedAnswers = sharedAnswers;
  }

  /** The configuration; loaded on the first call. */
  public synchronized SkillforgeConfig config() {
    if (loaded == null) {
      loaded = Objects.requireNonNull(config.get(), "configuration");
    }
    return loaded;
  }

  public Map<String, String> environment() {
    return environment;
  }

  public IndexAccess indexes() {
    return indexes;
  }

  /** Who runs the parts of a sharded job: the server's scheduler once it is attached, else nobody. */
  public Shards shards() {
    return shards;
  }

  /** Attaches the scheduler that runs shard parts (a server does this once, at start). */
  public void attachShards(Shards runner) {
    this.shards = java.util.Objects.requireNonNull(runner, "runner");
  }

  /** The teacher rate limits that every job of this process books its calls with. */
  public TeacherPacing pacing() {
    return pacing;
  }

  /** The cluster's shared teacher-answer tier; null on a single machine. */
  public AnswerTier sharedAnswers() {
    return sharedAnswers;
  }
}
