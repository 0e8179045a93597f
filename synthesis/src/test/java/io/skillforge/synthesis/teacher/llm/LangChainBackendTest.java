package io.skillforge.synthesis.teacher.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.resilience.FailureKind;
import io.skillforge.synthesis.teacher.settings.TeacherKind;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LangChain4j backend of each provider family against a local HTTP server that answers one
 * canned exchange in that provider's wire format: what reaches the server, and how statuses,
 * headers and bodies come back to the pipeline.
 */
class LangChainBackendTest {
  private static Vertx vertx;
  private HttpServer server;
  private final AtomicReference<JsonObject> received = new AtomicReference<>();
  private final AtomicReference<HttpServerRequest> request = new AtomicReference<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Serves {@code respond} for every request and records the last request and its body. */
  private String serve(Handler<HttpServerRequest> respond) throws Exception {
    server = vertx.createHttpServer()
        .requestHandler(req -> req.body().onSuccess(body -> {
          request.set(req);
          received.set(body.length() == 0 ? new JsonObject() : body.toJsonObject());
          respond.handle(req);
        }))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + server.actualPort();
  }

  private static ChatRequestSpec spec() {
    return new ChatRequestSpec(
        List.of(ChatTurn.system("schema skillforge.label.v1"), ChatTurn.user("<data>{}</data>")),
        "skillforge_label_v1",
        "{\"type\":\"object\",\"properties\":{\"labels\":{\"type\":\"array\"}},\"required\":[\"labels\"]}",
        new Sampling(0.0, 256, null, null));
  }

  private static TeacherSettings settings(TeacherKind kind, String baseUrl) {
    return TeacherSettings.defaults().with(Map.of(
        "kind", kind.wireName(), "base-url", baseUrl == null ? "" : baseUrl, "model", "m-1",
        "api-key-env", "TEST_KEY", "timeout-seconds", 5));
  }

