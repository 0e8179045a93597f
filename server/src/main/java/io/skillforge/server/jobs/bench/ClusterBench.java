package io.skillforge.server.jobs.bench;

import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.stat.WorldData;
import io.skillforge.server.store.pg.PgDatabase;
import io.skillforge.skills.CatalogFiles;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.ConflictException;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.synthesis.teacher.sim.SimOptions;
import io.skillforge.synthesis.teacher.sim.TeacherSim;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The same labelling job on clusters of 1, 2, 3... {@code serve --cluster} nodes on this machine,
 * against teacher-sim (in this process, with a fixed latency per call, as a remote teacher has),
 * each node running at most {@code workers} parts at a time with {@code concurrency} teacher calls
 * each: a fixed per-node concurrency. The job is split into {@code shardsPerNode} parts per node.
 * Each node count gets a fresh database on the given PostgreSQL server (created and dropped here),
 * so every run starts with a cold teacher cache and pays for every call.
 *
 * <p>Measured per node count: items per second from submission to the job's end, teacher calls
 * per item (at teacher-sim) and the store's round trips per item (summed over the nodes' {@code
 * /metrics}).
 */
public final class ClusterBench implements Job<ClusterBench.Request, ClusterBench.Result> {
  /**
   * @param nodeCounts the cluster sizes to run, such as 1, 2, 3
   * @param storeUrl a PostgreSQL database on the server the bench makes its databases on (it needs
   *     the right to create databases)
   * @param items items labelled
   * @param workers parts a node runs at once
   * @param concurrency teacher calls in flight per part
   * @param shardsPerNode parts per node of the cluster
   * @param latencyMs teacher-sim's latency per call
   * @param hazelcastConfig the nodes' Hazelcast configuration file
   * @param logs where the nodes' logs go
   */
  public record Request(List<Integer> nodeCounts, String storeUrl, int items, int workers, int concurrency,
      int shardsPerNode, long latencyMs, Path hazelcastConfig, Path logs) {
    public Request {
      nodeCounts = List.copyOf(nodeCounts);
      if (nodeCounts.isEmpty() || nodeCounts.stream().anyMatch(n -> n < 1 || n > 16)) {
        throw new BadInputException("--nodes must list node counts between 1 and 16, such as 1,2,3");
      }
      if (items < 100 || workers < 1 || concurrency < 1 || shardsPerNode < 1 || latencyMs < 0) {
        throw new BadInputException("--items must be >= 100; --workers, --concurrency and --shards-per-node >= 1;"
            + " --latency-ms >= 0");
      }
      Objects.requireNonNull(storeUrl, "storeUrl");
    }
  }

  /**
   * One cluster size.
   *
   * @param nodes nodes in the cluster
   * @param seconds from submitting the job to its end
   * @param itemsPerSecond items over seconds
   * @param callsPerItem teacher calls at teacher-sim per item
   * @param roundTripsPerItem the store's round trips per item, over every node
   */
  public record Run(int nodes, double seconds, double itemsPerSecond, double callsPerItem, double roundTripsPerItem) {}

  /** @param runs one per node count, in the order asked */
  public record Result(Request request, List<Run> runs) {
    /** rate(3) / (3 x rate(1)), when both were run; NaN otherwise. */
    public double scaling(int nodes) {
      Run one = find(1);
      Run many = find(nodes);
      return one == null || many == null ? Double.NaN : many.itemsPerSecond() / (nodes * one.itemsPerSecond());
    }

