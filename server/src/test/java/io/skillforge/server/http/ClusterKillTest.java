package io.skillforge.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.server.cluster.LocalPostgres;
import io.skillforge.server.jobs.bench.NodeProcesses;
import io.skillforge.server.jobs.stat.WorldData;
import io.skillforge.server.store.pg.PgDatabase;
import io.skillforge.skills.CatalogFiles;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.synthesis.teacher.sim.SimOptions;
import io.skillforge.synthesis.teacher.sim.TeacherSim;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code serve --cluster} processes on loopback, sharing a real PostgreSQL (see {@link
 * LocalPostgres}) and a data directory, label 20,000 items through teacher-sim. Part way, the node
 * holding the job is killed with SIGKILL; the job finishes on another node with the labelled
 * dataset an uninterrupted single server makes, and the two runs together ask the teacher exactly
 * the calls the single server asked: no answer the dead node had been given is paid for again,
 * because the teacher's answers are cached in PostgreSQL for every node. A proxy between the nodes
 * and teacher-sim records the calls and holds back answers once the kill is decided, as a dying
 * node never gets them. Progress of the job is followed on a node that does not run it (the
 * clustered event bus), and /health on a survivor sees the dead member leave and its share of the
 * teacher's rate limits grow from a third to a half. An import on one survivor reaches the other's
 * index through the examples in PostgreSQL. Then a distillation job (STAT-Syn through the
 * same teacher) loses its node during synthesis, and the last node finishes it with the training
 * set the single server made, without asking again a call whose answer had been given.
 */