  @Test
  void openAi_success_sendsSchemaAndKey_andReadsUsageAndHeaders() throws Exception {
    String url = serve(req -> req.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("x-ratelimit-remaining-requests", "41")
        .end(new JsonObject()
            .put("id", "c1").put("object", "chat.completion").put("created", 0).put("model", "m-1")
            .put("choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                "message", Map.of("role", "assistant", "content", "{\"labels\":[]}"))))
            .put("usage", Map.of("prompt_tokens", 33, "completion_tokens", 4, "total_tokens", 37))
            .encode()));
    ChatBackend backend = LangChainBackend.create(
        settings(TeacherKind.OPENAI, url + "/v1"), Map.of("TEST_KEY", "k-123"));
    ChatReply reply = backend.send(spec());
    assertEquals("{\"labels\":[]}", reply.text());
    assertTrue(reply.finishedNormally());
    assertEquals(33, reply.promptTokens());
    assertEquals(4, reply.completionTokens());
    assertEquals(List.of("41"), reply.headers().get("x-ratelimit-remaining-requests"));
    assertEquals("Bearer k-123", request.get().getHeader("Authorization"));
    assertEquals("/v1/chat/completions", request.get().path());
    JsonObject body = received.get();
    assertEquals("json_schema", body.getJsonObject("response_format").getString("type"));
    assertEquals("skillforge_label_v1",
        body.getJsonObject("response_format").getJsonObject("json_schema").getString("name"));
    assertEquals(256, body.getInteger("max_tokens", body.getInteger("max_completion_tokens")));
    assertEquals(2, body.getJsonArray("messages").size());
  }

  @Test
  void openAi_cutOff_isNotAFinishedAnswer() throws Exception {
    String url = serve(req -> req.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("id", "c1").put("object", "chat.completion").put("created", 0)
            .put("model", "m-1")
            .put("choices", List.of(Map.of("index", 0, "finish_reason", "length",
                "message", Map.of("role", "assistant", "content", "{\"lab"))))
            .encode()));
    ChatReply reply = LangChainBackend.create(
        settings(TeacherKind.OPENAI_COMPATIBLE, url + "/v1"), Map.of()).send(spec());
    assertFalse(reply.finishedNormally());
    assertEquals("length", reply.finishReason());
    assertEquals(-1, reply.promptTokens(), "no usage sent");
  }

  @Test
  void openAi_429_keepsStatusAndRetryAfterThroughLangChain4j() throws Exception {
    String url = serve(req -> req.response().setStatusCode(429)
        .putHeader("Retry-After", "3")
        .putHeader("Content-Type", "application/json")
        .end("{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_exceeded\"}}"));
    ChatBackend backend = LangChainBackend.create(
        settings(TeacherKind.OPENAI_COMPATIBLE, url + "/v1"), Map.of());
    ProviderFailure f = assertThrows(ProviderFailure.class, () -> backend.send(spec()));
    assertEquals(FailureKind.RATE_LIMITED, f.kind());
    assertEquals(429, f.status());
    assertEquals(Duration.ofSeconds(3), f.rateLimits().retryAfter());
    assertTrue(f.getMessage().contains("slow down"), f.getMessage());
  }

  @Test
  void openAi_statuses_mapToWhatTheCallerCanDo() throws Exception {
    AtomicReference<Integer> status = new AtomicReference<>(500);
    String url = serve(req -> req.response().setStatusCode(status.get()).end("{\"error\":{\"message\":\"x\"}}"));
    ChatBackend backend = LangChainBackend.create(
        settings(TeacherKind.OPENAI_COMPATIBLE, url + "/v1"), Map.of());
    Map<Integer, FailureKind> expected = Map.of(
        500, FailureKind.SERVER_ERROR, 503, FailureKind.SERVER_ERROR, 401, FailureKind.AUTHENTICATION,
        400, FailureKind.BAD_REQUEST, 408, FailureKind.TIMEOUT);
    for (Map.Entry<Integer, FailureKind> e : expected.entrySet()) {
      status.set(e.getKey());
      assertEquals(e.getValue(), assertThrows(ProviderFailure.class, () -> backend.send(spec())).kind(),
          "HTTP " + e.getKey());
    }
  }

  @Test
  void openAi_noAnswerInTime_isATimeout() throws Exception {
    String url = serve(req -> {});
    ChatBackend backend = LangChainBackend.create(
        settings(TeacherKind.OPENAI_COMPATIBLE, url + "/v1").with(Map.of("timeout-seconds", 1)),
        Map.of());
    assertEquals(FailureKind.TIMEOUT, assertThrows(ProviderFailure.class, () -> backend.send(spec())).kind());
  }

  @Test
  void openAi_nobodyListening_isANetworkFailure() throws Exception {
    String url = serve(req -> req.response().end());
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server = null;
    ChatBackend backend = LangChainBackend.create(
        settings(TeacherKind.OPENAI_COMPATIBLE, url + "/v1"), Map.of());
    ProviderFailure f = assertThrows(ProviderFailure.class, () -> backend.send(spec()));
    assertEquals(FailureKind.NETWORK, f.kind());
    assertEquals(0, f.status());
  }

  @Test
  void openAi_brokenEnvelope_isMalformedNotFatal() throws Exception {
    String url = serve(req -> req.response().putHeader("Content-Type", "application/json").end("<html>oops</html>"));
    ChatBackend backend = LangChainBackend.create(
        settings(TeacherKind.OPENAI_COMPATIBLE, url + "/v1"), Map.of());
    assertEquals(FailureKind.MALFORMED, assertThrows(ProviderFailure.class, () -> backend.send(spec())).kind());
  }

  @Test
  void openAi_withoutItsKey_refusesToStart() {
    var e = assertThrows(IllegalArgumentException.class, () -> LangChainBackend.create(
        settings(TeacherKind.OPENAI, null), Map.of()));
    assertTrue(e.getMessage().contains("TEST_KEY"), e.getMessage());
  }

  @Test
  void ollama_roundTrip_usesItsChatApiAndSchemaFormat() throws Exception {
    String url = serve(req -> req.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("model", "m-1").put("created_at", "2025-01-01T00:00:00Z")
            .put("message", Map.of("role", "assistant", "content", "{\"labels\":[]}"))
            .put("done", true).put("done_reason", "stop")
            .put("prompt_eval_count", 21).put("eval_count", 5).encode()));
    ChatReply reply = LangChainBackend.create(
        settings(TeacherKind.OLLAMA, url).with(Map.of("api-key-env", "")), Map.of()).send(spec());
    assertEquals("{\"labels\":[]}", reply.text());
    assertTrue(reply.finishedNormally());
    assertEquals(21, reply.promptTokens());
    assertEquals(5, reply.completionTokens());
    assertEquals("/api/chat", request.get().path());
    assertEquals("object", received.get().getJsonObject("format").getString("type"));
  }

  @Test
  void anthropic_roundTrip_sendsItsKeyHeaderAndReadsUsage() throws Exception {
    String url = serve(req -> req.response().putHeader("Content-Type", "application/json")
        .putHeader("anthropic-ratelimit-requests-remaining", "9")
        .end(new JsonObject().put("id", "msg_1").put("type", "message").put("role", "assistant")
            .put("model", "m-1")
            .put("content", List.of(Map.of("type", "text", "text", "{\"labels\":[]}")))
            .put("stop_reason", "end_turn")
            .put("usage", Map.of("input_tokens", 40, "output_tokens", 6)).encode()));
    ChatReply reply = LangChainBackend.create(
        settings(TeacherKind.ANTHROPIC, url + "/v1/")
            .with(Map.of("structured-output", "none")),
        Map.of("TEST_KEY", "ak-9")).send(spec());
    assertEquals("{\"labels\":[]}", reply.text());
    assertTrue(reply.finishedNormally());
    assertEquals(40, reply.promptTokens());
    assertEquals("ak-9", request.get().getHeader("x-api-key"));
    assertEquals("/v1/messages", request.get().path());
    assertEquals(List.of("9"), reply.headers().get("anthropic-ratelimit-requests-remaining"));
  }
}
