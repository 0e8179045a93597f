package io.skillforge.student.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.student.Completion;
import io.skillforge.student.Sampling;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real HTTP server that fails on purpose. */
class OpenAiStudentRetryTest {
  private Vertx vertx;
  private HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final java.util.Map<String, Integer> attemptsByPrompt =
      new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    // Each prompt's first call is refused with 429 and a Retry-After, its second answers 500 or
    // junk (by the prompt's parity), and its third echoes the prompt; every answer waits 20 ms.
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      calls.incrementAndGet();
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      String question = new JsonObject(body.toString()).getJsonArray("messages")
          .getJsonObject(0).getString("content");
      int attempt = attemptsByPrompt.merge(question, 1, Integer::sum);
      vertx.setTimer(20, t -> {
        inFlight.decrementAndGet();
        if (attempt == 1) {
          request.response().setStatusCode(429).putHeader("retry-after", "0.05")
              .end("{\"error\":{\"message\":\"slow down\"}}");
        } else if (attempt == 2 && question.hashCode() % 2 == 0) {
          request.response().setStatusCode(500).end("oops");
        } else if (attempt == 2) {
          request.response().setStatusCode(200).end("{\"choices\": [");
        } else {
          request.response().putHeader("content-type", "application/json").end(new JsonObject()
              .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                  .put("message", new JsonObject().put("role", "assistant")
                      .put("content", "echo " + question))
                  .put("finish_reason", "stop")))
              .put("usage", new JsonObject().put("completion_tokens", 2)).encode());
        }
      });
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
  }

  @AfterEach
  void stop() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  void generate_transientFailures_areRetried_concurrencyIsBounded() {
    OpenAiStudent.Config config = OpenAiStudent.Config.of(
            URI.create("http://127.0.0.1:" + server.actualPort() + "/v1/"), "m")
        .withMaxConcurrency(3).withRetries(8, Duration.ofMillis(10));
    List<String> prompts = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "q" + i).toList();
    try (OpenAiStudent client = new OpenAiStudent(config)) {
      List<Completion> out = client.generate(prompts, Sampling.greedy(8)).toCompletableFuture()
          .join();
      assertEquals(prompts.stream().map(p -> "echo " + p).toList(),
          out.stream().map(Completion::text).toList());
      assertEquals(60, client.retries(), "two retries per prompt");
      assertEquals(90, client.attempts());
      assertEquals(client.attempts(), calls.get());
      assertTrue(maxInFlight.get() <= 3, "in flight at once: " + maxInFlight.get());
    }
  }

  @Test
  void generate_retriesExhausted_failsWithLastError() {
    OpenAiStudent.Config config = OpenAiStudent.Config.of(
            URI.create("http://127.0.0.1:" + server.actualPort() + "/v1"), "m")
        .withRetries(0, Duration.ofMillis(1));
    try (OpenAiStudent client = new OpenAiStudent(config)) {
      var failure = org.junit.jupiter.api.Assertions.assertThrows(
          java.util.concurrent.CompletionException.class,
          () -> client.generate(List.of("q"), Sampling.greedy(4)).toCompletableFuture().join());
      assertTrue(failure.getCause() instanceof OpenAiStudent.StudentHttpException,
          String.valueOf(failure.getCause()));
      assertEquals(429, ((OpenAiStudent.StudentHttpException) failure.getCause()).status());
    }
  }
}