    private Run find(int nodes) {
      return runs.stream().filter(r -> r.nodes() == nodes).findFirst().orElse(null);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @Override
  public Result run(Request request, JobContext context) throws IOException {
    if (!Files.isRegularFile(request.hazelcastConfig())) {
      throw new BadInputException("the nodes' Hazelcast configuration " + request.hazelcastConfig()
          + " is not a file (cluster.hazelcast-config)");
    }
    Vertx vertx = Vertx.vertx();
    try (ScratchDir scratch = ScratchDir.create("skillforge-cluster-bench-");
        PgDatabase admin = PgDatabase.connect(vertx, request.storeUrl(), null, 1)) {
      if (!admin.reachable()) {
        throw new ConflictException("no PostgreSQL answers at " + admin.where() + " (--store-url)");
      }
      Path seed = scratch.resolve("seed");
      context.note("writing " + request.items() + " skill-world items");
      writeWorld(seed, request.items());
      TeacherSim sim = new TeacherSim(vertx, SimOptions.defaults().withLatencyMs(request.latencyMs()));
      Await.result(sim.start());
      try {
        List<Run> runs = new ArrayList<>();
        for (int nodes : request.nodeCounts()) {
          context.checkCancelled();
          Run run = runOnce(request, nodes, sim, admin, seed, scratch.resolve("run-" + nodes), context);
          context.note(String.format(java.util.Locale.ROOT, "%d node(s): %.1f items/s, %.3f calls/item,"
              + " %.2f store round trips/item", nodes, run.itemsPerSecond(), run.callsPerItem(),
              run.roundTripsPerItem()));
          runs.add(run);
        }
        return new Result(request, runs);
      } finally {
        Await.result(sim.close());
      }
    } finally {
      Await.result(vertx.close());
    }
  }

  private Run runOnce(Request request, int nodes, TeacherSim sim, PgDatabase admin, Path seed, Path data,
      JobContext context) throws IOException {
    String database = "skillforge_bench_" + ProcessHandle.current().pid() + "_" + nodes;
    admin.query("CREATE DATABASE " + database);
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    try (NodeProcesses cluster = new NodeProcesses(request.logs().resolve(nodes + "-nodes"))) {
      copy(seed, data);
      Map<String, String> env = nodeEnv(request, urlOf(request.storeUrl(), database), sim,
          "bench-" + ProcessHandle.current().pid() + "-" + nodes, token);
      context.progress(new Progress("start nodes", 0, nodes, "nodes", nodes + " node(s)"));
      for (int i = 1; i <= nodes; i++) {
        cluster.start("node" + i, data, env, "512m");
        context.progress(new Progress("start nodes", i, nodes, "nodes", nodes + " node(s)"));
      }
      List<String> urls = List.copyOf(cluster.urls().values());
      awaitMembers(urls.get(0), token, nodes);
      long callsBefore = sim.stats().chatCalls();
      long tripsBefore = roundTrips(urls, token);
      long start = System.nanoTime();
      String body = new JsonObject().put("kind", "label").put("dataset", "items").put("catalog", "world")
          .put("out", "labelled").put("shards", nodes * request.shardsPerNode()).encode();
      JsonObject job = new JsonObject(send(urls.get(0), "/jobs", token, body));
      if (job.getString("id") == null) {
        throw new ConflictException("the cluster refused the job: " + job.encode());
      }
      JsonObject end = awaitEnd(urls.get(0), token, job.getString("id"), nodes, request.items(), context);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (!"succeeded".equals(end.getString("state"))) {
        throw new ConflictException("the labelling job on " + nodes + " node(s) " + end.getString("state") + ": "
            + end.getJsonObject("error", new JsonObject()).getString("detail", ""));
      }
      long calls = sim.stats().chatCalls() - callsBefore;
      long trips = roundTrips(urls, token) - tripsBefore;
      return new Run(nodes, seconds, request.items() / seconds, calls / (double) request.items(),
          trips / (double) request.items());
    } finally {
      try {
        admin.query("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      } catch (RuntimeException e) {
        context.note("could not drop the bench database " + database + ": " + e.getMessage());
      }
    }
  }

  private static Map<String, String> nodeEnv(Request request, String url, TeacherSim sim, String cluster,
      String token) {
    Map<String, String> env = new HashMap<>();
    env.put("SKILLFORGE_SERVER_TOKEN", token);
    env.put("SKILLFORGE_SERVER_WORKERS", Integer.toString(request.workers()));
    env.put("SKILLFORGE_SERVER_QUEUE_CAPACITY", "1024");
    env.put("SKILLFORGE_CLUSTER_STORE", "postgres");
    env.put("SKILLFORGE_CLUSTER_URL", url);
    env.put("SKILLFORGE_CLUSTER_NAME", cluster);
    env.put("SKILLFORGE_CLUSTER_HAZELCAST_CONFIG", request.hazelcastConfig().toAbsolutePath().toString());
    env.put("SKILLFORGE_TEACHER_KIND", "openai-compatible");
    env.put("SKILLFORGE_TEACHER_BASE_URL", sim.baseUrl());
    env.put("SKILLFORGE_TEACHER_MAX_CONCURRENCY", Integer.toString(request.concurrency()));
    env.put("SKILLFORGE_TEACHER_REQUESTS_PER_MINUTE", "0");
    env.put("SKILLFORGE_TEACHER_TOKENS_PER_MINUTE", "0");
    return env;
  }

  /** The URL of {@code database} on the server of {@code url}. */
  static String urlOf(String url, String database) {
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new BadInputException("--store-url '" + url + "' is not a PostgreSQL URL (postgresql://user@host:port/db)");
    }
    return "postgresql://" + options.getUser() + "@" + options.getHost() + ":" + options.getPort() + "/" + database;
  }

  private static void writeWorld(Path data, int items) throws IOException {
    List<Example> drawn = new WorldData(new NearDuplicateSet(0.8))
        .draw(items, 17, SkillMix.uniform(), 0.2, "bench", "train", false);
    Files.createDirectories(data.resolve("datasets"));
    Files.writeString(data.resolve("datasets/items.jsonl"),
        drawn.stream().map(ExampleJson::toJson).collect(Collectors.joining("\n", "", "\n")));
    CatalogFiles.write(SkillWorld.catalog(), data.resolve("catalogs/world.json"));
  }

  private static void copy(Path from, Path to) throws IOException {
    for (String file : List.of("datasets/items.jsonl", "catalogs/world.json")) {
      Files.createDirectories(to.resolve(file).getParent());
      Files.copy(from.resolve(file), to.resolve(file));
    }
  }

  private void awaitMembers(String base, String token, int nodes) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      JsonObject health = new JsonObject(get(base, "/health", token));
      if (health.getJsonObject("cluster", new JsonObject()).getJsonArray("members", new io.vertx.core.json.JsonArray())
          .size() == nodes) {
        return;
      }
      pause(200);
    }
    throw new ConflictException("the " + nodes + " nodes did not form one cluster within a minute (see their logs)");
  }

