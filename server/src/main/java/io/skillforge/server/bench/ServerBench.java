package io.skillforge.server.bench;

import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.http.ServerOptions;
import io.skillforge.server.http.SkillforgeServer;
import io.skillforge.server.jobs.stat.WorldData;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.builtin.TransformerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The server under load on loopback: search and skill-gap report requests from many concurrent
 * clients. Without a URL it sets up its own server in a temporary directory first (a skill world
 * of {@code items} items imported into the index, a tiny student and a fresh skill-gap report of
 * it), so the report route serves a stored report, as it does for repeated requests. An untimed
 * warm-up of the same load comes first, so that the measured part sees compiled code.
 */
public final class ServerBench {
  /**
   * @param clients concurrent clients
   * @param seconds measured seconds
   * @param warmupSeconds untimed seconds first
   * @param thinkMillis each client's pause between an answer and its next request
   * @param items skill-world items in the index of a server set up here
   * @param seed seeds the data and the requests
   * @param url a running server to load instead; null to set one up
   * @param token that server's token
   * @param student that server's student of the report route
   * @param dataset that server's dataset of the report route
   */
  public record Settings(int clients, double seconds, double warmupSeconds, long thinkMillis, int items, long seed,
      URI url, String token, String student, String dataset) {}

  /** What the measured part saw, per route and in all. */
  public record Result(Settings settings, List<Latencies.Stats> routes, Latencies.Stats total) {}

  private ServerBench() {}

  public static Result run(Settings settings, Consumer<String> notes) throws Exception {
    if (settings.url() != null) {
      return load(settings, settings.url(), settings.token(), settings.student(), settings.dataset(),
          words(List.of()), notes);
    }
    Path dir = Files.createTempDirectory("skillforge-bench-server");
    Vertx vertx = Vertx.vertx();
    SkillforgeServer server = null;
    try {
      List<Example> pool = seed(dir, settings, notes);
      String token = UUID.randomUUID().toString();
      ServerOptions options = new ServerOptions("127.0.0.1", 0, token, dir, 16 << 20, 1, 64, 2);
      server = Await.result(SkillforgeServer.start(vertx, null, options, e -> SkillforgeConfig.load(e, null),
          Map.of("SKILLFORGE_TEACHER_KIND", "builtin")));
      URI base = URI.create("http://127.0.0.1:" + server.port());
      prepare(base, token, notes);
      return load(settings, base, token, "s0", "validation", words(pool), notes);
    } finally {
      if (server != null) {
        Await.result(server.close());
      }
      Await.result(vertx.close());
      deleteTree(dir);
    }
  }

  private static Result load(Settings settings, URI base, String token, String student, String dataset,
      List<String> words, Consumer<String> notes) {
    List<String> skills = List.of("add_carry", "sub_borrow", "mul_1digit", "div_exact", "percent", "sort_list");
    ServerLoad load = new ServerLoad(base, token, List.of(
        new ServerLoad.Route("search", random -> "/index/search?limit=10&q="
            + URLEncoder.encode(words.get(random.nextInt(words.size())), StandardCharsets.UTF_8)
            + (random.nextBoolean() ? "&skill=" + skills.get(random.nextInt(skills.size())) : "")),
        new ServerLoad.Route("report", random -> "/students/" + student + "/skill-gaps?dataset=" + dataset)));
    if (settings.warmupSeconds() > 0) {
      notes.accept(String.format(Locale.ROOT, "warm-up: %d clients for %.0f s (not measured)", settings.clients(),
          settings.warmupSeconds()));
      load.run(settings.clients(), settings.warmupSeconds(), settings.thinkMillis(), settings.seed() + 1);
    }
    notes.accept(String.format(Locale.ROOT, "measuring: %d clients for %.0f s", settings.clients(),
        settings.seconds()));
    Map<String, Latencies> measured = load.run(settings.clients(), settings.seconds(), settings.thinkMillis(),
        settings.seed());
    Latencies all = new Latencies();
    List<Latencies.Stats> routes = new ArrayList<>();
    for (Map.Entry<String, Latencies> e : measured.entrySet()) {
      routes.add(e.getValue().stats(e.getKey(), settings.seconds()));
      e.getValue().copyInto(all);
    }
    return new Result(settings, routes, all.stats("all", settings.seconds()));
  }