class ClusterKillTest {
  private static final String TOKEN = "cluster-test-token";
  private static final int ITEMS = 20_000;
  private static final String LABEL = "{\"kind\":\"label\",\"dataset\":\"big\",\"catalog\":\"world\","
      + "\"out\":\"big-labelled\"}";
  private static final String DISTILL = "{\"kind\":\"distill\",\"train\":\"pool\",\"validation\":\"validation\","
      + "\"test\":\"test\",\"student\":\"s0\",\"catalog\":\"world\",\"stat\":{\"budget\":120,\"steps\":6,"
      + "\"threads\":1,\"max-tokens\":40}}";
  private static final String TRAINING = "run/round-1/training.jsonl";

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void killedNodesJobs_finishOnTheOthers_withTheSingleServersResultsAndCalls() throws Exception {
    String database = LocalPostgres.shared().newDatabase();
    Path reference = dir.resolve("reference");
    Path shared = dir.resolve("shared");
    seed(reference);
    SmallWorld.copy(reference, shared);
    Vertx vertx = Vertx.vertx();
    TeacherSim sim = new TeacherSim(vertx, SimOptions.defaults());
    Await.result(sim.start());
    try (NodeProcesses nodes = new NodeProcesses(dir.resolve("logs"));
        RecordingProxy proxy = new RecordingProxy(vertx, "http://127.0.0.1:" + sim.port()).start();
        PgDatabase db = PgDatabase.connect(vertx, database, null, 2)) {
      // What a single server asks and makes.
      String referenceLabels;
      int referenceCalls;
      String referenceTraining;
      int referenceDistillCalls;
      try (ServerFixture server = ServerFixture.start(reference, teacherAt(proxy.baseUrl()))) {
        String id = new JsonObject(server.post("/jobs", LABEL).body()).getString("id");
        EventClient.open(server, "/jobs/" + id + "/events").awaitEnd(300);
        assertEquals("succeeded", new JsonObject(server.get("/jobs/" + id).body()).getString("state"));
        referenceLabels = Files.readString(reference.resolve("datasets/big-labelled.jsonl"));
        referenceCalls = proxy.calls().size();
        proxy.delay(100); // synthesis then takes a few seconds, long enough to be caught part way
        String distill = new JsonObject(server.post("/jobs", DISTILL).body()).getString("id");
        EventClient.open(server, "/jobs/" + distill + "/events").awaitEnd(300);
        assertEquals("succeeded", new JsonObject(server.get("/jobs/" + distill).body()).getString("state"));
        referenceTraining = Files.readString(reference.resolve("jobs/" + distill + "/" + TRAINING));
        referenceDistillCalls = proxy.calls().size() - referenceCalls;
        proxy.delay(0);
      }
      assertEquals(ITEMS, referenceLabels.lines().count());

      Map<String, String> env = nodeEnv(proxy.baseUrl(), database, "test-" + ProcessHandle.current().pid());
      Map<String, String> bases = new LinkedHashMap<>();
      for (String name : List.of("n1", "n2", "n3")) {
        bases.put(name, nodes.start(name, shared, env, "384m"));
      }
      awaitMembers(bases.get("n1"), 3);

      int start = proxy.calls().size();
      String id = new JsonObject(post(bases.get("n1"), "/jobs", LABEL).body()).getString("id");
      String holder = awaitHolder(bases.get("n2"), id);
      String watcher = bases.keySet().stream().filter(n -> !n.equals(holder)).findFirst().orElseThrow();
      awaitLabelledOnAnotherNode(bases.get(watcher), id, ITEMS / 4);
      proxy.freeze(true);
      awaitCached(db, proxy, start, 0);
      nodes.kill(holder); // SIGKILL
      List<RecordingProxy.Call> beforeKill = proxy.calls().subList(start, proxy.calls().size());
      Set<String> answered = beforeKill.stream().filter(c -> c.delivered).map(c -> c.digest)
          .collect(Collectors.toSet());
      assertTrue(answered.size() >= referenceCalls / 4 && answered.size() < referenceCalls,
          "the kill came part way: " + answered.size() + " of " + referenceCalls + " calls answered");

      proxy.freeze(false);
      String survivor = watcher;
      JsonObject job = awaitEnd(bases.get(survivor), id, 300);
      assertEquals("succeeded", job.getString("state"), job.encodePrettily());
      assertEquals(2, job.getInteger("attempts"), "the job ran once more, on another node");
      assertNotEquals(holder, job.getString("node"));

      List<RecordingProxy.Call> afterKill = proxy.calls().subList(start + beforeKill.size(), proxy.calls().size());
      for (RecordingProxy.Call call : afterKill) {
        assertFalse(answered.contains(call.digest), "a call answered before the kill was asked again");
      }
      assertEquals(referenceCalls, answered.size() + afterKill.size(),
          "the cluster asked the teacher other calls than the single server (besides the calls in flight)");
      assertEquals(withoutTimes(referenceLabels), withoutTimes(Files.readString(shared.resolve("datasets/big-labelled.jsonl"))),
          "the cluster labelled other items than the single server");
      awaitMembers(bases.get(survivor), 2);

      // An import on one node reaches the other's index through the examples in PostgreSQL.
      String other = bases.keySet().stream().filter(n -> !n.equals(holder) && !n.equals(survivor)).findFirst()
          .orElseThrow();
      String imported = new JsonObject(post(bases.get(survivor), "/jobs", "{\"kind\":\"import\",\"dataset\":\"pool\"}")
          .body()).getString("id");
      assertEquals("succeeded", awaitEnd(bases.get(other), imported, 120).getString("state"));
      JsonObject here = new JsonObject(get(bases.get(survivor), "/index/stats").body());
      assertTrue(here.getLong("documents") > 250, here.encode());
      assertEquals(here.getLong("documents"), awaitIndexed(bases.get(other), here.getLong("documents")),
          "the other node's index did not follow");

      // A distillation job, its node killed during synthesis: the last node finishes it.
      proxy.delay(100);
      int distillStart = proxy.calls().size();
      long cachedBefore = cachedAnswers(db);
      String distill = new JsonObject(post(bases.get(survivor), "/jobs", DISTILL).body()).getString("id");
      String others = bases.keySet().stream().filter(n -> !n.equals(holder)).collect(Collectors.joining(","));
      String distiller = awaitHolder(bases.get(survivor), distill);
      String last = List.of(others.split(",")).stream().filter(n -> !n.equals(distiller)).findFirst().orElseThrow();
      awaitSynthesisOnAnotherNode(bases.get(last), distill);
      proxy.freeze(true);
      awaitCached(db, proxy, distillStart, cachedBefore);
      nodes.kill(distiller); // SIGKILL
      List<RecordingProxy.Call> beforeSecondKill = proxy.calls().subList(distillStart, proxy.calls().size());
      Set<String> answeredBefore = beforeSecondKill.stream().filter(c -> c.delivered).map(c -> c.digest)
          .collect(Collectors.toSet());
      proxy.freeze(false);
      JsonObject distilled = awaitEnd(bases.get(last), distill, 300);
      assertEquals("succeeded", distilled.getString("state"), distilled.encodePrettily());
      assertEquals(2, distilled.getInteger("attempts"));
      assertEquals(last, distilled.getString("node"));
      List<RecordingProxy.Call> afterSecondKill = proxy.calls().subList(distillStart + beforeSecondKill.size(),
          proxy.calls().size());
      for (RecordingProxy.Call call : afterSecondKill) {
        assertFalse(answeredBefore.contains(call.digest), "a synthesis call answered before the kill was asked again");
      }
      assertEquals(referenceDistillCalls, answeredBefore.size() + afterSecondKill.size(),
          "the cluster's distillation asked other calls than the single server's (besides the calls in flight)");
      assertEquals(referenceTraining, Files.readString(shared.resolve("jobs/" + distill + "/" + TRAINING)),
          "the resumed distillation made another training set");
    } finally {
      Await.result(sim.close());
      Await.result(vertx.close());
    }
  }

