package io.skillforge.student.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.errors.NotFoundException;
import io.skillforge.student.Completion;
import io.skillforge.student.PromptFormat;
import io.skillforge.student.Sampling;
import io.skillforge.student.TinyTasks;
import io.skillforge.student.TrainedCheckpoint;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.probe.ItemResult;
import io.skillforge.student.probe.ProbeReport;
import io.skillforge.student.probe.ProbeSettings;
import io.skillforge.student.probe.Prober;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A real checkpoint served over real HTTP on a free port. */
class StudentServerTest {
  private static final int MAX_BATCH = 16;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static Vertx vertx;
  static BuiltinStudent served;
  static HttpServer server;
  static URI base;

  @BeforeAll
  static void start() throws Exception {
    served = BuiltinStudent.load(TrainedCheckpoint.get(), BuiltinStudent.Options.DEFAULT
        .withName("tiny-student").withMaxBatch(MAX_BATCH));
    vertx = Vertx.vertx();
    server = Await.result(StudentServer.start(vertx, served, "127.0.0.1", 0));
    base = URI.create("http://127.0.0.1:" + server.actualPort() + "/v1");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      Await.result(server.close());
    }
    if (vertx != null) {
      Await.result(vertx.close());
    }
    served.close();
  }

  @Test
  void probe_throughServerAndClient_sameGreedyAnswersAsInProcess() {
    List<Example> items = TinyTasks.mixed(TrainedCheckpoint.SKILLS, 50, 42);
    ProbeSettings settings = ProbeSettings.greedy().withMaxTokens(24).withChunkItems(MAX_BATCH);
    ProbeReport local = probe(served, items, settings);
    OpenAiStudent.Config config = OpenAiStudent.Config.of(base, "tiny-student")
        .withBatchSize(MAX_BATCH).withMaxConcurrency(4);
    try (OpenAiStudent completions = new OpenAiStudent(config.withApi(OpenAiStudent.Api.COMPLETIONS));
        OpenAiStudent chat = new OpenAiStudent(config.withApi(OpenAiStudent.Api.CHAT))) {
      ProbeReport viaCompletions = probe(completions, items, settings);
      ProbeReport viaChat = probe(chat, items, settings);
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
  void router_mountedUnderAPath_servesTheApiThere_besideOtherRoutes() {
    Router main = Router.router(vertx);
    main.get("/health").handler(ctx -> ctx.end("ok"));
    main.route("/student/*").subRouter(StudentServer.router(vertx, served));
    HttpServer mounted = Await.result(vertx.createHttpServer().requestHandler(main)
        .listen(0, "127.0.0.1"));
    try {
      String root = "http://127.0.0.1:" + mounted.actualPort();
      assertEquals("ok", get(URI.create(root + "/health")).body());
      List<String> questions = List.of("first abc", "reverse abc");
      try (OpenAiStudent client = new OpenAiStudent(
          OpenAiStudent.Config.of(URI.create(root + "/student/v1"), "tiny-student"))) {
        assertEquals(texts(Await.result(served.generate(questions, Sampling.greedy(24)))),
            texts(Await.result(client.generate(questions, Sampling.greedy(24)))));
      }
      assertEquals(404, get(URI.create(root + "/student/v2/models")).statusCode());
    } finally {
      Await.result(mounted.close());
    }
  }

  @Test
  void completions_nChoices_rowsOrderedByPromptThenChoice() throws Exception {
    JsonObject body = new JsonObject().put("model", "tiny-student")
        .put("prompt", new JsonArray().add(PromptFormat.prompt("first abc"))
            .add(PromptFormat.prompt("reverse abc")))
        .put("n", 2).put("temperature", 0).put("max_tokens", 24);
    HttpResponse<String> response = post("/completions", body.encode());
    assertEquals(200, response.statusCode());
    JsonObject answer = new JsonObject(response.body());
    assertEquals(4, answer.getJsonArray("choices").size());
    List<Completion> direct = Await.result(served.complete(
        List.of(PromptFormat.prompt("first abc"), PromptFormat.prompt("reverse abc")),
        Sampling.greedy(24)));
    assertEquals(direct.get(0).text(), answer.getJsonArray("choices").getJsonObject(1).getString("text"));
    assertEquals(direct.get(1).text(), answer.getJsonArray("choices").getJsonObject(2).getString("text"));
    assertEquals("text_completion", answer.getString("object"));
    assertTrue(answer.getJsonObject("usage").getInteger("completion_tokens") > 0);
  }

  @Test
  void models_listsTheServedModel() throws Exception {
    HttpResponse<String> response = get(URI.create(base + "/models"));
    assertEquals(200, response.statusCode());
    JsonObject model = new JsonObject(response.body()).getJsonArray("data").getJsonObject(0);
    assertEquals("tiny-student", model.getString("id"));
    assertEquals(48, model.getInteger("max_model_len"));
  }

  @Test
  void badRequests_getOpenAiErrors() throws Exception {
    assertError(post("/chat/completions", "{\"messages\": []}"), 400, "messages");
    assertError(post("/chat/completions",
        "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"temperature\": -1}"), 400,
        "temperature");
    assertError(post("/completions", "{\"prompt\": 5}"), 400, "prompt");
    assertError(post("/completions", "{\"prompt\": \"x\", \"max_tokens\": 100000}"), 400,
        "max_tokens");
    assertError(post("/nowhere", "{}"), 404, null);
  }

  /** Regression: 10^12 and 2^31 wrapped around to negative ints, 2^32 + 1 to 1. */
  @ParameterizedTest
  @ValueSource(strings = {"1000000000000", "2147483648", "4294967297", "18446744073709551617",
      "1e12", "0", "-5", "2.5"})
  void maxTokens_outsideOneToTheContext_is400NamingTheContext(String maxTokens) throws Exception {
    JsonObject error = assertError(post("/chat/completions", "{\"messages\": [{\"role\": \"user\","
        + " \"content\": \"first abc\"}], \"max_tokens\": " + maxTokens + "}"), 400, "max_tokens");
    String message = error.getString("message");
    assertTrue(message.contains(maxTokens.equals("2.5") ? "integer" : "context of 48 tokens"),
        message);
  }

  /** Regression: wrong JSON types answered Java's ClassCastException text. */
  @Test
  void wrongJsonTypes_are400NamingTheField_inJsonTerms() throws Exception {
    String user = "[{\"role\": \"user\", \"content\": \"first abc\"}]";
    List<String[]> cases = List.of(
        new String[] {"/chat/completions", "{\"messages\": " + user + ", \"max_tokens\": \"x\"}",
            "max_tokens", "'max_tokens' must be an integer, not a string"},
        new String[] {"/chat/completions", "{\"messages\": 5}", "messages",
            "'messages' must be a non-empty array of messages, not a number"},
        new String[] {"/chat/completions", "{\"messages\": [\"hi\"]}", "messages", "message 0"},
        new String[] {"/chat/completions", "{\"messages\": " + user + ", \"temperature\": true}",
            "temperature", "'temperature' must be a number, not a boolean"},
        new String[] {"/chat/completions", "{\"messages\": " + user + ", \"stream\": \"yes\"}",
            "stream", "'stream' must be true or false, not a string"},
        new String[] {"/chat/completions", "{\"messages\": " + user + ", \"seed\": [1]}",
            "seed", "'seed' must be an integer, not an array"},
        new String[] {"/completions", "{\"prompt\": [\"a\", 7]}", "prompt", "holds a number"},
        new String[] {"/completions", "{\"prompt\": \"a\", \"n\": {}}", "n",
            "'n' must be an integer, not an object"},
        new String[] {"/completions", "{\"prompt\": \"a\", \"model\": 3}", "model",
            "'model' must be a string, not a number"});
    for (String[] c : cases) {
      JsonObject error = assertError(post(c[0], c[1]), 400, c[2]);
      assertTrue(error.getString("message").contains(c[3]), c[1] + " -> " + error);
    }
  }

  /** Regression: a truncated body answered Jackson's parser internals. */
  @Test
  void bodyThatIsNoJsonObject_is400WithAPlainMessage() throws Exception {
    for (String body : List.of("{\"messages\": [{\"role\": \"us", "{not json", "[1, 2]", "")) {
      JsonObject error = assertError(post("/chat/completions", body), 400, null);
      String message = error.getString("message");
      assertTrue(message.startsWith("the request body"), body + " -> " + message);
    }
  }

  /** Regression: {@code "stream": true} was ignored. */
  @Test
  void stream_answersServerSentEvents_withTheSameTextAsAWholeAnswer() throws Exception {
    String request = "{\"messages\": [{\"role\": \"user\", \"content\": \"reverse abc\"}],"
        + " \"temperature\": 0, \"max_tokens\": 24, \"n\": 2";
    JsonObject whole = new JsonObject(post("/chat/completions", request + "}").body());
    HttpResponse<String> streamed = post("/chat/completions",
        request + ", \"stream\": true, \"stream_options\": {\"include_usage\": true}}");
    assertEquals(200, streamed.statusCode());
    assertTrue(streamed.headers().firstValue("content-type").orElse("")
        .startsWith("text/event-stream"), streamed.headers().toString());
    List<String> events = new ArrayList<>();
    for (String line : streamed.body().split("\n")) {
      if (!line.isEmpty()) {
        assertTrue(line.startsWith("data: "), line);
        events.add(line.substring("data: ".length()));
      }
    }
    assertEquals("[DONE]", events.get(events.size() - 1));
    StringBuilder[] content = {new StringBuilder(), new StringBuilder()};
    String[] finish = new String[2];
    JsonObject usage = null;
    for (String event : events.subList(0, events.size() - 1)) {
      JsonObject chunk = new JsonObject(event);
      assertEquals("tiny-student", chunk.getString("model"));
      assertEquals("chat.completion.chunk", chunk.getString("object"));
      if (chunk.containsKey("usage")) {
        usage = chunk.getJsonObject("usage");
      }
      for (Object c : chunk.getJsonArray("choices")) {
        JsonObject choice = (JsonObject) c;
        int index = choice.getInteger("index");
        content[index].append(choice.getJsonObject("delta").getString("content", ""));
        if (choice.getString("finish_reason") != null) {
          finish[index] = choice.getString("finish_reason");
        }
      }
    }
    for (int i = 0; i < 2; i++) {
      JsonObject choice = whole.getJsonArray("choices").getJsonObject(i);
      assertEquals(choice.getJsonObject("message").getString("content"), content[i].toString());
      assertEquals(choice.getString("finish_reason"), finish[i]);
    }
    assertEquals(whole.getJsonObject("usage"), usage);
  }

  @Test
  void stream_onCompletions_answersTextChunks() throws Exception {
    HttpResponse<String> streamed = post("/completions", "{\"prompt\": \""
        + PromptFormat.prompt("first abc").replace("\n", "\\n") + "\", \"temperature\": 0,"
        + " \"max_tokens\": 24, \"stream\": true}");
    String expected = Await.result(served.complete(List.of(PromptFormat.prompt("first abc")),
        Sampling.greedy(24))).get(0).text();
    StringBuilder text = new StringBuilder();
    for (String line : streamed.body().split("\n")) {
      if (line.startsWith("data: {")) {
        JsonObject choice = new JsonObject(line.substring(6)).getJsonArray("choices")
            .getJsonObject(0);
        text.append(choice.getString("text"));
      }
    }
    assertEquals(expected, text.toString());
    assertTrue(streamed.body().endsWith("data: [DONE]\n\n"), streamed.body());
  }

  /** Regression: any model name was accepted. */
  @Test
  void unknownModel_is404ModelNotFound_andTheClientSaysSo() throws Exception {
    JsonObject error = assertError(post("/chat/completions", "{\"model\": \"gpt-4\", \"messages\":"
        + " [{\"role\": \"user\", \"content\": \"first abc\"}]}"), 404, "model");
    assertEquals("model_not_found", error.getString("code"));
    assertTrue(error.getString("message").contains("'gpt-4'"), error.getString("message"));

    try (OpenAiStudent client = new OpenAiStudent(OpenAiStudent.Config.of(base, "gpt-4"))) {
      NotFoundException e = assertThrows(NotFoundException.class,
          () -> Await.result(client.generate(List.of("first abc"), Sampling.greedy(4))));
      assertTrue(e.getMessage().startsWith("the student at " + base + " has no model 'gpt-4'"),
          e.getMessage());
      assertEquals(0, client.retries());
    }
  }

  /** Regression: a prompt longer than the context was accepted (and silently cut). */
  @Test
  void promptLongerThanTheContext_is400NamingTheContext() throws Exception {
    String question = "z".repeat(100) + " first abc";
    JsonObject error = assertError(post("/chat/completions", "{\"messages\": [{\"role\":"
        + " \"user\", \"content\": \"" + question + "\"}], \"max_tokens\": 8}"), 400, "messages");
    assertEquals("context_length_exceeded", error.getString("code"));
    assertTrue(error.getString("message").contains("context of 48 tokens"),
        error.getString("message"));
    assertError(post("/completions", "{\"prompt\": \"" + "z".repeat(47) + "\", \"max_tokens\": 8}"),
        400, "prompt");
    // A prompt that fits beside the completion's share is served.
    assertEquals(200, post("/completions", "{\"prompt\": \"" + "z".repeat(40)
        + "\", \"max_tokens\": 8}").statusCode());
  }

  @Test
  void client_unknownPath_failsWithNotFoundWithoutRetry() {
    OpenAiStudent.Config config = OpenAiStudent.Config.of(URI.create(base + "/missing"), "x");
    try (OpenAiStudent client = new OpenAiStudent(config)) {
      NotFoundException failure = assertThrows(NotFoundException.class,
          () -> Await.result(client.generate(List.of("first abc"), Sampling.greedy(4))));
      assertTrue(failure.getMessage().contains("/missing/chat/completions was not found"),
          failure.getMessage());
      assertEquals(0, client.retries());
    }
  }

  private static ProbeReport probe(io.skillforge.student.Student student, List<Example> items,
      ProbeSettings settings) {
    return Await.result(Prober.probe(student, items, settings, n -> {}, Cancellation.never()));
  }

  private static HttpResponse<String> get(URI uri) {
    try {
      return HTTP.send(HttpRequest.newBuilder(uri).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Checks status and OpenAI's error shape; returns the error object. */
  private static JsonObject assertError(HttpResponse<String> response, int status, String param) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("content-type").orElse("")
        .startsWith("application/json"));
    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    String message = error.getString("message");
    assertTrue(message != null && !message.isBlank(), response.body());
    assertEquals(param, error.getString("param"), response.body());
    assertTrue(error.containsKey("type") && error.containsKey("param"), response.body());
    for (String leak : List.of("exception", "java.", "class ", "jackson", "source:")) {
      assertFalse(message.toLowerCase(Locale.ROOT).contains(leak), message);
    }
    return error;
  }

  private static List<String> texts(List<Completion> completions) {
    return completions.stream().map(Completion::text).toList();
  }

  private static List<String> responses(ProbeReport report) {
    return report.items().stream().map(i -> i.responses().get(0)).toList();
  }

  private static List<String> answers(ProbeReport report) {
    return report.items().stream().map(ItemResult::answers).map(a -> a.get(0)).toList();
  }
}
