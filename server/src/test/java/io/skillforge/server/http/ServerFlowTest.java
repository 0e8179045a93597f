package io.skillforge.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.server.jobs.stat.WorldData;
import io.skillforge.skills.CatalogFiles;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.synthesis.teacher.sim.SimOptions;
import io.skillforge.synthesis.teacher.sim.TeacherSim;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow over HTTP on a small skill world, with the LLM teacher talking to teacher-sim:
 * upload, label, train a tiny student, probe it, import and search, then a distillation round
 * (diagnose, profile, synthesize, fine-tune, report) whose artifacts download; events arrive in
 * order, and a cancelled job stops.
 */
class ServerFlowTest {
  @TempDir static Path dir;
  static TeacherSim sim;
  static ServerFixture server;

  @BeforeAll
  static void start() {
    server = null;
    io.vertx.core.Vertx simVertx = io.vertx.core.Vertx.vertx();
    sim = new TeacherSim(simVertx, SimOptions.defaults());
    Await.result(sim.start());
    Map<String, String> env = new HashMap<>();
    env.put("SKILLFORGE_TEACHER_KIND", "openai-compatible");
    env.put("SKILLFORGE_TEACHER_BASE_URL", sim.baseUrl());
    server = ServerFixture.start(dir.resolve("data"), env);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    Await.result(sim.close());
  }

  private static String jsonl(List<Example> items, boolean withSkills) {
    return items.stream().map(e -> ExampleJson.toJson(withSkills ? e : e.withSkills(List.of())))
        .collect(Collectors.joining("\n", "", "\n"));
  }

