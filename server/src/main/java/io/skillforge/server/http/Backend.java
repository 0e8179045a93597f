package io.skillforge.server.http;

import io.skillforge.server.cluster.ClusterSettings;
import io.skillforge.server.cluster.Membership;
import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.gaps.SkillGapHistory;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.runner.kinds.StandardKinds;
import io.skillforge.server.runner.JobScheduler;
import io.skillforge.server.runner.SharedIndexes;
import io.skillforge.server.workspace.Students;
import io.skillforge.server.workspace.Workspace;
import io.skillforge.server.store.JobStore;
import io.skillforge.server.store.SqliteJobStore;
import io.skillforge.server.store.pg.PgAnswerTier;
import io.skillforge.server.store.pg.PgDatabase;
import io.skillforge.server.store.pg.PgExamples;
import io.skillforge.server.store.pg.PgJobStore;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.synthesis.teacher.cache.AnswerTier;
import io.vertx.core.Vertx;
import io.skillforge.skills.index.IndexOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP server serves: the workspace, the job store and scheduler, the students, the
 * shared index and the skill-gap reports, opened together on a worker thread and closed together.
 */
final class Backend implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Backend.class);
  /** The bundled default of teacher.cache-dir; the server keeps its cache in its data directory instead. */
  private static final String DEFAULT_CACHE_DIR = "data/teacher-cache";

  final ServerOptions options;
  final Workspace workspace;
  final JobStore store;
  final Students students;
  final SharedIndexes indexes;
  final JobServices services;
  final JobScheduler scheduler;
  final SkillGapHistory skillGaps;
  /** This node's name in a cluster's store; null on a single server. */
  final String node;
  final Membership membership;
  /** The shared database, and the handle its leases are kept through; null on a single server. */
  private final PgDatabase database;
  private final PgDatabase leaseDatabase;
  /** Keeps this node's share of the teacher rate limits in step with the membership; null when not clustered. */
  private final Runnable stopPacing;

  private Backend(ServerOptions options, Workspace workspace, JobStore store, Students students,
      SharedIndexes indexes, JobServices services, JobScheduler scheduler, String node, Membership membership,
      PgDatabase database, PgDatabase leaseDatabase) {
    this.options = options;
    this.workspace = workspace;
    this.store = store;
    this.students = students;
    this.indexes = indexes;
    this.services = services;
    this.scheduler = scheduler;
    this.skillGaps = new SkillGapHistory(workspace);
    this.node = node;
    this.membership = membership;
    this.database = database;
    this.leaseDatabase = leaseDatabase;
    this.stopPacing = membership.clustered() ? followMembership(services, membership) : null;
  }

  /**
   * Every two seconds, sets this node's share of the teacher rate limits to one over the members
   * Hazelcast sees, so that the limits hold for the cluster as a whole.
   */
  private static Runnable followMembership(JobServices services, Membership membership) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "skillforge-teacher-share");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        services.pacing().share(1.0 / Math.max(1, membership.members().size()));
      } catch (RuntimeException e) {
        LOG.warn("could not read the cluster's membership: {}", e.getMessage());
      }
    }, 0, 2, TimeUnit.SECONDS);
    return timer::shutdownNow;
  }

  /**
   * Opens everything and resumes unfinished jobs. Blocks: call it from a worker.
   *
   * @param config loads the configuration for an environment
   * @param events where job events go
   */
  static Backend open(Vertx vertx, ServerOptions options, Function<Map<String, String>, SkillforgeConfig> config,
      Map<String, String> env, Consumer<JsonObject> events, Membership membership) throws IOException {
    Workspace shared = new Workspace(options.dataDir()).create();
    Map<String, String> environment = new HashMap<>(env);
    SkillforgeConfig loaded = config.apply(environment);
    if (!environment.containsKey("SKILLFORGE_TEACHER_CACHE_DIR")
        && DEFAULT_CACHE_DIR.equals(loaded.value("teacher.cache-dir"))) {
      environment.put("SKILLFORGE_TEACHER_CACHE_DIR", shared.teacherCache().toString());
      loaded = config.apply(environment);
    }
    SkillforgeConfig settled = loaded;
    IndexOptions indexOptions = IndexOptions.defaults()
        .withNearDuplicateThreshold(settled.index().nearDuplicateThreshold());
    ClusterSettings cluster = clusterSettings(settled);
    if (membership.clustered() && !cluster.shared()) {
      throw new BadInputException("--cluster needs a shared store: set cluster.store to postgres and cluster.url to"
          + " the database (" + settled.originOf("cluster.store") + ")");
    }
    PgDatabase database = null;
    PgDatabase leaseDatabase = null;
    JobStore store;
    AnswerTier sharedAnswers = null;
    String node = null;
    Workspace workspace = shared;
    SharedIndexes indexes;
    if (cluster.shared()) {
      node = cluster.nodeName();
      String password = cluster.passwordEnv() == null ? null : environment.get(cluster.passwordEnv());
      try {
        database = PgDatabase.connect(vertx, cluster.url(), password, 8);
        // Leases get connections of their own, and give up well before the lease runs out.
        leaseDatabase = PgDatabase.connect(vertx, cluster.url(), password, 2,
            Duration.ofMillis(Math.max(500, cluster.lease().toMillis() / 3)));
      } catch (IllegalArgumentException e) {
        if (database != null) {
          database.close();
        }
        throw new BadInputException("cluster.url: " + e.getMessage(), e);
      }
      try {
        store = PgJobStore.open(database, leaseDatabase, node);
        sharedAnswers = PgAnswerTier.open(database);
        // The node's own index, derived from the examples in the database.
        workspace = shared.forNode(node);
        indexes = new SharedIndexes(workspace.index(), indexOptions, PgExamples.open(database));
        indexes.startFollowing();
      } catch (UncheckedIOException e) {
        leaseDatabase.close();
        database.close();
        throw new UncheckedIOException(new IOException("cannot use the store of cluster.url ("
            + settled.originOf("cluster.url") + "): " + e.getCause().getMessage(), e));
      } catch (IOException | RuntimeException e) {
        leaseDatabase.close();
        database.close();
        throw e;
      }
    } else {
      store = SqliteJobStore.open(workspace.database());
      indexes = new SharedIndexes(workspace.index(), indexOptions);
    }
    JobServices services = new JobServices(() -> settled, environment, indexes, sharedAnswers);
    Students students = new Students(workspace);
    JobScheduler scheduler = new JobScheduler(store, StandardKinds.all(), workspace, students, services, events,
        new JobScheduler.Settings(options.workers(), options.queueCapacity(), cluster.lease()));
    scheduler.start();
    if (database != null) {
      LOG.info("node {}: jobs and teacher answers in {}; data in {}; {} worker(s)", node, database.where(),
          workspace.root(), options.workers());
    } else {
      LOG.info("data in {}; {} worker(s), queue of {}", workspace.root(), options.workers(), options.queueCapacity());
    }
    return new Backend(options, workspace, store, students, indexes, services, scheduler, node, membership,
        database, leaseDatabase);
  }

  private static ClusterSettings clusterSettings(SkillforgeConfig config) {
    try {
      return config.cluster();
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  /** Whether the job store answers now (a shared database can be away); blocks up to two seconds. */
  boolean storeReachable() {
    return database == null || database.reachable();
  }

  /** Stops the jobs (they resume at the next start), then closes the index and the store. */
  @Override
  public void close() {
    if (stopPacing != null) {
      stopPacing.run();
    }
    scheduler.close();
    try {
      indexes.close();
    } catch (IOException e) {
      LOG.warn("the index did not close cleanly: {}", e.getMessage());
    }
    store.close();
    if (database != null) {
      leaseDatabase.close();
      database.close();
    }
  }
}
