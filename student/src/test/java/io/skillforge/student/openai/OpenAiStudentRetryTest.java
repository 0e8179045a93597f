package io.skillforge.student.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.resilience.RetryPolicy;
import io.skillforge.student.Completion;
import io.skillforge.student.Sampling;
import io.skillforge.student.StudentUnavailableException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real HTTP server that fails on purpose, and against no server at all. */
class OpenAiStudentRetryTest {
  /** Quick backoff for tests: 10 ms doubling up to 100 ms; Retry-After up to 1 s. */
  private static RetryPolicy quick(int retries) {
    return new RetryPolicy(retries, Duration.ofMillis(10), Duration.ofMillis(100),
        Duration.ofSeconds(1));
  }

  private Vertx vertx;
  private HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final Map<String, Integer> attemptsByPrompt = new ConcurrentHashMap<>();
  /** Answers one request, given its question and how many times that question has been asked. */
  private interface Answer {
    void answer(HttpServerRequest request, String question, int attempt);
  }

  private volatile Answer answer;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = Await.result(vertx.createHttpServer().requestHandler(request -> request.body()
        .onSuccess(body -> {
          calls.incrementAndGet();
          int now = inFlight.incrementAndGet();
          maxInFlight.accumulateAndGet(now, Math::max);
          String question = question(body.toString());
          int attempt = attemptsByPrompt.merge(question, 1, Integer::sum);
          // Every answer waits 20 ms, so requests overlap.
          vertx.setTimer(20, t -> {
            inFlight.decrementAndGet();
            answer.answer(request, question, attempt);
          });
        })).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    Await.result(server.close());
    Await.result(vertx.close());
  }

  private static String question(String body) {
    return new JsonObject(body).getJsonArray("messages").getJsonObject(0).getString("content");
  }