  /** The labelled items without the time each was stamped at. */
  private static String withoutTimes(String jsonl) {
    return jsonl.replaceAll("\"createdAt\":\"[^\"]*\",?", "");
  }

  private static void seed(Path data) throws Exception {
    SmallWorld.seed(data);
    List<Example> items = new WorldData(new NearDuplicateSet(0.8))
        .draw(ITEMS, 21, SkillMix.uniform(), 0.2, "big", "train", false);
    Files.createDirectories(data.resolve("datasets"));
    Files.writeString(data.resolve("datasets/big.jsonl"),
        items.stream().map(ExampleJson::toJson).collect(Collectors.joining("\n", "", "\n")));
    CatalogFiles.write(SkillWorld.catalog(), data.resolve("catalogs/world.json"));
  }

  private static Map<String, String> teacherAt(String url) {
    Map<String, String> env = new HashMap<>();
    env.put("SKILLFORGE_TEACHER_KIND", "openai-compatible");
    env.put("SKILLFORGE_TEACHER_BASE_URL", url);
    // No rate limits on our side: 20,000 items are over two million prompt tokens, a minute's worth
    // at the default limit, and the test is not about pacing.
    env.put("SKILLFORGE_TEACHER_REQUESTS_PER_MINUTE", "0");
    env.put("SKILLFORGE_TEACHER_TOKENS_PER_MINUTE", "0");
    return env;
  }

  /** A node's settings: the shared store, a cluster of its own name, short leases, the teacher. */
  private static Map<String, String> nodeEnv(String teacher, String database, String cluster) {
    Map<String, String> env = teacherAt(teacher);
    env.put("SKILLFORGE_SERVER_TOKEN", TOKEN);
    env.put("SKILLFORGE_CLUSTER_STORE", "postgres");
    env.put("SKILLFORGE_CLUSTER_URL", database);
    env.put("SKILLFORGE_CLUSTER_NAME", cluster);
    env.put("SKILLFORGE_CLUSTER_LEASE_SECONDS", "3");
    env.put("SKILLFORGE_CLUSTER_HAZELCAST_CONFIG", Path.of("../conf/hazelcast.xml").toAbsolutePath().toString());
    return env;
  }

