package io.skillforge.server.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.skillforge.server.cluster.Membership;
import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.store.SharedJobStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Skillforge HTTP server: the API of {@code openapi.yaml}, server-sent job events, the web
 * page and metrics, over the jobs the command line runs. {@link #start} opens the data directory
 * (resuming unfinished jobs) and listens; {@link #close} stops listening, interrupts running jobs
 * (they resume at the next start) and closes the store. The caller owns the {@link Vertx}; to have
 * Vert.x's own metrics (requests) in {@code /metrics}, build it with the same registry.
 */
public final class SkillforgeServer {
  private static final Logger LOG = LoggerFactory.getLogger(SkillforgeServer.class);

  /** What is read from the disk before the server listens. */
  private record Parts(Backend backend, Contract contract, WebAssets assets) {}

  private final Vertx vertx;
  private final Backend backend;
  private final StudentMounts mounts;
  private final int port;
  private final List<String> deployments;

  private SkillforgeServer(Vertx vertx, Backend backend, StudentMounts mounts, int port,
      List<String> deployments) {
    this.vertx = vertx;
    this.backend = backend;
    this.mounts = mounts;
    this.port = port;
    this.deployments = deployments;
  }

  /**
   * Starts the server.
   *
   * @param registry where metrics go; null for a registry of the server's own
   * @param config loads the configuration for an environment (the server adds its data directory's
   *     teacher cache when the configuration keeps the default)
   * @param env the environment (API keys, {@code SKILLFORGE_*} settings)
   */
  public static Future<SkillforgeServer> start(Vertx vertx, PrometheusMeterRegistry registry, ServerOptions options,
      Function<Map<String, String>, SkillforgeConfig> config, Map<String, String> env) {
    return start(vertx, registry, options, config, env, Membership.SINGLE);
  }

  /**
   * Starts one node of a cluster: like {@link #start(Vertx, PrometheusMeterRegistry, ServerOptions,
   * Function, Map)} on a clustered {@code vertx}, whose members {@code membership} tells.
   */
  public static Future<SkillforgeServer> start(Vertx vertx, PrometheusMeterRegistry registry, ServerOptions options,
      Function<Map<String, String>, SkillforgeConfig> config, Map<String, String> env, Membership membership) {
    Objects.requireNonNull(options, "options");
    PrometheusMeterRegistry metricsRegistry = registry != null ? registry
        : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return vertx.executeBlocking(() -> {
      options.requireSafeBinding();
      Backend backend = Backend.open(vertx, options, config, env,
          event -> {
            vertx.eventBus().publish(EventStream.of(event.getString("job")), event);
            vertx.eventBus().publish(EventStream.ALL, event);
          }, membership);
      try {
        return new Parts(backend, Contract.load(), WebAssets.load());
      } catch (RuntimeException e) {
        backend.close();
        throw e;
      }
    }).compose(parts -> {
      Backend backend = parts.backend();
      Contract contract = parts.contract();
      WebAssets assets = parts.assets();
      StudentMounts mounts = new StudentMounts(vertx, backend.workspace);
      ServerMetrics metrics = new ServerMetrics(metricsRegistry, backend.scheduler);
      if (backend.store instanceof SharedJobStore shared) {
        metrics.storeRoundTrips(shared);
      }
      // A negative port is Vert.x's way to have the instances share one random port; 0 would give
      // each its own.
      int port = options.port() == 0 ? -1 : options.port();
      List<ApiVerticle> instances = new CopyOnWriteArrayList<>();
      List<String> ids = new CopyOnWriteArrayList<>();
      return vertx.deployVerticle(() -> {
        ApiVerticle instance = new ApiVerticle(backend, contract, mounts, metrics, assets, port);
        instances.add(instance);
        return instance;
      }, new DeploymentOptions().setInstances(options.eventLoops())).compose(id -> {
        ids.add(id);
        return Future.succeededFuture(instances.get(0).actualPort());
      }).map(actual -> {
        LOG.info("listening on http://{}:{}", options.host(), actual);
        return new SkillforgeServer(vertx, backend, mounts, actual, ids);
      }).recover(e -> vertx.executeBlocking(() -> {
        backend.close();
        return null;
      }).transform(v -> Future.failedFuture(e)));
    });
  }

  /** The port listened on. */
  public int port() {
    return port;
  }

  /** The data directory. */
  public Path dataDir() {
    return backend.workspace.root();
  }

  /** Stops listening, interrupts running jobs (they resume at the next start), closes the store. */
  public Future<Void> close() {
    Future<Void> undeployed = Future.succeededFuture();
    for (String id : deployments) {
      undeployed = undeployed.compose(v -> vertx.undeploy(id));
    }
    return undeployed.compose(v -> vertx.executeBlocking(() -> {
      mounts.close();
      backend.close();
      return null;
    }));
  }
}
