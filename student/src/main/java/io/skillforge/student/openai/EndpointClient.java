package io.skillforge.student.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.NotFoundException;
import io.skillforge.skills.resilience.AdaptiveLimiter;
import io.skillforge.skills.resilience.CircuitBreaker;
import io.skillforge.skills.resilience.FailureKind;
import io.skillforge.skills.resilience.RateLimitHeaders;
import io.skillforge.skills.resilience.RetryPolicy;
import io.skillforge.student.StudentUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Sends the POST requests of one {@link OpenAiStudent} and reads their answers, through the
 * resilience parts the teacher uses too. Thread-safe; never blocks a caller.
 *
 * <p>Design notes. A request moves through: admission (closed, or the breaker open: fail at once)
 * → a permit of the {@link AdaptiveLimiter} (at most {@code maxConcurrency} in flight, halved on
 * 429 and grown back on successes; waiting requests hold no thread) → one asynchronous HTTP
 * attempt → its outcome:
 *
 * <ul>
 *   <li>a 2xx answer that parses: done;
 *   <li>429, 408, 5xx, a time-out, a broken connection or a 2xx answer that does not parse: retried
 *       as the configured {@link RetryPolicy} says (backoff with jitter, at least what {@code
 *       Retry-After} asks), each retry told to the configured listener; then {@link
 *       StudentUnavailableException};
 *   <li>a refused connection or an unknown host: nothing listens there, and waiting the usual
 *       backoff would only stall the caller, so it is retried just {@link #REFUSED_RETRIES} times,
 *       quickly (a server restarting on the spot), and then fails with {@link
 *       StudentUnavailableException} naming the URL. That failure opens the {@link CircuitBreaker}
 *       (one such request is evidence enough), so every other request of this client fails at
 *       once with the same message instead of finding it out on its own; after the open period one
 *       request is let through to see whether the server is back. Only these failures feed the
 *       breaker: a student that answers slowly or with 5xx is still there, and a probe run (which
 *       cannot resume) is better off waiting for it than failing;
 *   <li>404: {@link NotFoundException} (no such model, or no such path under the URL); 401, 403 and
 *       other 4xx: {@link BadInputException}, the server's own message quoted.
 * </ul>
 */
final class EndpointClient implements AutoCloseable {
  /** Quick retries of a refused connection before the endpoint counts as unreachable. */
  static final RetryPolicy REFUSED_RETRIES =
      new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ZERO);
  /** Longest wait for a connection (the request's own time-out when that is shorter). */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenAiStudent.Config config;
  private final ExecutorService executor;
  private final ScheduledExecutorService timer;
  private final HttpClient http;
  private final AdaptiveLimiter limiter;
  private final CircuitBreaker breaker;
  private final Set<Call<?>> active = ConcurrentHashMap.newKeySet();
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private volatile String unreachableBecause = "connection refused";
  private volatile boolean closed;

  EndpointClient(OpenAiStudent.Config config) {
    this.config = config;
    this.executor = Executors.newCachedThreadPool(daemon("openai-student"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("openai-student-timer"));
    this.http = HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout()).build();
    this.limiter = new AdaptiveLimiter(config.maxConcurrency(), config.maxConcurrency());
    this.breaker = new CircuitBreaker(1, Duration.ofSeconds(2), Duration.ofSeconds(30),
        System::nanoTime);
  }

  /**
   * Posts {@code body} (JSON) to the base URL plus {@code path} and reads a 2xx answer with {@code
   * parse}, which throws {@link MalformedAnswerException} when the answer is not what it expects.
   */
  <T> Future<T> post(String path, String body, Function<String, T> parse) {
    if (closed) {
      return Future.failedFuture(closedFailure());
    }
    URI uri = URI.create(config.baseUrl() + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.timeout())
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (config.apiKey() != null) {
      request.header("authorization", "Bearer " + config.apiKey());
    }
    Call<T> call = new Call<>(uri, request.build(), parse);
    active.add(call);
    call.admit();
    return call.promise.future();
  }

  long attempts() {
    return attempts.get();
  }

  long retries() {
    return retries.get();
  }

  /** Fails the requests under way and stops the client's threads. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (Call<?> call : List.copyOf(active)) {
      call.fail(closedFailure());
    }
    timer.shutdownNow();
    executor.shutdownNow();
  }

  private static IllegalStateException closedFailure() {
    return new IllegalStateException("student is closed");
  }

  private Duration connectTimeout() {
    return config.timeout().compareTo(CONNECT_TIMEOUT) < 0 ? config.timeout() : CONNECT_TIMEOUT;
  }

  private String base() {
    return config.baseUrl().toString();
  }

  private StudentUnavailableException unreachable() {
    return new StudentUnavailableException(
        "cannot reach the student at " + base() + ": " + unreachableBecause);
  }

  /** One request's life; its steps run one at a time, on the client's threads. */
  private final class Call<T> {
    final URI uri;
    final HttpRequest request;
    final Function<String, T> parse;
    final Promise<T> promise = Promise.promise();
    int retried;
    int refused;

    Call(URI uri, HttpRequest request, Function<String, T> parse) {
      this.uri = uri;
      this.request = request;
      this.parse = parse;
    }

    void admit() {
      if (closed) {
        fail(closedFailure());
      } else if (breaker.isRejecting()) {
        fail(unreachable());
      } else {
        limiter.acquire(permit -> dispatch(() -> send(permit), permit));
      }
    }

    /** Runs {@code step} on a worker; {@code permit} is given back when none takes it. */
    private void dispatch(Runnable step, AdaptiveLimiter.Permit permit) {
      try {
        executor.execute(step);
      } catch (RejectedExecutionException e) {
        permit.release(AdaptiveLimiter.Outcome.NEUTRAL);
        fail(closedFailure());
      }
    }

    void send(AdaptiveLimiter.Permit permit) {
      if (closed) {
        permit.release(AdaptiveLimiter.Outcome.NEUTRAL);
        fail(closedFailure());
        return;
      }
      if (!breaker.tryAcquire()) {
        permit.release(AdaptiveLimiter.Outcome.NEUTRAL);
        fail(unreachable());
        return;
      }
      attempts.incrementAndGet();
      try {
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete(
            (response, error) -> {
              if (response != null) {
                onAnswer(response, permit);
              } else {
                onError(error, permit);
              }
            });
      } catch (RuntimeException e) {
        permit.release(AdaptiveLimiter.Outcome.NEUTRAL);
        breaker.onNeutral();
        fail(e);
      }
    }

    private void onAnswer(HttpResponse<String> response, AdaptiveLimiter.Permit permit) {
      breaker.onSuccess();
      int status = response.statusCode();
      if (status / 100 == 2) {
        permit.release(AdaptiveLimiter.Outcome.SUCCESS);
        T value;
        try {
          value = parse.apply(response.body());
        } catch (MalformedAnswerException e) {
          // The server broke its answer; the same request may well get a whole one.
          retryOrFail(FailureKind.SERVER_ERROR, e.getMessage(), null);
          return;
        }
        succeed(value);
        return;
      }
      FailureKind kind = kindOf(status);
      permit.release(kind == FailureKind.RATE_LIMITED ? AdaptiveLimiter.Outcome.RATE_LIMITED
          : AdaptiveLimiter.Outcome.NEUTRAL);
      ServerError error = ServerError.of(response.body());
      if (!kind.retriable()) {
        fail(rejection(status, error));
        return;
      }
      Duration retryAfter =
          RateLimitHeaders.parse(response.headers().map(), Instant.now()).retryAfter();
      retryOrFail(kind, "the student answered HTTP " + status + error.quoted(), retryAfter);
    }

    private void onError(Throwable error, AdaptiveLimiter.Permit permit) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null
          ? error.getCause() : error;
      String refusal = refusal(cause);
      if (refusal != null && !closed) {
        onRefused(refusal, permit);
        return;
      }
      permit.release(AdaptiveLimiter.Outcome.NEUTRAL);
      if (closed) {
        fail(closedFailure());
        return;
      }
      breaker.onNeutral();
      if (causedBy(cause, HttpConnectTimeoutException.class)) {
        retryOrFail(FailureKind.TIMEOUT, "no connection within " + seconds(connectTimeout()), null);
      } else if (causedBy(cause, HttpTimeoutException.class)) {
        retryOrFail(FailureKind.TIMEOUT, "no answer within " + seconds(config.timeout()), null);
      } else if (cause instanceof IOException) {
        retryOrFail(FailureKind.NETWORK, "the connection failed"
            + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), null);
      } else {
        fail(cause);
      }
    }

    /**
     * A refused connection keeps its permit through the quick retries, so that no other request
     * starts while this one finds out whether anything listens.
     */
    private void onRefused(String why, AdaptiveLimiter.Permit permit) {
      refused++;
      if (breaker.state() == CircuitBreaker.State.CLOSED
          && REFUSED_RETRIES.allowsRetry(refused - 1, FailureKind.NETWORK, null)) {
        breaker.onNeutral();
        retries.incrementAndGet();
        schedule(REFUSED_RETRIES.delay(refused, null, ThreadLocalRandom.current()),
            () -> send(permit), permit);
        return;
      }
      permit.release(AdaptiveLimiter.Outcome.NEUTRAL);
      unreachableBecause = why;
      breaker.onFailure();
      fail(unreachable());
    }

    private void retryOrFail(FailureKind kind, String reason, Duration retryAfter) {
      RetryPolicy policy = config.retry();
      if (policy.allowsRetry(retried, kind, retryAfter)) {
        retried++;
        retries.incrementAndGet();
        Duration delay = policy.delay(retried, retryAfter, ThreadLocalRandom.current());
        try {
          config.onRetry().accept(
              new RetryNotice(uri, reason, retried + 1, policy.maxRetries() + 1, delay));
        } catch (RuntimeException e) {
          // A listener's failure must not lose the request.
        }
        later(delay);
        return;
      }
      if (retryAfter != null && retryAfter.compareTo(policy.maxRetryAfter()) > 0) {
        fail(new StudentUnavailableException("the student at " + base() + " asks to wait "
            + seconds(retryAfter) + " (Retry-After), more than the " + seconds(
                policy.maxRetryAfter()) + " worth waiting for: " + reason));
      } else {
        int attempts = retried + 1;
        fail(new StudentUnavailableException("the student at " + base() + " kept failing; gave"
            + " up after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ") + reason));
      }
    }

    private void later(Duration delay) {
      schedule(delay, this::admit, null);
    }

    /** Runs {@code step} after {@code delay}; {@code permit}, if any, is given back if it cannot. */
    private void schedule(Duration delay, Runnable step, AdaptiveLimiter.Permit permit) {
      try {
        timer.schedule(step, delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        if (permit != null) {
          permit.release(AdaptiveLimiter.Outcome.NEUTRAL);
        }
        fail(closedFailure());
      }
    }

    private RuntimeException rejection(int status, ServerError error) {
      if (status == 404) {
        if (error.modelNotFound(config.model())) {
          return new NotFoundException("the student at " + base() + " has no model '"
              + config.model() + "'" + error.quoted() + "; name a model it serves");
        }
        return new NotFoundException(uri + " was not found (HTTP 404)" + error.quoted()
            + "; the endpoint should be the API root, such as http://127.0.0.1:8000/v1");
      }
      if (status == 401 || status == 403) {
        return new BadInputException("the student at " + base() + " refused the request (HTTP "
            + status + ")" + error.quoted() + "; check the API key");
      }
      return new BadInputException("the student at " + base() + " rejected the request (HTTP "
          + status + ")" + error.quoted());
    }

    void succeed(T value) {
      active.remove(this);
      promise.tryComplete(value);
    }

    void fail(Throwable failure) {
      active.remove(this);
      promise.tryFail(failure);
    }
  }

  /** The kind of a non-2xx status. */
  static FailureKind kindOf(int status) {
    if (status == 429) {
      return FailureKind.RATE_LIMITED;
    }
    if (status == 408) {
      return FailureKind.TIMEOUT;
    }
    if (status >= 500) {
      return FailureKind.SERVER_ERROR;
    }
    if (status == 401 || status == 403) {
      return FailureKind.AUTHENTICATION;
    }
    return status >= 400 ? FailureKind.BAD_REQUEST : FailureKind.OTHER;
  }

  /**
   * Why nothing could connect, when that is the failure ("connection refused", "unknown host");
   * null for any other failure, a connection that timed out included.
   */
  static String refusal(Throwable failure) {
    if (causedBy(failure, UnresolvedAddressException.class)
        || causedBy(failure, UnknownHostException.class)) {
      return "unknown host";
    }
    if (!causedBy(failure, ConnectException.class)
        || causedBy(failure, HttpTimeoutException.class)) {
      return null;
    }
    String message = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      message = t.getMessage() != null ? t.getMessage() : message;
    }
    return message == null || message.toLowerCase(java.util.Locale.ROOT).contains("refused")
        ? "connection refused" : "cannot connect (" + message + ")";
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The error a server put in a non-2xx answer: OpenAI's {@code {"error": {...}}} or vLLM's. */
  record ServerError(String message, String code) {
    static ServerError of(String body) {
      if (body == null || body.isBlank()) {
        return new ServerError("", "");
      }
      try {
        JsonNode root = JSON.readTree(body);
        JsonNode error = root.path("error").isObject() ? root.path("error") : root;
        String message = error.path("message").asText("");
        if (!message.isEmpty()) {
          return new ServerError(abbreviate(message), error.path("code").asText(""));
        }
      } catch (IOException e) {
        // Not JSON: quoted as it stands.
      }
      return new ServerError(abbreviate(body.strip()), "");
    }

    /** Whether the server says it does not serve {@code model}. */
    boolean modelNotFound(String model) {
      return "model_not_found".equals(code) || message.contains(model);
    }

    /** {@code : "message"} for a sentence, or nothing when the server gave none. */
    String quoted() {
      return message.isEmpty() ? "" : ": \"" + message + "\"";
    }

    private static String abbreviate(String text) {
      return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
  }
}
