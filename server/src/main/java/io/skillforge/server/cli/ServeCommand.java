package io.skillforge.server.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.skillforge.server.cluster.ClusterNode;
import io.skillforge.server.cluster.ClusterSettings;
import io.skillforge.server.cluster.Membership;
import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.http.ServerOptions;
import io.skillforge.server.http.SkillforgeServer;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.ConflictException;
import io.skillforge.skills.errors.NotFoundException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge serve}: the HTTP API, job events and web page, until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the HTTP API (its contract at /openapi.yaml), job progress as server-sent events, the"
          + " web page at / and metrics at /metrics, until stopped. Jobs, datasets, catalogs, students,"
          + " the index and the teacher's cache live in the data directory; jobs left unfinished by a"
          + " stop or a crash resume at the next start.",
      "Every route but /health needs the token (Authorization: Bearer TOKEN); without a token the"
          + " server binds only to a loopback address.",
      "With cluster.store: postgres, several nodes share the jobs and the teacher's answers in"
          + " PostgreSQL (any node runs any job; a dead node's jobs move to the others); with --cluster they"
          + " also join a Vert.x cluster (Hazelcast, cluster.hazelcast-config), so job events reach every node."
    })
public final class ServeCommand implements Callable<Integer> {
  /** Where the token comes from when --token is not given. */
  public static final String TOKEN_VARIABLE = "SKILLFORGE_SERVER_TOKEN";

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: SKILLFORGE_CONFIG,"
      + " else conf/skillforge.yaml).")
  Path config;

  @Option(names = "--port", paramLabel = "P", description = "TCP port; 0 picks a free one (default: server.port, 8080).")
  Integer port;

  @Option(names = "--host", paramLabel = "HOST", description = "Interface to bind (default: server.host, 127.0.0.1).")
  String host;

  @Option(names = "--token", paramLabel = "T", description = "The bearer token (default: the environment variable "
      + TOKEN_VARIABLE + ", which keeps it out of the process list).")
  String token;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: server.data-dir,"
      + " data/server).")
  Path dataDir;

  @Option(names = "--cluster", description = "Join the Vert.x cluster of cluster.hazelcast-config (needs"
      + " cluster.store: postgres).")
  boolean cluster;

  @Option(names = "--node", paramLabel = "NAME", description = "This node's name in the cluster (default:"
      + " cluster.node, else host name and process id).")
  String node;

  @Override
  public Integer call() throws Exception {
    JobServices services = SkillforgeCommand.services(spec);
    Map<String, String> env = services.environment();
    if (config != null && !Files.isRegularFile(config)) {
      throw new NotFoundException("--config " + config + " is not a file");
    }
    if (node != null) {
      env = new HashMap<>(env);
      env.put("SKILLFORGE_CLUSTER_NODE", node); // the node's name, wherever the configuration is read
    }
    Function<Map<String, String>, SkillforgeConfig> loader = config != null
        ? e -> SkillforgeConfig.load(e, config)
        : e -> SkillforgeConfig.load(e, SkillforgeConfig.userFile(e));
    SkillforgeConfig loaded = loader.apply(env);
    SkillforgeConfig.ServerSettings settings = loaded.server();
    ClusterSettings clusterSettings = clusterSettings(loaded);
    if (cluster && !clusterSettings.shared()) {
      throw new BadInputException("--cluster needs a shared store: set cluster.store to postgres and cluster.url to"
          + " the database (" + loaded.originOf("cluster.store") + ")");
    }
    ServerOptions options = new ServerOptions(host != null ? host : settings.host(),
        port != null ? port : settings.port(), token != null ? token : env.get(TOKEN_VARIABLE),
        dataDir != null ? dataDir : Path.of(settings.dataDir()), settings.maxBodyBytes(), settings.workers(),
        settings.queueCapacity(), settings.eventLoops());
    options.requireSafeBinding();

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    String nodeName = clusterSettings.shared() ? clusterSettings.nodeName() : null;
    if (nodeName != null) {
      registry.config().commonTags("node", nodeName); // every series says which node it is from
    }
    VertxOptions vertxOptions = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .addLabels(Label.HTTP_ROUTE));
    VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry));
    ClusterNode member = cluster ? ClusterNode.join(clusterSettings, nodeName, builder, vertxOptions) : null;
    Vertx vertx = member != null ? member.vertx() : builder.with(vertxOptions).build();
    Membership membership = member != null ? member : Membership.SINGLE;
    boolean interrupted = false;
    SkillforgeServer server = null;
    Thread hook = null;
    try {
      server = start(vertx, registry, options, loader, env, membership);
      SkillforgeServer running = server;
      hook = new Thread(() -> stop(running, vertx, member), "skillforge-serve-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("serving on http://%s:%d (data in %s)%s%n", options.host(), server.port(), server.dataDir(),
          nodeName == null ? "" : ", node " + nodeName + (member == null ? "" : " of cluster " + clusterSettings.name()));
      out.flush();
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      interrupted = true; // stop serving; the flag is restored once the server is closed
    } finally {
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyStopping) {
          // the JVM is exiting; the hook closes the server
        }
      }
      if (server != null) {
        stop(server, vertx, member);
      } else if (member != null) {
        member.close();
      } else {
        Await.result(vertx.close());
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }

  private static ClusterSettings clusterSettings(SkillforgeConfig config) {
    try {
      return config.cluster();
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  private static SkillforgeServer start(Vertx vertx, PrometheusMeterRegistry registry, ServerOptions options,
      Function<Map<String, String>, SkillforgeConfig> loader, Map<String, String> env, Membership membership) {
    try {
      return Await.result(SkillforgeServer.start(vertx, registry, options, loader, env, membership));
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException || t.getMessage() != null && t.getMessage().contains("Address already in use")) {
          throw new ConflictException("port " + options.port() + " on " + options.host() + " is already in use"
              + " (--port); stop what listens there, or pick another port (0 picks a free one)", e);
        }
      }
      throw e;
    }
  }

  private static void stop(SkillforgeServer server, Vertx vertx, ClusterNode member) {
    try {
      Await.result(server.close());
    } finally {
      if (member != null) {
        member.close();
      } else {
        Await.result(vertx.close());
      }
    }
  }
}