  private static JsonObject submit(String body) throws Exception {
    HttpResponse<String> r = server.post("/jobs", body);
    assertEquals(202, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Location").orElse("").startsWith("/jobs/"));
    return new JsonObject(r.body());
  }

  /** Follows the job's events to its end; checks they come in order; returns the job. */
  private static JsonObject finish(JsonObject job, List<EventClient.Event> sink) throws Exception {
    String id = job.getString("id");
    List<EventClient.Event> events = EventClient.open(server, "/jobs/" + id + "/events").awaitEnd(300);
    sink.addAll(events);
    assertEquals("end", events.get(events.size() - 1).name(), events.toString());
    long last = -1;
    Map<String, Long> done = new HashMap<>();
    for (EventClient.Event e : events) {
      if (e.id() > 0) {
        assertTrue(e.id() > last, "event numbers go up: " + events);
        last = e.id();
      }
      if (e.name().equals("progress")) {
        String stage = e.data().getString("stage");
        long d = e.data().getLong("done");
        assertTrue(d >= done.getOrDefault(stage, 0L), "progress of " + stage + " goes back: " + events);
        done.put(stage, d);
      }
    }
    JsonObject ended = new JsonObject(server.get("/jobs/" + id).body());
    assertEquals("succeeded", ended.getString("state"), ended.encodePrettily());
    return ended;
  }

  @Test
  void wholeFlow_overHttp() throws Exception {
    WorldData world = new WorldData(new NearDuplicateSet(0.8));
    List<Example> test = world.draw(40, 7, SkillMix.uniform(), 0.2, "test", "test", true);
    List<Example> validation = world.draw(60, 11, SkillMix.uniform(), 0.2, "val", "validation", true);
    List<Example> pool = world.draw(300, 13, SkillMix.zipf(1.2), 0.2, "seed", "train", false);

    HttpResponse<String> upload = server.put("/datasets/pool", "application/x-ndjson",
        jsonl(pool, false) + "{broken\n");
    assertEquals(201, upload.statusCode(), upload.body());
    JsonObject uploaded = new JsonObject(upload.body());
    assertEquals(300, uploaded.getLong("items"));
    assertEquals(1, uploaded.getLong("rejected"));
    assertEquals(301, uploaded.getJsonArray("rejections").getJsonObject(0).getLong("line"));
    assertEquals(201, server.put("/datasets/validation", "application/octet-stream", jsonl(validation, true))
        .statusCode());
    assertEquals(201, server.put("/datasets/test", "application/octet-stream", jsonl(test, true)).statusCode());
    assertEquals(201, server.put("/catalogs/world", "application/json", CatalogFiles.toJson(SkillWorld.catalog()))
        .statusCode());

    List<EventClient.Event> labelEvents = new java.util.ArrayList<>();
    long callsBefore = sim.stats().chatCalls();
    JsonObject label = finish(submit("{\"kind\":\"label\",\"dataset\":\"pool\",\"catalog\":\"world\","
        + "\"out\":\"pool-labelled\"}"), labelEvents);
    assertEquals(300, label.getJsonObject("result").getInteger("written"));
    assertTrue(sim.stats().chatCalls() > callsBefore, "the teacher was asked over HTTP");
    JsonObject lastProgress = labelEvents.stream().filter(e -> e.name().equals("progress"))
        .reduce((a, b) -> b).orElseThrow().data();
    assertEquals(300, lastProgress.getLong("done"));
    assertEquals(300, lastProgress.getLong("total"));
    assertTrue(lastProgress.getJsonObject("teacher").getLong("calls") > 0, lastProgress.encode());
    List<String> labelled = Files.readAllLines(server.dataDir.resolve("datasets/pool-labelled.jsonl"));
    assertEquals(300, labelled.size());
    for (int i = 0; i < pool.size(); i++) {
      assertEquals(pool.get(i).skills(), ExampleJson.fromNode(new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(labelled.get(i))).skills(), "teacher-sim labels the world exactly");
    }

    finish(submit("{\"kind\":\"import\",\"dataset\":\"pool-labelled\"}"), new java.util.ArrayList<>());
    JsonObject stats = new JsonObject(server.get("/index/stats").body());
    assertEquals(300, stats.getLong("documents"));
    JsonArray hits = new JsonObject(server.get("/index/search?skill=" + pool.get(0).skills().get(0) + "&limit=5")
        .body()).getJsonArray("hits");
    assertFalse(hits.isEmpty());
    assertTrue(hits.getJsonObject(0).getJsonArray("skills").contains(pool.get(0).skills().get(0)));

    finish(submit("{\"kind\":\"train\",\"data\":\"pool-labelled\",\"out\":\"s0\",\"steps\":30,\"seed\":5,"
        + "\"dim\":32,\"layers\":1,\"heads\":2,\"context\":192,\"threads\":1}"), new java.util.ArrayList<>());
    JsonObject students = new JsonObject(server.get("/students").body());
    assertEquals("s0", students.getJsonArray("students").getJsonObject(0).getString("name"));
    HttpResponse<String> models = server.get("/students/s0/v1/models");
    assertEquals(200, models.statusCode(), models.body());
    assertTrue(models.body().contains("\"s0\""), models.body());

    JsonObject probe = finish(submit("{\"kind\":\"probe\",\"student\":\"s0\",\"dataset\":\"validation\","
        + "\"maxTokens\":40}"), new java.util.ArrayList<>());
    JsonObject summary = probe.getJsonObject("result").getJsonObject("summary");
    assertEquals(60, summary.getInteger("items"), summary.encodePrettily());
    assertTrue(probe.getJsonArray("artifacts").stream().anyMatch(a -> ((JsonObject) a).getString("name")
        .equals("probe.jsonl")));

    skillGapReports();
    statStepsAsJobs(probe.getString("id"));
    arteAsAJob();

    List<EventClient.Event> distillEvents = new java.util.ArrayList<>();
    JsonObject distill = finish(submit("{\"kind\":\"distill\",\"train\":\"pool-labelled\",\"validation\":\"validation\","
        + "\"test\":\"test\",\"student\":\"s0\",\"out\":\"s1\",\"catalog\":\"world\",\"stat\":{\"budget\":120,"
        + "\"steps\":6,\"threads\":1,\"max-tokens\":40}}"), distillEvents);
    JsonObject round = distill.getJsonObject("result").getJsonArray("rounds").getJsonObject(0);
    assertTrue(round.getInteger("difficult") > 0, round.encodePrettily());
    assertTrue(round.getJsonObject("data").getInteger("synthesized") > 0, "STAT-Syn wrote new items");
    List<String> stages = distillEvents.stream().filter(e -> e.name().equals("progress"))
        .map(e -> e.data().getString("stage")).distinct().toList();
    for (String expected : List.of("round 1: probe", "round 1: diagnose", "round 1: synthesize", "round 1: train",
        "round 1: evaluate after")) {
      assertTrue(stages.contains(expected), "no " + expected + " in " + stages);
    }
    assertTrue(stages.indexOf("round 1: synthesize") < stages.indexOf("round 1: train"), stages.toString());
    Map<String, String> artifacts = distill.getJsonArray("artifacts").stream().map(a -> (JsonObject) a)
        .collect(Collectors.toMap(a -> a.getString("name"), a -> a.getString("url")));
    HttpResponse<String> html = server.get(artifacts.get("run/round-1/report.html"));
    assertEquals(200, html.statusCode());
    assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(html.body().contains("<svg"), "the report draws its charts");
    HttpResponse<String> training = server.get(artifacts.get("run/round-1/training.jsonl"));
    assertEquals(120, new JsonObject(server.get(artifacts.get("run/round-1/data.json")).body()).getInteger("draws"));
    assertFalse(training.body().isBlank());
    assertTrue(server.get(artifacts.get("run/round-1/profile.json")).body().contains("difficult"));
    assertEquals(200, server.get("/students/s1").statusCode(), "the distilled student is stored as s1");

    String metrics = server.get("/metrics").body();
    for (String name : List.of("skillforge_jobs{state=\"succeeded\"}", "skillforge_jobs_ended_total",
        "skillforge_teacher_calls_total", "skillforge_teacher_cache_hit_ratio", "skillforge_event_loop_delay_seconds_count",
        "vertx_http_server_requests_total")) {
      assertTrue(metrics.contains(name), name + " is missing from /metrics");
    }
    double teacherCalls = metrics.lines().filter(l -> l.startsWith("skillforge_teacher_calls_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    assertTrue(teacherCalls > 0, "teacher calls are counted");
  }

  /** ARTE for the stored student: cell scores, DPO pairs and the tailored set as artifacts. */
  private static void arteAsAJob() throws Exception {
    JsonObject arte = finish(submit("{\"kind\":\"arte\",\"train\":\"pool-labelled\",\"validation\":\"validation\","
        + "\"test\":\"test\",\"student\":\"s0\",\"skills\":[\"compare\"],\"items\":10,\"questionsPerStyle\":4,"
        + "\"lookaheadSteps\":2,\"preferenceItems\":6}"), new java.util.ArrayList<>());
    JsonObject result = arte.getJsonObject("result");
    assertEquals(8, result.getJsonArray("cells").size(), "2 question styles x 4 strategies: " + result.encode());
    assertEquals(10, result.getInteger("tailoredItems"));
    Map<String, String> artifacts = arte.getJsonArray("artifacts").stream().map(a -> (JsonObject) a)
        .collect(Collectors.toMap(a -> a.getString("name"), a -> a.getString("url")));
    HttpResponse<String> tailored = server.get(artifacts.get("arte/tailored.jsonl"));
    assertEquals(200, tailored.statusCode());
    assertEquals(10, tailored.body().lines().count());
    HttpResponse<String> pairs = server.get(artifacts.get("arte/dpo-rationales.jsonl"));
    assertEquals(200, pairs.statusCode());
    assertEquals(result.getInteger("rationalePairs").longValue(), pairs.body().lines().count());
    pairs.body().lines().forEach(line -> assertEquals(java.util.Set.of("prompt", "chosen", "rejected"),
        new JsonObject(line).fieldNames()));
    HttpResponse<String> refused = server.post("/jobs",
        "{\"kind\":\"arte\",\"train\":\"pool-labelled\",\"validation\":\"validation\",\"student\":\"s0\","
            + "\"questionsPerStyle\":2}");
    assertEquals(400, refused.statusCode(), "below the contract's minimum: " + refused.body());
  }

  /** The round's steps as jobs of their own: profile a probe job, then STAT-Sel and STAT-Syn data from it. */
  private static void statStepsAsJobs(String probeJob) throws Exception {
    JsonObject profile = finish(submit("{\"kind\":\"profile\",\"probe\":\"" + probeJob + "\",\"dataset\":\"validation\","
        + "\"catalog\":\"world\"}"), new java.util.ArrayList<>());
    assertTrue(profile.getJsonObject("result").getInteger("pairs") > 0, profile.encodePrettily());
    for (String kind : List.of("select", "synthesize")) {
      JsonObject data = finish(submit("{\"kind\":\"" + kind + "\",\"profile\":\"" + profile.getString("id")
          + "\",\"dataset\":\"validation\",\"catalog\":\"world\",\"evaluation\":[\"validation\",\"test\"],"
          + "\"stat\":{\"budget\":80}}"), new java.util.ArrayList<>());
      assertEquals(80, data.getJsonObject("result").getInteger("draws"), data.encodePrettily());
      assertEquals(kind.equals("synthesize"), data.getJsonObject("result").getInteger("synthesized") > 0);
      assertTrue(data.getJsonArray("artifacts").stream().anyMatch(a -> ((JsonObject) a).getString("name")
          .equals("training.jsonl")), data.encodePrettily());
    }
  }

  /** Reports on demand: probing when none is fresh, then served; a forced new one compares with the last. */
  private static void skillGapReports() throws Exception {
    String url = "/students/s0/skill-gaps?dataset=validation";
    HttpResponse<String> probing = server.get(url);
    assertEquals(202, probing.statusCode(), probing.body());
    JsonObject job = new JsonObject(probing.body()).getJsonObject("job");
    assertEquals(job.getString("id"), new JsonObject(server.get(url).body()).getJsonObject("job").getString("id"),
        "a second request while it probes waits for the same job");
    finish(job, new java.util.ArrayList<>());
    HttpResponse<String> first = server.get(url);
    assertEquals(200, first.statusCode(), first.body());
    JsonObject report = new JsonObject(first.body());
    assertEquals(60, report.getInteger("items"));
    assertFalse(report.getJsonObject("perSkill").isEmpty());
    assertTrue(report.getJsonObject("profile").containsKey("counts"), report.encodePrettily());
    assertTrue(report.getInteger("difficult") > 0);
    assertFalse(report.getJsonArray("failures").isEmpty(), "example failures");
    assertEquals(null, report.getValue("previous"));
    HttpResponse<String> page = server.get(url + "&format=html");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<svg") && page.body().contains("Skill gaps of s0 on validation"));

    HttpResponse<String> forced = server.get(url + "&maxAgeSeconds=0");
    assertEquals(202, forced.statusCode(), "a report older than maxAgeSeconds is made again");
    finish(new JsonObject(forced.body()).getJsonObject("job"), new java.util.ArrayList<>());
    JsonObject second = new JsonObject(server.get(url).body());
    assertEquals(report.getString("job"), second.getJsonObject("previous").getString("job"));
    assertEquals(0.0, second.getJsonObject("change").getDouble("accuracy"), 1e-12,
        "the same student on the same items: no change");
  }

  @Test
  void endpointStudents_registerListAndDelete() throws Exception {
    String body = "{\"name\":\"remote\",\"baseUrl\":\"http://127.0.0.1:8000/v1\",\"model\":\"qwen\"}";
    HttpResponse<String> created = server.post("/students", body);
    assertEquals(201, created.statusCode(), created.body());
    assertEquals(409, server.post("/students", body).statusCode(), "a name belongs to one student");
    assertEquals(400, server.post("/students", "{\"name\":\"bad\",\"baseUrl\":\"ftp://x/v1\",\"model\":\"m\"}")
        .statusCode());
    JsonObject remote = new JsonObject(server.get("/students/remote").body());
    assertEquals("endpoint", remote.getString("kind"));
    assertEquals("http://127.0.0.1:8000/v1", remote.getString("baseUrl"));
    assertTrue(server.get("/students").body().contains("\"remote\""));
    assertEquals(204, server.delete("/students/remote").statusCode());
    assertEquals(404, server.get("/students/remote").statusCode());
  }

  @Test
  void studentThatIsDown_failsItsJobWith503() throws Exception {
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
      int port = closed.getLocalPort();
      closed.close(); // nothing listens there now
      assertEquals(201, server.post("/students", "{\"name\":\"down\",\"baseUrl\":\"http://127.0.0.1:" + port
          + "/v1\",\"model\":\"m\"}").statusCode());
    }
    WorldData world = new WorldData(new NearDuplicateSet(0.8));
    assertEquals(201, server.put("/datasets/few", "application/octet-stream",
        jsonl(world.draw(3, 31, SkillMix.uniform(), 0.0, "few", "test", false), true)).statusCode());
    JsonObject job = submit("{\"kind\":\"probe\",\"student\":\"down\",\"dataset\":\"few\"}");
    EventClient.open(server, "/jobs/" + job.getString("id") + "/events").awaitEnd(120);
    JsonObject ended = new JsonObject(server.get("/jobs/" + job.getString("id")).body());
    assertEquals("failed", ended.getString("state"), ended.encodePrettily());
    assertEquals(503, ended.getJsonObject("error").getInteger("status"), ended.encodePrettily());
    assertTrue(ended.getJsonObject("error").getString("detail").contains("127.0.0.1"), "the detail names the URL");
  }

  @Test
  void cancel_stopsARunningJob() throws Exception {
    WorldData world = new WorldData(new NearDuplicateSet(0.8));
    String data = jsonl(world.draw(60, 21, SkillMix.uniform(), 0.2, "c", "train", false), true);
    assertEquals(201, server.put("/datasets/cancel-data", "application/octet-stream", data).statusCode());
    JsonObject job = submit("{\"kind\":\"train\",\"data\":\"cancel-data\",\"out\":\"never\",\"steps\":1000000,"
        + "\"dim\":32,\"layers\":1,\"heads\":2,\"context\":192,\"threads\":1,\"saveEvery\":0}");
    String id = job.getString("id");
    EventClient events = EventClient.open(server, "/jobs/" + id + "/events");
    events.await(e -> e.name().equals("progress") && e.data().getLong("done") > 1, 120);
    HttpResponse<String> cancel = server.delete("/jobs/" + id);
    assertEquals(202, cancel.statusCode(), cancel.body());
    List<EventClient.Event> all = events.awaitEnd(60);
    EventClient.Event last = all.get(all.size() - 2);
    assertEquals("cancelled", last.data().getString("state"), all.toString());
    JsonObject ended = new JsonObject(server.get("/jobs/" + id).body());
    assertEquals("cancelled", ended.getString("state"));
    assertEquals(409, ended.getJsonObject("error").getInteger("status"));
    assertEquals(404, server.get("/students/never").statusCode(), "a cancelled training stores no student");
    assertEquals(409, server.delete("/jobs/" + id).statusCode(), "an ended job cannot be cancelled");
  }
}