  /** The data of a server set up here; returns the pool. */
  private static List<Example> seed(Path dir, Settings settings, Consumer<String> notes) throws IOException {
    notes.accept("setting up a server in " + dir + ": " + settings.items() + " skill-world items and a tiny student");
    WorldData world = new WorldData(new NearDuplicateSet(0.8));
    List<Example> validation = world.draw(100, settings.seed() * 31 + 11, SkillMix.uniform(), 0.2, "val",
        "validation", true);
    List<Example> pool = world.draw(settings.items(), settings.seed() * 31 + 13, SkillMix.zipf(1.2), 0.2, "seed",
        "train", false);
    Files.createDirectories(dir.resolve("datasets"));
    write(dir.resolve("datasets/pool.jsonl"), pool);
    write(dir.resolve("datasets/validation.jsonl"), validation);
    try (BuiltinStudent s = BuiltinStudent.create(TransformerConfig.of(32, 1, 2, 192), settings.seed(),
        BuiltinStudent.Options.DEFAULT.withTrainingThreads(1))) {
      Await.result(s.fineTune(pool, FineTuneSettings.defaults(30).withSeed(settings.seed()), p -> { },
          Cancellation.never()));
      Await.result(s.save(dir.resolve("students/s0")));
    }
    return pool;
  }

  /** Imports the pool and makes the student's report, through the API. */
  private static void prepare(URI base, String token, Consumer<String> notes) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    JsonObject job = new JsonObject(send(http, base, token, "/jobs", "{\"kind\":\"import\",\"dataset\":\"pool\"}")
        .body());
    awaitEnd(http, base, token, job.getString("id"));
    String report = "/students/s0/skill-gaps?dataset=validation";
    HttpResponse<String> first = send(http, base, token, report, null);
    if (first.statusCode() == 202) {
      awaitEnd(http, base, token, new JsonObject(first.body()).getJsonObject("job").getString("id"));
    }
    if (send(http, base, token, report, null).statusCode() != 200) {
      throw new IllegalStateException("the server made no skill-gap report to load");
    }
    notes.accept("the index and the report are ready");
  }

  private static HttpResponse<String> send(HttpClient http, URI base, String token, String path, String json)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofMinutes(5));
    if (json != null) {
      request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Follows the job's events until the server ends them (the job has ended), then checks it succeeded. */
  private static void awaitEnd(HttpClient http, URI base, String token, String id) throws Exception {
    HttpRequest events = HttpRequest.newBuilder(base.resolve("/jobs/" + id + "/events"))
        .header("Authorization", "Bearer " + token).build();
    http.send(events, HttpResponse.BodyHandlers.ofLines()).body().forEach(line -> { });
    JsonObject job = new JsonObject(send(http, base, token, "/jobs/" + id, null).body());
    if (!"succeeded".equals(job.getString("state"))) {
      throw new IllegalStateException("the setup's " + job.getString("kind") + " job " + job.getString("state") + ": "
          + job.getJsonObject("error"));
    }
  }

  /** Words of the questions to search for (a fixed few without data). */
  private static List<String> words(List<Example> pool) {
    Set<String> words = new LinkedHashSet<>();
    for (Example e : pool) {
      for (String w : e.question().toLowerCase(Locale.ROOT).split("[^a-z]+")) {
        if (w.length() > 3 && words.size() < 200) {
          words.add(w);
        }
      }
    }
    return words.isEmpty() ? List.of("sum", "letters", "largest", "percent", "sort", "difference")
        : List.copyOf(words);
  }

  private static void write(Path file, List<Example> items) throws IOException {
    Files.writeString(file, items.stream().map(ExampleJson::toJson).collect(Collectors.joining("\n", "", "\n")));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
