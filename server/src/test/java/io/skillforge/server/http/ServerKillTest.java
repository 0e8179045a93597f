package io.skillforge.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.concurrent.Await;
import io.skillforge.synthesis.teacher.sim.SimOptions;
import io.skillforge.synthesis.teacher.sim.TeacherSim;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server process killed with SIGKILL in the middle of a distillation job's synthesis, then
 * started again on the same data: the job resumes and ends with the training set an uninterrupted
 * run makes, and no teacher call whose answer had reached the server is asked again. The teacher
 * is the LLM teacher talking to teacher-sim through a proxy that records every call, and holds
 * back the answers once the kill is decided (as a dying server never gets them).
 */
class ServerKillTest {
  private static final String TOKEN = "kill-test-token";
  private static final String DISTILL = "{\"kind\":\"distill\",\"train\":\"pool\",\"validation\":\"validation\","
      + "\"test\":\"test\",\"student\":\"s0\",\"catalog\":\"world\",\"stat\":{\"budget\":120,\"steps\":6,"
      + "\"threads\":1,\"max-tokens\":40}}";

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void killedDuringSynthesis_resumes_andAsksNoAnsweredCallAgain() throws Exception {
    Path reference = dir.resolve("reference");
    Path killed = dir.resolve("killed");
    SmallWorld.seed(reference);
    SmallWorld.copy(reference, killed);
    Vertx vertx = Vertx.vertx();
    // 100 ms a call: synthesis takes a few seconds, so the events show it part way (progress goes out
    // at most four times a second) before it ends.
    TeacherSim sim = new TeacherSim(vertx, SimOptions.defaults().withLatencyMs(100));
    Await.result(sim.start());
    try (RecordingProxy proxy = new RecordingProxy(vertx, "http://127.0.0.1:" + sim.port()).start()) {
      // What an uninterrupted run asks and makes, on a server in this process.
      Map<String, String> env = teacherAt(proxy.baseUrl());
      String referenceTraining;
      int referenceCalls;
      try (ServerFixture server = ServerFixture.start(reference, env)) {
        String id = new JsonObject(server.post("/jobs", DISTILL).body()).getString("id");
        EventClient.open(server, "/jobs/" + id + "/events").awaitEnd(300);
        assertEquals("succeeded", new JsonObject(server.get("/jobs/" + id).body()).getString("state"));
        referenceTraining = Files.readString(server.dataDir.resolve("jobs/" + id + "/run/round-1/training.jsonl"));
        referenceCalls = proxy.calls().size();
      }

      int start = proxy.calls().size();
      Process first = serve(killed, proxy.baseUrl(), "first");
      String id;
      try {
        String base = baseUrl(first);
        id = new JsonObject(post(base, "/jobs", DISTILL).body()).getString("id");
        awaitSynthesisUnderWay(base, id);
        proxy.freeze(true);
        awaitCached(killed, proxy, start);
        first.destroyForcibly(); // SIGKILL
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
      } finally {
        first.destroyForcibly();
      }
      List<RecordingProxy.Call> beforeKill = proxy.calls().subList(start, proxy.calls().size());
      Set<String> answered = beforeKill.stream().filter(c -> c.delivered).map(c -> c.digest)
          .collect(Collectors.toSet());
      assertTrue(beforeKill.size() > referenceCalls / 4, "the kill came after some synthesis");
      assertTrue(answered.size() < referenceCalls, "the kill came before the end");
      assertFalse(Files.exists(killed.resolve("jobs/" + id + "/run/round-1/training.jsonl")));

      proxy.freeze(false);
      Process second = serve(killed, proxy.baseUrl(), "second");
      try {
        String base = baseUrl(second);
        JsonObject job = awaitEnd(base, id);
        assertEquals("succeeded", job.getString("state"), job.encodePrettily());
        assertEquals(2, job.getInteger("attempts"));
      } finally {
        second.destroyForcibly();
        second.waitFor(30, TimeUnit.SECONDS);
      }
      List<RecordingProxy.Call> afterRestart = proxy.calls().subList(start + beforeKill.size(),
          proxy.calls().size());
      for (RecordingProxy.Call call : afterRestart) {
        assertFalse(answered.contains(call.digest), "a call answered before the kill was asked again");
      }
      assertEquals(referenceCalls, answered.size() + afterRestart.size(),
          "the killed and the resumed run together asked more than one whole run (besides the calls in flight)");
      Path run = killed.resolve("jobs/" + id + "/run/round-1");
      assertEquals(referenceTraining, Files.readString(run.resolve("training.jsonl")),
          "the resumed run made another training set");
      assertEquals(120, new JsonObject(Files.readString(run.resolve("data.json"))).getInteger("draws"));
    } finally {
      Await.result(sim.close());
      Await.result(vertx.close());
    }
  }