  private JsonObject awaitEnd(String base, String token, String id, int nodes, int items, JobContext context)
      throws IOException {
    long reported = -1;
    while (true) {
      context.checkCancelled();
      JsonObject job = new JsonObject(get(base, "/jobs/" + id, token));
      String state = job.getString("state");
      if (!"queued".equals(state) && !"running".equals(state)) {
        return job;
      }
      for (Object p : job.getJsonArray("progress", new io.vertx.core.json.JsonArray())) {
        JsonObject stage = (JsonObject) p;
        if ("label".equals(stage.getString("stage")) && stage.getLong("done", 0L) != reported) {
          reported = stage.getLong("done", 0L);
          context.progress(new Progress("label on " + nodes + " node(s)", stage.getLong("done", 0L), items, "items",
              stage.getString("detail", "")));
        }
      }
      pause(200);
    }
  }

  /** The store's round trips so far, summed over the nodes. */
  private long roundTrips(List<String> urls, String token) throws IOException {
    long sum = 0;
    for (String url : urls) {
      for (String line : get(url, "/metrics", token).split("\n")) {
        if (line.startsWith("skillforge_store_round_trips_total")) {
          sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return sum;
  }

  private String get(String base, String path, String token) throws IOException {
    return exchange(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
        .GET().build());
  }

  private String send(String base, String path, String token, String json) throws IOException {
    return exchange(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  private String exchange(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void pause(long millis) throws IOException {
    try {
      TimeUnit.MILLISECONDS.sleep(millis); // the nodes work in other processes; polled
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