  private static void echo(HttpServerRequest request, String text) {
    request.response().putHeader("content-type", "application/json").end(new JsonObject()
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
            .put("message", new JsonObject().put("role", "assistant").put("content", text))
            .put("finish_reason", "stop")))
        .put("usage", new JsonObject().put("completion_tokens", 2)).encode());
  }

  private OpenAiStudent.Config config() {
    return OpenAiStudent.Config.of(URI.create("http://127.0.0.1:" + server.actualPort() + "/v1/"),
        "m");
  }

  @Test
  void generate_transientFailures_areRetried_concurrencyIsBounded() {
    // Each prompt's first call is refused with 429 and a Retry-After, its second answers 500 or
    // junk (by the prompt's parity), and its third echoes the prompt.
    answer = (request, question, attempt) -> {
      if (attempt == 1) {
        request.response().setStatusCode(429).putHeader("retry-after", "0.05")
            .end("{\"error\":{\"message\":\"slow down\"}}");
      } else if (attempt == 2 && question.hashCode() % 2 == 0) {
        request.response().setStatusCode(500).end("oops");
      } else if (attempt == 2) {
        request.response().setStatusCode(200).end("{\"choices\": [");
      } else {
        echo(request, "echo " + question);
      }
    };
    List<String> prompts = IntStream.range(0, 30).mapToObj(i -> "q" + i).toList();
    try (OpenAiStudent client = new OpenAiStudent(
        config().withMaxConcurrency(3).withRetry(quick(8)))) {
      List<Completion> out = Await.result(client.generate(prompts, Sampling.greedy(8)));
      assertEquals(prompts.stream().map(p -> "echo " + p).toList(),
          out.stream().map(Completion::text).toList());
      assertEquals(60, client.retries(), "two retries per prompt");
      assertEquals(90, client.attempts());
      assertEquals(client.attempts(), calls.get());
      assertTrue(maxInFlight.get() <= 3, "in flight at once: " + maxInFlight.get());
    }
  }

  @Test
  void generate_slowFailures_eachRetryIsReported() {
    answer = (request, question, attempt) -> {
      if (attempt == 1) {
        request.response().setStatusCode(503)
            .end("{\"error\":{\"message\":\"loading the model\"}}");
      } else if (attempt == 2) {
        request.response().setStatusCode(200).end("not json");
      } else {
        echo(request, "ok");
      }
    };
    List<RetryNotice> notices = new CopyOnWriteArrayList<>();
    try (OpenAiStudent client = new OpenAiStudent(
        config().withRetry(quick(5)).withOnRetry(notices::add))) {
      assertEquals("ok", Await.result(client.generate(List.of("q"), Sampling.greedy(4))).get(0)
          .text());
    }
    assertEquals(2, notices.size(), notices.toString());
    RetryNotice first = notices.get(0);
    assertEquals(2, first.attempt());
    assertEquals(6, first.attempts());
    String line = first.describe();
    assertTrue(line.startsWith("retrying http://127.0.0.1:" + server.actualPort()
        + "/v1/chat/completions in "), line);
    assertTrue(line.contains("(attempt 2 of 6): the student answered HTTP 503: \"loading the"
        + " model\""), line);
    assertEquals(3, notices.get(1).attempt());
    assertTrue(notices.get(1).reason().contains("not JSON"), notices.get(1).reason());
  }

  @Test
  void generate_retriesExhausted_failsNamingTheUrlAndTheLastError() {
    answer = (request, question, attempt) -> request.response().setStatusCode(429)
        .putHeader("retry-after", "0.01").end("{\"error\":{\"message\":\"slow down\"}}");
    try (OpenAiStudent client = new OpenAiStudent(config().withRetry(quick(2)))) {
      StudentUnavailableException failure = assertThrows(StudentUnavailableException.class,
          () -> Await.result(client.generate(List.of("q"), Sampling.greedy(4))));
      assertEquals("the student at http://127.0.0.1:" + server.actualPort() + "/v1 kept failing;"
          + " gave up after 3 attempts: the student answered HTTP 429: \"slow down\"",
          failure.getMessage());
      assertEquals(3, client.attempts());
    }
  }

  @Test
  void generate_retryAfterLongerThanThePolicyWaits_givesUpAtOnce() {
    answer = (request, question, attempt) -> request.response().setStatusCode(429)
        .putHeader("retry-after", "120").end("busy");
    try (OpenAiStudent client = new OpenAiStudent(config().withRetry(quick(5)))) {
      StudentUnavailableException failure = assertThrows(StudentUnavailableException.class,
          () -> Await.result(client.generate(List.of("q"), Sampling.greedy(4))));
      assertTrue(failure.getMessage().contains("asks to wait 120 s (Retry-After)"),
          failure.getMessage());
      assertEquals(1, client.attempts());
    }
  }

  /**
   * Regression: a closed port made {@code student probe --endpoint} back off for 148 s and then
   * print a bare {@code java.net.ConnectException}.
   */
  @Test
  void generate_connectionRefused_failsFastNamingTheUrl() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    List<RetryNotice> notices = new CopyOnWriteArrayList<>();
    List<String> prompts = IntStream.range(0, 200).mapToObj(i -> "q" + i).toList();
    OpenAiStudent.Config config = OpenAiStudent.Config.of(
        URI.create("http://127.0.0.1:" + closedPort + "/v1"), "m").withOnRetry(notices::add);
    try (OpenAiStudent client = new OpenAiStudent(config)) {
      long start = System.nanoTime();
      StudentUnavailableException failure = assertThrows(StudentUnavailableException.class,
          () -> Await.result(client.generate(prompts, Sampling.greedy(4))));
      double seconds = (System.nanoTime() - start) / 1e9;
      assertEquals("cannot reach the student at http://127.0.0.1:" + closedPort
          + "/v1: connection refused", failure.getMessage());
      assertTrue(seconds < 5, "took " + seconds + " s");
      // At most the quick retries of the requests already sent: the breaker turns away the rest.
      int sent = config.maxConcurrency() * (EndpointClient.REFUSED_RETRIES.maxRetries() + 1);
      assertTrue(client.attempts() <= sent, client.attempts() + " attempts");
      // A later call fails at once too, without connecting.
      long before = client.attempts();
      assertThrows(StudentUnavailableException.class,
          () -> Await.result(client.generate(List.of("again"), Sampling.greedy(4))));
      assertEquals(before, client.attempts());
    }
    assertTrue(notices.isEmpty(), "refusals are not slow failures: " + notices);
  }

  @Test
  void config_urlThatIsNoHttpUrl_isBadInputNamingIt() {
    for (String url : List.of("localhost:8000/v1", "ftp://host/v1", "v1")) {
      BadInputException e = assertThrows(BadInputException.class,
          () -> OpenAiStudent.Config.of(URI.create(url), "m"));
      assertTrue(e.getMessage().contains("'" + url + "'"), e.getMessage());
    }
  }

  @Test
  void close_failsRequestsUnderWay_andLaterCalls() {
    answer = (request, question, attempt) -> {}; // never answers
    OpenAiStudent client = new OpenAiStudent(config());
    var pending = client.generate(List.of("q"), Sampling.greedy(4));
    client.close();
    assertThrows(IllegalStateException.class, () -> Await.result(pending));
    assertThrows(IllegalStateException.class,
        () -> Await.result(client.generate(List.of("q"), Sampling.greedy(4))));
  }
}
