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
  void aShardedJobOnOneWorker_isRefusedSayingWhy() throws Exception {
    Path data = dir.resolve("one");
    seed(data);
    try (ServerFixture server = new ServerFixture(data, teacher(), ServerFixture.defaults(data))) {
      String id = new JsonObject(server.post("/jobs", "{\"kind\":\"label\",\"dataset\":\"pool\",\"catalog\":\"world\","
          + "\"out\":\"labelled\",\"shards\":2}").body()).getString("id");
      EventClient.open(server, "/jobs/" + id + "/events").awaitEnd(60);
      JsonObject job = new JsonObject(server.get("/jobs/" + id).body());
      assertEquals("failed", job.getString("state"));
      assertTrue(job.getJsonObject("error").getString("detail").contains("server.workers"), job.encode());
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
