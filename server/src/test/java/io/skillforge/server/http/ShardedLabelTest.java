package io.skillforge.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A label job split into parts on one server: each part is a job of its own, the joined labels are
 * the unsharded job's, and the teacher is asked the same calls.
 */
class ShardedLabelTest {
  private static Vertx vertx;
  private static TeacherSim sim;

  @TempDir Path dir;

  @BeforeAll
  static void sim() {
    vertx = Vertx.vertx();
    sim = new TeacherSim(vertx, SimOptions.defaults());
    Await.result(sim.start());
  }

  @AfterAll
  static void close() {
    Await.result(sim.close());
    Await.result(vertx.close());
  }

  @Test
  void partsLabelWhatTheWholeJobLabels_withTheSameCalls() throws Exception {
    String whole = label(dir.resolve("whole"), "{\"kind\":\"label\",\"dataset\":\"pool\",\"catalog\":\"world\","
        + "\"out\":\"labelled\"}", 2);
    long wholeCalls = lastCalls;
    String parted = label(dir.resolve("parted"), "{\"kind\":\"label\",\"dataset\":\"pool\",\"catalog\":\"world\","
        + "\"out\":\"labelled\",\"shards\":3}", 3);
    assertEquals(wholeCalls, lastCalls, "the parts asked other calls than the whole job");
    assertEquals(withoutTimes(whole), withoutTimes(parted));
    assertEquals(300, parted.lines().count());
  }

  @Test
  void twoShardedJobsOnOneWorker_bothFinish() throws Exception {
    Path data = dir.resolve("one");
    seed(data);
    try (ServerFixture server = new ServerFixture(data, teacher(), ServerFixture.defaults(data))) {
      List<String> ids = new java.util.ArrayList<>();
      for (String out : List.of("first", "second")) {
        ids.add(new JsonObject(server.post("/jobs", "{\"kind\":\"label\",\"dataset\":\"pool\",\"catalog\":\"world\","
            + "\"out\":\"" + out + "\",\"shards\":2}").body()).getString("id"));
      }
      for (String id : ids) {
        EventClient.open(server, "/jobs/" + id + "/events").awaitEnd(120);
        JsonObject job = new JsonObject(server.get("/jobs/" + id).body());
        assertEquals("succeeded", job.getString("state"), "the parts run beside the jobs that wait for them: "
            + job.encode());
      }
    }
  }

  @Test
  void aStopWhileThePartsRun_leavesThemBe_andTheJobFinishesAfterTheRestart() throws Exception {
    Path data = dir.resolve("stopped");
    seed(data);
    TeacherSim slow = new TeacherSim(vertx, SimOptions.defaults().withLatencyMs(150));
    Await.result(slow.start());
    Map<String, String> env = Map.of("SKILLFORGE_TEACHER_KIND", "openai-compatible", "SKILLFORGE_TEACHER_BASE_URL",
        slow.baseUrl(), "SKILLFORGE_TEACHER_MAX_CONCURRENCY", "1");
    try {
      String id;
      try (ServerFixture server = new ServerFixture(data, env, ServerFixture.defaults(data))) {
        id = new JsonObject(server.post("/jobs", "{\"kind\":\"label\",\"dataset\":\"pool\",\"catalog\":\"world\","
            + "\"out\":\"labelled\",\"shards\":3}").body()).getString("id");
        EventClient.open(server, "/jobs/" + id + "/events").await(e -> "label".equals(e.data().getString("stage"))
            && e.data().getLong("done", 0L) > 0, 60);
      } // a stop, not a crash: the job and its parts are interrupted
      try (ServerFixture server = new ServerFixture(data, env, ServerFixture.defaults(data))) {
        EventClient.open(server, "/jobs/" + id + "/events").awaitEnd(120);
        JsonObject job = new JsonObject(server.get("/jobs/" + id).body());
        assertEquals("succeeded", job.getString("state"), job.encode());
        assertEquals(2, job.getInteger("attempts"));
        for (int p = 1; p <= 3; p++) {
          assertEquals("succeeded", new JsonObject(server.get("/jobs/" + id + "-p" + p).body()).getString("state"));
        }
      }
      assertEquals(300, Files.readString(data.resolve("datasets/labelled.jsonl")).lines().count());
    } finally {
      Await.result(slow.close());
    }
  }

  private long lastCalls;

  private String label(Path data, String body, int workers) throws Exception {
    seed(data);
    long before = sim.stats().chatCalls();
    try (ServerFixture server = new ServerFixture(data, teacher(),
        ServerFixture.defaults(data).withQueue(workers, 8))) {
      JsonObject job = new JsonObject(server.post("/jobs", body).body());
      String id = job.getString("id");
      EventClient.open(server, "/jobs/" + id + "/events").awaitEnd(120);
      JsonObject done = new JsonObject(server.get("/jobs/" + id).body());
      assertEquals("succeeded", done.getString("state"), done.encodePrettily());
      assertEquals(300, done.getJsonObject("result").getInteger("written"));
      if (body.contains("shards")) {
        int covered = 0;
        for (int p = 1; p <= 3; p++) {
          JsonObject part = new JsonObject(server.get("/jobs/" + id + "-p" + p).body());
          assertEquals("succeeded", part.getString("state"), part.encode());
          JsonObject items = part.getJsonObject("params").getJsonObject("items");
          assertEquals(covered, items.getInteger("from"), "parts follow each other");
          assertEquals(0, items.getInteger("from") % 8, "a part starts on a group's boundary");
          covered = items.getInteger("to");
        }
        assertEquals(300, covered);
        assertEquals(404, server.get("/jobs/" + id + "-p4").statusCode());
      }
    }
    lastCalls = sim.stats().chatCalls() - before;
    return Files.readString(data.resolve("datasets/labelled.jsonl"));
  }

  private static Map<String, String> teacher() {
    return Map.of("SKILLFORGE_TEACHER_KIND", "openai-compatible", "SKILLFORGE_TEACHER_BASE_URL", sim.baseUrl());
  }

  private static String withoutTimes(String jsonl) {
    return jsonl.replaceAll("\"createdAt\":\"[^\"]*\",?", "");
  }

  private static void seed(Path data) throws Exception {
    List<Example> pool = new WorldData(new NearDuplicateSet(0.8))
        .draw(300, 13, SkillMix.zipf(1.2), 0.2, "seed", "train", false);
    Files.createDirectories(data.resolve("datasets"));
    Files.writeString(data.resolve("datasets/pool.jsonl"),
        pool.stream().map(ExampleJson::toJson).collect(Collectors.joining("\n", "", "\n")));
    CatalogFiles.write(SkillWorld.catalog(), data.resolve("catalogs/world.json"));
  }
}
