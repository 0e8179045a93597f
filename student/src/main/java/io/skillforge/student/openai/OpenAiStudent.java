package io.skillforge.student.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.Example;
import io.skillforge.student.Completion;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.PromptFormat;
import io.skillforge.student.Sampling;
import io.skillforge.student.Student;
import io.skillforge.student.TrainingProgress;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A student hosted elsewhere behind an OpenAI-compatible HTTP API: vLLM or a llama.cpp server on
 * the local GPU, or {@code skillforge student serve}. Generation only; it cannot be fine-tuned or
 * saved from here.
 *
 * <p>Requests: with {@link Api#CHAT}, one {@code /chat/completions} request per prompt, the
 * question as the user message (the server applies the model's chat template). With {@link
 * Api#COMPLETIONS}, the prompts are rendered with {@link Config#completionPrompt()} and sent
 * {@link Config#batchSize()} at a time as one {@code /completions} request with an array prompt.
 * At most {@link Config#maxConcurrency()} requests are in flight; the rest wait in order.
 *
 * <p>Failures: connection errors, time-outs, HTTP 408, 429 and 5xx, and answers that do not parse
 * are retried up to {@link Config#maxRetries()} times with exponential backoff and jitter, waiting
 * at least what a {@code Retry-After} header asks (capped at one minute). Other 4xx statuses fail
 * at once with {@link StudentHttpException}. Thread-safe.
 *
 * <p>Token counts: per-choice counts are not in the API; a completion's {@code tokens} is the
 * request's {@code usage.completion_tokens} shared among its choices in proportion to their text
 * length.
 */
public final class OpenAiStudent implements Student {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(1);

  /** Which endpoint generates. */
  public enum Api {
    CHAT,
    COMPLETIONS
  }

  /**
   * Connection and batching settings. Immutable; validated at construction.
   *
   * @param baseUrl the API root, such as {@code http://127.0.0.1:8092/v1}
   * @param model the {@code model} field sent with every request
   * @param api which endpoint to use
   * @param apiKey sent as a bearer token when not null
   * @param batchSize prompts per {@code /completions} request
   * @param maxConcurrency requests in flight at most
   * @param maxRetries retries of one request after its first attempt
   * @param timeout per attempt, from sending to the whole answer
   * @param initialBackoff wait before the first retry; doubles with each retry
   * @param completionPrompt renders a question as the raw prompt for {@link Api#COMPLETIONS}
   */
  public record Config(
      URI baseUrl, String model, Api api, String apiKey, int batchSize, int maxConcurrency,
      int maxRetries, Duration timeout, Duration initialBackoff,
      UnaryOperator<String> completionPrompt) {

    public Config {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(api, "api");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(completionPrompt, "completionPrompt");
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      if (batchSize <= 0 || maxConcurrency <= 0 || maxRetries < 0) {
        throw new IllegalArgumentException("batchSize and maxConcurrency must be > 0 and maxRetries"
            + " >= 0 but were " + batchSize + ", " + maxConcurrency + ", " + maxRetries);
      }
      String url = baseUrl.toString();
      if (url.endsWith("/")) {
        baseUrl = URI.create(url.substring(0, url.length() - 1));
      }
    }

    /**
     * Chat API, batches of 64, 8 requests in flight, 5 retries, 2-minute time-out, 250 ms initial
     * backoff, no key, the built-in prompt format for the completions API.
     */
    public static Config of(URI baseUrl, String model) {
      return new Config(baseUrl, model, Api.CHAT, null, 64, 8, 5, Duration.ofMinutes(2),
          Duration.ofMillis(250), PromptFormat::prompt);
    }

    public Config withApi(Api newApi) {
      return new Config(baseUrl, model, newApi, apiKey, batchSize, maxConcurrency, maxRetries,
          timeout, initialBackoff, completionPrompt);
    }

    public Config withApiKey(String newApiKey) {
      return new Config(baseUrl, model, api, newApiKey, batchSize, maxConcurrency, maxRetries,
          timeout, initialBackoff, completionPrompt);
    }

    public Config withBatchSize(int newBatchSize) {
      return new Config(baseUrl, model, api, apiKey, newBatchSize, maxConcurrency, maxRetries,
          timeout, initialBackoff, completionPrompt);
    }

    public Config withMaxConcurrency(int newMaxConcurrency) {
      return new Config(baseUrl, model, api, apiKey, batchSize, newMaxConcurrency, maxRetries,
          timeout, initialBackoff, completionPrompt);
    }

    public Config withRetries(int newMaxRetries, Duration newInitialBackoff) {
      return new Config(baseUrl, model, api, apiKey, batchSize, maxConcurrency, newMaxRetries,
          timeout, newInitialBackoff, completionPrompt);
    }

    public Config withTimeout(Duration newTimeout) {
      return new Config(baseUrl, model, api, apiKey, batchSize, maxConcurrency, maxRetries,
          newTimeout, initialBackoff, completionPrompt);
    }

    /** The API key never appears in text output. */
    @Override
    public String toString() {
      return "Config[baseUrl=" + baseUrl + ", model=" + model + ", api=" + api + ", apiKey="
          + (apiKey == null ? "none" : "***") + ", batchSize=" + batchSize + ", maxConcurrency="
          + maxConcurrency + ", maxRetries=" + maxRetries + ", timeout=" + timeout + "]";
    }
  }

  /** An HTTP answer that is not a success. */
  public static final class StudentHttpException extends RuntimeException {
    private final int status;

    StudentHttpException(int status, String body) {
      super("student endpoint answered HTTP " + status + ": " + abbreviate(body));
      this.status = status;
    }

    public int status() {
      return status;
    }

    /** Whether a later attempt may succeed (408, 429, 5xx). */
    public boolean retriable() {
      return status == 408 || status == 429 || status >= 500;
    }
  }

  private final Config config;
  private final ExecutorService executor;
  private final HttpClient http;
  private final AsyncLimiter limiter;
  /** Longest wait between attempts that backoff alone asks for (a Retry-After may ask longer). */
  static final long MAX_BACKOFF_MILLIS = 30_000;

  private final java.util.concurrent.atomic.AtomicLong attempts = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong retries = new java.util.concurrent.atomic.AtomicLong();

  public OpenAiStudent(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.executor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "openai-student");
      thread.setDaemon(true);
      return thread;
    });
    this.http = HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    this.limiter = new AsyncLimiter(config.maxConcurrency(), executor);
  }

  @Override
  public String name() {
    return config.model();
  }

  public Config config() {
    return config;
  }

  /** HTTP attempts made so far, retries included. */
  public long attempts() {
    return attempts.get();
  }

  /** Retries made so far. */
  public long retries() {
    return retries.get();
  }

  @Override
  public boolean trainable() {
    return false;
  }

  @Override
  public CompletionStage<List<Completion>> generate(List<String> prompts, Sampling sampling) {
    Objects.requireNonNull(sampling, "sampling");
    List<String> rows = List.copyOf(prompts);
    List<CompletableFuture<List<Completion>>> parts = new ArrayList<>();
    if (config.api() == Api.CHAT) {
      for (int r = 0; r < rows.size(); r++) {
        ObjectNode body = samplingBody(sampling, sampling.rowSeed(r));
        body.putArray("messages").addObject().put("role", "user").put("content", rows.get(r));
        parts.add(limiter.submit(() -> send("/chat/completions", body, 1)));
      }
    } else {
      for (int from = 0; from < rows.size(); from += config.batchSize()) {
        List<String> chunk = rows.subList(from, Math.min(rows.size(), from + config.batchSize()));
        ObjectNode body = samplingBody(sampling, sampling.rowSeed(from));
        ArrayNode prompt = body.putArray("prompt");
        chunk.forEach(q -> prompt.add(config.completionPrompt().apply(q)));
        parts.add(limiter.submit(() -> send("/completions", body, chunk.size())));
      }
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
      List<Completion> all = new ArrayList<>(rows.size());
      parts.forEach(p -> all.addAll(p.join()));
      return all;
    });
  }

  @Override
  public CompletionStage<FineTuneReport> fineTune(
      List<Example> examples, FineTuneSettings settings, Consumer<TrainingProgress> listener) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException(
        "a student behind an OpenAI-compatible endpoint is fine-tuned by its own stack; export the"
            + " training set instead"));
  }

  @Override
  public CompletionStage<Void> save(Path directory) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException(
        "a student behind an OpenAI-compatible endpoint has no checkpoint to save from here"));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private ObjectNode samplingBody(Sampling sampling, long seed) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", config.model());
    body.put("max_tokens", sampling.maxTokens());
    body.put("temperature", sampling.temperature());
    body.put("top_p", sampling.topP());
    body.put("seed", seed);
    if (sampling.ignoreEos()) {
      body.put("ignore_eos", true);
    }
    return body;
  }

  /** One request with retries; completes with exactly {@code expected} completions. */
  private CompletableFuture<List<Completion>> send(String path, ObjectNode body, int expected) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
        .timeout(config.timeout()).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (config.apiKey() != null) {
      builder.header("authorization", "Bearer " + config.apiKey());
    }
    return attempt(builder.build(), expected, 0);
  }

  private CompletableFuture<List<Completion>> attempt(HttpRequest request, int expected, int retry) {
    attempts.incrementAndGet();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> {
          if (response.statusCode() / 100 != 2) {
            throw new RetryAfter(new StudentHttpException(response.statusCode(), response.body()),
                retryAfter(response));
          }
          return parse(response.body(), expected);
        })
        .handle((result, failure) -> {
          if (failure == null) {
            return CompletableFuture.completedFuture(result);
          }
          Throwable cause = unwrap(failure);
          Duration floor = Duration.ZERO;
          if (cause instanceof RetryAfter ra) {
            floor = ra.wait;
            cause = ra.getCause();
          }
          if (retry >= config.maxRetries() || !retriable(cause)) {
            return CompletableFuture.<List<Completion>>failedFuture(cause);
          }
          retries.incrementAndGet();
          long base = Math.min(MAX_BACKOFF_MILLIS,
              config.initialBackoff().toMillis() << Math.min(retry, 16));
          long jittered = (long) (base * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble()));
          long delay = Math.max(jittered, floor.toMillis());
          return CompletableFuture.supplyAsync(() -> null,
                  CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, executor))
              .thenCompose(ignored -> attempt(request, expected, retry + 1));
        })
        .thenCompose(f -> f);
  }

  private static boolean retriable(Throwable cause) {
    if (cause instanceof StudentHttpException http) {
      return http.retriable();
    }
    return cause instanceof IOException || cause instanceof MalformedAnswerException
        || cause instanceof HttpTimeoutException;
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("retry-after").map(value -> {
      try {
        Duration wait = Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
      } catch (NumberFormatException e) {
        return Duration.ZERO;
      }
    }).orElse(Duration.ZERO);
  }

  /** Reads the choices, ordered by index; either API's shape. */
  static List<Completion> parse(String body, int expected) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new MalformedAnswerException("answer is not JSON: " + abbreviate(body));
    }
    JsonNode choices = root.path("choices");
    if (!choices.isArray() || choices.size() != expected) {
      throw new MalformedAnswerException("expected " + expected + " choices in " + abbreviate(body));
    }
    String[] texts = new String[expected];
    Completion.Finish[] finish = new Completion.Finish[expected];
    int position = 0;
    for (JsonNode choice : choices) {
      int index = choice.path("index").asInt(position++);
      if (index < 0 || index >= expected || texts[index] != null) {
        throw new MalformedAnswerException("bad choice index " + index + " in " + abbreviate(body));
      }
      JsonNode text = choice.has("message") ? choice.path("message").path("content")
          : choice.path("text");
      if (!text.isTextual()) {
        throw new MalformedAnswerException("choice " + index + " has no text: " + abbreviate(body));
      }
      texts[index] = text.asText();
      finish[index] = Completion.Finish.fromWire(choice.path("finish_reason").asText("stop"));
    }
    long total = root.path("usage").path("completion_tokens").asLong(0);
    long chars = Math.max(1, Arrays.stream(texts).mapToLong(String::length).sum());
    List<Completion> completions = new ArrayList<>(expected);
    for (int i = 0; i < expected; i++) {
      long share = expected == 1 ? total : Math.round((double) total * texts[i].length() / chars);
      completions.add(new Completion(texts[i], (int) Math.max(0, share), finish[i]));
    }
    return completions;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String abbreviate(String text) {
    return text == null ? "" : text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  /** An answer with status 200 that does not hold the expected choices. */
  static final class MalformedAnswerException extends RuntimeException {
    MalformedAnswerException(String message) {
      super(message);
    }
  }

  /** Carries the server's requested wait with a failed attempt. */
  private static final class RetryAfter extends RuntimeException {
    final Duration wait;

    RetryAfter(Throwable cause, Duration wait) {
      super(cause);
      this.wait = wait;
    }
  }
}
