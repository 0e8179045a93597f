package io.skillforge.student.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.NotFoundException;
import io.skillforge.skills.resilience.RetryPolicy;
import io.skillforge.student.Completion;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.PromptFormat;
import io.skillforge.student.Sampling;
import io.skillforge.student.Student;
import io.skillforge.student.StudentUnavailableException;
import io.skillforge.student.TrainingProgress;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
 *
 * <p>Every request passes the resilience parts shared with the teacher ({@code
 * io.skillforge.skills.resilience}): an adaptive concurrency limit of at most {@link
 * Config#maxConcurrency()} requests in flight, retries with backoff and jitter that honour {@code
 * Retry-After} for 429, 408, 5xx, time-outs and broken answers (each retry told to {@link
 * Config#onRetry()}), and a circuit breaker that fails every request at once, naming the URL, when
 * nothing listens there. A generation call fails as soon as one of its requests fails for good,
 * with one of these:
 *
 * <ul>
 *   <li>{@link StudentUnavailableException}: the endpoint cannot be reached (a refused connection
 *       is retried twice within a fraction of a second, not with the slow backoff), or kept failing
 *       past the retries;
 *   <li>{@link NotFoundException}: HTTP 404, the model or the path does not exist there;
 *   <li>{@link BadInputException}: any other 4xx (a bad key, a request the server refuses);
 *   <li>{@link IllegalStateException}: the student was closed.
 * </ul>
 *
 * <p>Token counts: per-choice counts are not in the API; a completion's {@code tokens} is the
 * request's {@code usage.completion_tokens} shared among its choices in proportion to their text
 * length. Thread-safe.
 */
public final class OpenAiStudent implements Student {
  private static final ObjectMapper JSON = new ObjectMapper();

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
   * @param maxConcurrency requests in flight at most (the limit halves on 429 and grows back)
   * @param retry how often and after how long a failed request is sent again
   * @param timeout per attempt, from sending to the whole answer
   * @param completionPrompt renders a question as the raw prompt for {@link Api#COMPLETIONS}
   * @param onRetry told of every retry of a slow failure (429, 408, 5xx, time-outs, broken
   *     answers), on a client thread; must be quick
   */
  public record Config(
      URI baseUrl, String model, Api api, String apiKey, int batchSize, int maxConcurrency,
      RetryPolicy retry, Duration timeout, UnaryOperator<String> completionPrompt,
      Consumer<RetryNotice> onRetry) {

    /**
     * @throws BadInputException when {@code baseUrl} is not an absolute http or https URL
     */
    public Config {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(api, "api");
      Objects.requireNonNull(retry, "retry");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(completionPrompt, "completionPrompt");
      Objects.requireNonNull(onRetry, "onRetry");
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      if (batchSize <= 0 || maxConcurrency <= 0) {
        throw new IllegalArgumentException("batchSize and maxConcurrency must be > 0 but were "
            + batchSize + " and " + maxConcurrency);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive but was " + timeout);
      }
      baseUrl = checkedBaseUrl(baseUrl);
    }

    /**
     * Chat API, batches of 64, 8 requests in flight, 5 retries (250 ms doubling up to 20 s,
     * Retry-After up to a minute), 2-minute time-out, no key, the built-in prompt format for the
     * completions API, retries told to no one.
     */
    public static Config of(URI baseUrl, String model) {
      return new Config(baseUrl, model, Api.CHAT, null, 64, 8, RetryPolicy.standard(5),
          Duration.ofMinutes(2), PromptFormat::prompt, notice -> {});
    }

    public Config withApi(Api newApi) {
      return new Config(baseUrl, model, newApi, apiKey, batchSize, maxConcurrency, retry, timeout,
          completionPrompt, onRetry);
    }

    public Config withApiKey(String newApiKey) {
      return new Config(baseUrl, model, api, newApiKey, batchSize, maxConcurrency, retry, timeout,
          completionPrompt, onRetry);
    }

    public Config withBatchSize(int newBatchSize) {
      return new Config(baseUrl, model, api, apiKey, newBatchSize, maxConcurrency, retry, timeout,
          completionPrompt, onRetry);
    }

    public Config withMaxConcurrency(int newMaxConcurrency) {
      return new Config(baseUrl, model, api, apiKey, batchSize, newMaxConcurrency, retry, timeout,
          completionPrompt, onRetry);
    }

    public Config withRetry(RetryPolicy newRetry) {
      return new Config(baseUrl, model, api, apiKey, batchSize, maxConcurrency, newRetry, timeout,
          completionPrompt, onRetry);
    }

    public Config withTimeout(Duration newTimeout) {
      return new Config(baseUrl, model, api, apiKey, batchSize, maxConcurrency, retry, newTimeout,
          completionPrompt, onRetry);
    }

    public Config withOnRetry(Consumer<RetryNotice> newOnRetry) {
      return new Config(baseUrl, model, api, apiKey, batchSize, maxConcurrency, retry, timeout,
          completionPrompt, newOnRetry);
    }

    /** The API key never appears in text output. */
    @Override
    public String toString() {
      return "Config[baseUrl=" + baseUrl + ", model=" + model + ", api=" + api + ", apiKey="
          + (apiKey == null ? "none" : "***") + ", batchSize=" + batchSize + ", maxConcurrency="
          + maxConcurrency + ", retry=" + retry + ", timeout=" + timeout + "]";
    }

    private static URI checkedBaseUrl(URI url) {
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))
          || url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null) {
        throw new BadInputException("the student endpoint '" + url + "' is not an http:// or"
            + " https:// URL of an API root, such as http://127.0.0.1:8000/v1");
      }
      String text = url.toString();
      return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }
  }

  private final Config config;
  private final EndpointClient client;
  private volatile boolean closed;

  /** A client of the endpoint {@code config} names; nothing is sent until {@link #generate}. */
  public OpenAiStudent(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.client = new EndpointClient(config);
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
    return client.attempts();
  }

  /** Retries made so far, quick ones after a refused connection included. */
  public long retries() {
    return client.retries();
  }

  @Override
  public boolean trainable() {
    return false;
  }

  @Override
  public Future<List<Completion>> generate(List<String> prompts, Sampling sampling) {
    Objects.requireNonNull(sampling, "sampling");
    List<String> rows = List.copyOf(prompts);
    if (closed) {
      return Future.failedFuture(new IllegalStateException("student is closed"));
    }
    List<Future<List<Completion>>> parts = new ArrayList<>();
    if (config.api() == Api.CHAT) {
      for (int r = 0; r < rows.size(); r++) {
        ObjectNode body = samplingBody(sampling, sampling.rowSeed(r));
        body.putArray("messages").addObject().put("role", "user").put("content", rows.get(r));
        parts.add(client.post("/chat/completions", body.toString(), answer -> parse(answer, 1)));
      }
    } else {
      for (int from = 0; from < rows.size(); from += config.batchSize()) {
        List<String> chunk = rows.subList(from, Math.min(rows.size(), from + config.batchSize()));
        ObjectNode body = samplingBody(sampling, sampling.rowSeed(from));
        ArrayNode prompt = body.putArray("prompt");
        chunk.forEach(q -> prompt.add(config.completionPrompt().apply(q)));
        int expected = chunk.size();
        parts.add(client.post("/completions", body.toString(), answer -> parse(answer, expected)));
      }
    }
    return Future.all(parts).map(all -> {
      List<Completion> completions = new ArrayList<>(rows.size());
      parts.forEach(p -> completions.addAll(p.result()));
      return completions;
    });
  }

  @Override
  public Future<FineTuneReport> fineTune(List<Example> examples, FineTuneSettings settings,
      Consumer<TrainingProgress> listener, Cancellation cancellation) {
    return Future.failedFuture(new UnsupportedOperationException(
        "a student behind an OpenAI-compatible endpoint is fine-tuned by its own stack; export the"
            + " training set instead"));
  }

  @Override
  public Future<Void> save(Path directory) {
    return Future.failedFuture(new UnsupportedOperationException(
        "a student behind an OpenAI-compatible endpoint has no checkpoint to save from here"));
  }

  /** Fails the requests under way with {@link IllegalStateException}; the server is untouched. */
  @Override
  public void close() {
    closed = true;
    client.close();
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

  private static String abbreviate(String text) {
    return text == null ? "" : text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