  private static Map<String, String> teacherAt(String url) {
    Map<String, String> env = new HashMap<>();
    env.put("SKILLFORGE_TEACHER_KIND", "openai-compatible");
    env.put("SKILLFORGE_TEACHER_BASE_URL", url);
    return env;
  }

  /** {@code skillforge serve} in a process of its own. */
  private Process serve(Path data, String teacher, String name) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
        "io.skillforge.server.cli.Main", "serve", "--port", "0", "--data-dir", data.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve(name + ".err").toFile());
    builder.environment().putAll(teacherAt(teacher));
    builder.environment().put("SKILLFORGE_SERVER_TOKEN", TOKEN);
    return builder.start();
  }

  private String baseUrl(Process process) throws Exception {
    Pattern serving = Pattern.compile("serving on (http://\\S+)");
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      Matcher m = serving.matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("the server never said where it serves: " + Files.readString(dir.resolve("first.err")));
  }

  private HttpResponse<String> post(String base, String path, String json) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Stream<String> events(String base, String id) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + id + "/events"))
        .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofLines()).body();
  }

  /** Follows the events until synthesis has finished some of its pairs, but not all. */
  private void awaitSynthesisUnderWay(String base, String id) throws Exception {
    try (Stream<String> lines = events(base, id)) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("data: ")) {
          JsonObject event = new JsonObject(line.substring(6));
          if ("round 1: synthesize".equals(event.getString("stage")) && event.getLong("done") > 0
              && event.getLong("done") < event.getLong("total")) {
            return;
          }
          if ("state".equals(event.getString("type")) && !"running".equals(event.getString("state"))
              && !"queued".equals(event.getString("state"))) {
            throw new AssertionError("the job ended before synthesis was under way: " + event);
          }
        }
      }
    }
    throw new AssertionError("the events ended before synthesis was under way");
  }

  /**
   * Waits until the server has stored every answer the proxy delivered in its teacher cache, so
   * that the kill comes when no answer is half processed.
   */
  private static void awaitCached(Path data, RecordingProxy proxy, int start) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long delivered = -1;
    long cached = -1;
    while (System.nanoTime() < deadline) {
      List<RecordingProxy.Call> calls = proxy.calls();
      delivered = calls.subList(start, calls.size()).stream().filter(c -> c.delivered).count();
      try (Stream<Path> files = Files.walk(data.resolve("teacher-cache"))) {
        cached = files.filter(f -> f.toString().endsWith(".json")).count();
      }
      if (cached == delivered) {
        return;
      }
      Thread.onSpinWait();
      TimeUnit.MILLISECONDS.sleep(10); // polls files another process writes; the condition is what is awaited
    }
    try (Stream<Path> files = Files.walk(data.resolve("teacher-cache"))) {
      throw new AssertionError("the server did not cache the answers it was given: " + delivered + " delivered, "
          + cached + " cached: " + files.map(Path::toString).limit(20).toList());
    }
  }

  private JsonObject awaitEnd(String base, String id) throws Exception {
    try (Stream<String> lines = events(base, id)) {
      lines.forEach(line -> { });
    }
    return new JsonObject(client.send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + id))
        .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
  }
}