  private HttpResponse<String> get(String base, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN)
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String base, String path, String json) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until /health on {@code base} lists {@code count} members, and the node keeps 1/count of the teacher's limits. */
  private void awaitMembers(String base, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonObject health = null;
    while (System.nanoTime() < deadline) {
      health = new JsonObject(get(base, "/health").body());
      JsonObject cluster = health.getJsonObject("cluster");
      if (cluster.getJsonArray("members").size() == count
          && Math.abs(cluster.getDouble("teacherShare") - 1.0 / count) < 1e-9) {
        assertTrue(health.getJsonObject("store").getBoolean("reachable"));
        return;
      }
      TimeUnit.MILLISECONDS.sleep(200); // membership is Hazelcast's to settle; polled
    }
    throw new AssertionError("the cluster never had " + count + " members: " + health);
  }

  /** The node that runs the job, as another node's API tells. */
  private String awaitHolder(String base, String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      JsonObject job = new JsonObject(get(base, "/jobs/" + id).body());
      if ("running".equals(job.getString("state")) && job.getString("node") != null) {
        return job.getString("node");
      }
      TimeUnit.MILLISECONDS.sleep(100); // the claim happens in another process; polled
    }
    throw new AssertionError("no node claimed job " + id);
  }

  /** Follows the job's events on a node that does not run it, until {@code items} are labelled. */
  private void awaitLabelledOnAnotherNode(String base, String id, int items) throws Exception {
    try (Stream<String> lines = client.send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + id + "/events"))
        .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofLines()).body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("data: ")) {
          JsonObject event = new JsonObject(line.substring(6));
          if ("label".equals(event.getString("stage")) && event.getLong("done") >= items
              && event.getLong("done") < event.getLong("total")) {
            return;
          }
          if ("state".equals(event.getString("type")) && "succeeded".equals(event.getString("state"))) {
            throw new AssertionError("the job ended before the kill: " + event);
          }
        }
      }
    }
    throw new AssertionError("the events ended before the job was part way");
  }

  /** Waits until the node's index holds {@code documents} examples; returns what it holds. */
  private long awaitIndexed(String base, long documents) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long held = -1;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> stats = get(base, "/index/stats");
      held = stats.statusCode() == 200 ? new JsonObject(stats.body()).getLong("documents") : -1;
      if (held == documents) {
        return held;
      }
      TimeUnit.MILLISECONDS.sleep(200); // the node follows the change log once a second; polled
    }
    return held;
  }

  private static long cachedAnswers(PgDatabase db) {
    return db.query("SELECT COUNT(*) FROM teacher_answers").iterator().next().getLong(0);
  }

  /** Follows the job's events on a node that does not run it, until synthesis is part way. */
  private void awaitSynthesisOnAnotherNode(String base, String id) throws Exception {
    try (Stream<String> lines = client.send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + id + "/events"))
        .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofLines()).body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("data: ")) {
          JsonObject event = new JsonObject(line.substring(6));
          if ("round 1: synthesize".equals(event.getString("stage")) && event.getLong("done") > 0
              && event.getLong("done") < event.getLong("total")) {
            return;
          }
          if ("state".equals(event.getString("type")) && "succeeded".equals(event.getString("state"))) {
            throw new AssertionError("the distillation ended before synthesis was under way: " + event);
          }
        }
      }
    }
    throw new AssertionError("the events ended before synthesis was under way");
  }

  /**
   * Waits until every answer the proxy delivered since {@code start} is in the shared cache (which
   * held {@code cachedBefore} answers then), so the kill loses none half stored.
   */
  private static void awaitCached(PgDatabase db, RecordingProxy proxy, int start, long cachedBefore)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long delivered = -1;
    long cached = -1;
    while (System.nanoTime() < deadline) {
      List<RecordingProxy.Call> calls = proxy.calls();
      delivered = calls.subList(start, calls.size()).stream().filter(c -> c.delivered).count();
      cached = cachedAnswers(db) - cachedBefore;
      if (cached == delivered) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(20); // another process writes the cache; polled
    }
    throw new AssertionError("the node did not cache the answers it was given: " + delivered + " delivered, "
        + cached + " cached");
  }

  private JsonObject awaitEnd(String base, String id, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    JsonObject job = null;
    while (System.nanoTime() < deadline) {
      job = new JsonObject(get(base, "/jobs/" + id).body());
      if (!"queued".equals(job.getString("state")) && !"running".equals(job.getString("state"))) {
        return job;
      }
      TimeUnit.MILLISECONDS.sleep(250); // the job runs in another process; polled
    }
    throw new AssertionError("job " + id + " did not end in " + seconds + " s: " + job);
  }
}
