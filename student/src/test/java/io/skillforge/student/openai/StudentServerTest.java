package io.skillforge.student.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.student.Completion;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.PromptFormat;
import io.skillforge.student.Sampling;
import io.skillforge.student.TinyTasks;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.builtin.TransformerConfig;
import io.skillforge.student.probe.ItemResult;
import io.skillforge.student.probe.ProbeReport;
import io.skillforge.student.probe.ProbeSettings;
import io.skillforge.student.probe.Prober;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real checkpoint served over real HTTP on a free port. */
class StudentServerTest {
  private static final List<String> SKILLS = List.of(TinyTasks.FIRST, TinyTasks.REVERSE);
  private static final int MAX_BATCH = 16;

  @TempDir static Path dir;
  static Vertx vertx;
  static BuiltinStudent served;
  static HttpServer server;
  static URI base;

  @BeforeAll
  static void start() throws Exception {
    Path checkpoint = dir.resolve("tiny-student");
    try (BuiltinStudent s = BuiltinStudent.create(TransformerConfig.of(48, 2, 2, 48), 5)) {
      s.fineTune(TinyTasks.mixed(SKILLS, 1000, 3), FineTuneSettings.defaults(300)
          .withLearningRate(3e-3), p -> {}).toCompletableFuture().join();
      s.save(checkpoint).toCompletableFuture().join();
    }
    served = BuiltinStudent.load(checkpoint, BuiltinStudent.Options.DEFAULT
        .withName("tiny-student").withMaxBatch(MAX_BATCH));
    vertx = Vertx.vertx();
    server = StudentServer.start(vertx, served, "127.0.0.1", 0).toCompletionStage()
        .toCompletableFuture().get();
    base = URI.create("http://127.0.0.1:" + server.actualPort() + "/v1");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
    served.close();
  }

  @Test
  void probe_throughServerAndClient_sameGreedyAnswersAsInProcess() {
    List<Example> items = TinyTasks.mixed(SKILLS, 50, 42);
    ProbeSettings settings = ProbeSettings.greedy().withMaxTokens(24).withChunkItems(MAX_BATCH);
    ProbeReport local = Prober.probe(served, items, settings, n -> {}).toCompletableFuture().join();
    OpenAiStudent.Config config = OpenAiStudent.Config.of(base, "tiny-student")
        .withBatchSize(MAX_BATCH).withMaxConcurrency(4);
    try (OpenAiStudent completions = new OpenAiStudent(config.withApi(OpenAiStudent.Api.COMPLETIONS));
        OpenAiStudent chat = new OpenAiStudent(config.withApi(OpenAiStudent.Api.CHAT))) {
      ProbeReport viaCompletions = Prober.probe(completions, items, settings, n -> {})
          .toCompletableFuture().join();
      ProbeReport viaChat = Prober.probe(chat, items, settings, n -> {})
          .toCompletableFuture().join();
      assertEquals(responses(local), responses(viaCompletions));
      assertEquals(answers(local), answers(viaChat));
      assertEquals(local.perSkill(), viaCompletions.perSkill());
      // Equal answers mean something only if the answers vary and some are right.
      assertTrue(local.accuracy() > 0.2, "accuracy " + local.accuracy());
      assertTrue(new java.util.HashSet<>(answers(local)).size() > 5, "answers " + answers(local));
      assertEquals(0, completions.retries());
    }
  }

  @Test
  void completions_nChoices_rowsOrderedByPromptThenChoice() throws Exception {
    JsonObject body = new JsonObject().put("model", "tiny-student")
        .put("prompt", new io.vertx.core.json.JsonArray().add(PromptFormat.prompt("first abc"))
            .add(PromptFormat.prompt("reverse abc")))
        .put("n", 2).put("temperature", 0).put("max_tokens", 24);
    HttpResponse<String> response = post("/completions", body.encode());
    assertEquals(200, response.statusCode());
    JsonObject answer = new JsonObject(response.body());
    assertEquals(4, answer.getJsonArray("choices").size());
    List<Completion> direct = served.complete(
        List.of(PromptFormat.prompt("first abc"), PromptFormat.prompt("reverse abc")),
        Sampling.greedy(24)).toCompletableFuture().join();
    assertEquals(direct.get(0).text(), answer.getJsonArray("choices").getJsonObject(1).getString("text"));
    assertEquals(direct.get(1).text(), answer.getJsonArray("choices").getJsonObject(2).getString("text"));
    assertEquals("text_completion", answer.getString("object"));
    assertTrue(answer.getJsonObject("usage").getInteger("completion_tokens") > 0);
  }

  @Test
  void models_listsTheServedModel() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base + "/models")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    JsonObject model = new JsonObject(response.body()).getJsonArray("data").getJsonObject(0);
    assertEquals("tiny-student", model.getString("id"));
    assertEquals(48, model.getInteger("max_model_len"));
  }

  @Test
  void badRequests_getOpenAiErrors() throws Exception {
    assertError(post("/chat/completions", "{not json"), 400);
    assertError(post("/chat/completions", "{\"messages\": []}"), 400);
    assertError(post("/chat/completions",
        "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"temperature\": -1}"), 400);
    assertError(post("/completions", "{\"prompt\": 5}"), 400);
    assertError(post("/completions", "{\"prompt\": \"x\", \"max_tokens\": 100000}"), 400);
    assertError(post("/nowhere", "{}"), 404);
  }

  @Test
  void client_nonRetriableStatus_failsWithoutRetry() {
    OpenAiStudent.Config config = OpenAiStudent.Config.of(URI.create(base + "/missing"), "x");
    try (OpenAiStudent client = new OpenAiStudent(config)) {
      var failure = org.junit.jupiter.api.Assertions.assertThrows(
          java.util.concurrent.CompletionException.class,
          () -> client.generate(List.of("first abc"), Sampling.greedy(4)).toCompletableFuture()
              .join());
      assertTrue(failure.getCause() instanceof OpenAiStudent.StudentHttpException,
          String.valueOf(failure.getCause()));
      assertEquals(404, ((OpenAiStudent.StudentHttpException) failure.getCause()).status());
      assertEquals(0, client.retries());
    }
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> response, int status) {
    assertEquals(status, response.statusCode(), response.body());
    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    assertTrue(error.getString("message") != null && !error.getString("message").isBlank());
  }

  private static List<String> responses(ProbeReport report) {
    return report.items().stream().map(i -> i.responses().get(0)).toList();
  }

  private static List<String> answers(ProbeReport report) {
    return report.items().stream().map(ItemResult::answers).map(a -> a.get(0)).toList();
  }
}
