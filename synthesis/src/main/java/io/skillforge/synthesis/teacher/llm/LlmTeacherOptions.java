package io.skillforge.synthesis.teacher.llm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything that configures the LangChain4j teacher: which provider, and how the call pipeline
 * (cache, limits, retries, breaker, prices) treats it. Holds the <em>name</em> of the environment
 * variable with the API key, never the key. Build with {@link #builder}; every field has a working
 * default for a local OpenAI-compatible endpoint.
 *
 * @param provider which chat-model family
 * @param baseUrl the endpoint; null for the provider's public default
 * @param model the model name
 * @param apiKeyEnv the environment variable holding the API key; null or blank for none
 * @param maxConcurrency the ceiling of concurrent calls; the adaptive limit stays at or below it
 * @param requestsPerMinute request rate limit; 0 for none
 * @param tokensPerMinute token rate limit (prompt + completion); 0 for none
 * @param maxRetries retries of one attempt after 429, 5xx, time-outs, network errors
 * @param retryBaseDelay backoff of the first retry
 * @param retryMaxDelay longest backoff
 * @param maxRetryAfter longest {@code Retry-After} worth waiting for; longer gives up
 * @param timeout time-out of one HTTP request
 * @param breakerFailures consecutive transport failures that open the circuit breaker
 * @param breakerOpenFor how long the breaker first stays open
 * @param temperature sampling temperature of single-answer roles (label, diagnose, verify,
 *     catalog); synthesis drafts use at least 0.7 so independent solutions differ
 * @param maxTokens {@code max_tokens} of each request; null for the provider's default
 * @param maxRepairs how many times a malformed answer is re-asked before the item fails
 * @param labelBatchSize items labelled per call, at least 1
 * @param structuredOutput how the answer schema is passed to the provider
 * @param pricePerMillionPromptTokens dollars per million prompt tokens
 * @param pricePerMillionCompletionTokens dollars per million completion tokens
 * @param cacheDir persistent response cache directory; null for memory only
 * @param cacheMemoryEntries answers Caffeine keeps in memory
 */
public record LlmTeacherOptions(
    Provider provider,
    String baseUrl,
    String model,
    String apiKeyEnv,
    int maxConcurrency,
    long requestsPerMinute,
    long tokensPerMinute,
    int maxRetries,
    Duration retryBaseDelay,
    Duration retryMaxDelay,
    Duration maxRetryAfter,
    Duration timeout,
    int breakerFailures,
    Duration breakerOpenFor,
    double temperature,
    Integer maxTokens,
    int maxRepairs,
    int labelBatchSize,
    StructuredOutput structuredOutput,
    double pricePerMillionPromptTokens,
    double pricePerMillionCompletionTokens,
    Path cacheDir,
    long cacheMemoryEntries) {

  /** The chat-model families reached through LangChain4j. */
  public enum Provider {
    OPENAI("openai"),
    OPENAI_COMPATIBLE("openai-compatible"),
    OLLAMA("ollama"),
    ANTHROPIC("anthropic");

    private final String wireName;

    Provider(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Provider fromWire(String value) {
      for (Provider p : values()) {
        if (p.wireName.equalsIgnoreCase(value == null ? "" : value.trim())) {
          return p;
        }
      }
      throw new IllegalArgumentException(
          "unknown teacher kind '" + value + "'; expected openai, openai-compatible, ollama or anthropic");
    }
  }

  /** How the answer's JSON schema reaches the provider (the prompt always describes it). */
  public enum StructuredOutput {
    /** As a JSON schema response format (OpenAI {@code json_schema}, Ollama {@code format}). */
    JSON_SCHEMA,
    /** As "answer with a JSON object" ({@code json_object}) without the schema. */
    JSON_OBJECT,
    /** Only in the prompt. */
    NONE;

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    public static StructuredOutput fromWire(String value) {
      String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
      return switch (v) {
        case "json-schema" -> JSON_SCHEMA;
        case "json-object" -> JSON_OBJECT;
        case "none" -> NONE;
        default -> throw new IllegalArgumentException(
            "unknown structured-output '" + value + "'; expected json-schema, json-object or none");
      };
    }
  }

  public LlmTeacherOptions {
    Objects.requireNonNull(provider, "provider");
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("teacher model must not be blank");
    }
    requireAtLeast("max-concurrency", maxConcurrency, 1);
    requireAtLeast("requests-per-minute", requestsPerMinute, 0);
    requireAtLeast("tokens-per-minute", tokensPerMinute, 0);
    requireAtLeast("max-retries", maxRetries, 0);
    requirePositive("retry base delay", retryBaseDelay, true);
    requirePositive("retry max delay", retryMaxDelay, true);
    requirePositive("max retry-after", maxRetryAfter, true);
    requirePositive("timeout", timeout, false);
    requireAtLeast("breaker failures", breakerFailures, 1);
    requirePositive("breaker open time", breakerOpenFor, false);
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("teacher temperature must be in [0, 2] but was " + temperature);
    }
    if (maxTokens != null && maxTokens < 1) {
      throw new IllegalArgumentException("teacher max-tokens must be >= 1 but was " + maxTokens);
    }
    requireAtLeast("max-repairs", maxRepairs, 0);
    requireAtLeast("label-batch-size", labelBatchSize, 1);
    Objects.requireNonNull(structuredOutput, "structuredOutput");
    if (!(pricePerMillionPromptTokens >= 0) || !(pricePerMillionCompletionTokens >= 0)) {
      throw new IllegalArgumentException("teacher prices must be >= 0 dollars per million tokens");
    }
    requireAtLeast("cache memory entries", cacheMemoryEntries, 0);
  }

  /** Options for a local OpenAI-compatible endpoint with every other value at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to change a few. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Dollars for the given token counts at the configured prices. */
  public double cost(long promptTokens, long completionTokens) {
    return (promptTokens * pricePerMillionPromptTokens
            + completionTokens * pricePerMillionCompletionTokens)
        / 1e6;
  }

  private static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException("teacher " + name + " must be >= " + min + " but was " + value);
    }
  }

  private static void requirePositive(String name, Duration value, boolean zeroAllowed) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || (!zeroAllowed && value.isZero())) {
      throw new IllegalArgumentException("teacher " + name + " must be positive but was " + value);
    }
  }

  /** Mutable builder; {@link #build} validates. */
  public static final class Builder {
    private Provider provider = Provider.OPENAI_COMPATIBLE;
    private String baseUrl = "http://127.0.0.1:8091/v1";
    private String model = "skillworld-teacher";
    private String apiKeyEnv = "SKILLFORGE_TEACHER_API_KEY";
    private int maxConcurrency = 16;
    private long requestsPerMinute = 0;
    private long tokensPerMinute = 0;
    private int maxRetries = 6;
    private Duration retryBaseDelay = Duration.ofMillis(250);
    private Duration retryMaxDelay = Duration.ofSeconds(20);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private Duration timeout = Duration.ofSeconds(60);
    private int breakerFailures = 12;
    private Duration breakerOpenFor = Duration.ofSeconds(10);
    private double temperature = 0.0;
    private Integer maxTokens = 1024;
    private int maxRepairs = 2;
    private int labelBatchSize = 1;
    private StructuredOutput structuredOutput = StructuredOutput.JSON_SCHEMA;
    private double pricePerMillionPromptTokens;
    private double pricePerMillionCompletionTokens;
    private Path cacheDir;
    private long cacheMemoryEntries = 100_000;

    private Builder() {}

    private Builder(LlmTeacherOptions o) {
      provider = o.provider;
      baseUrl = o.baseUrl;
      model = o.model;
      apiKeyEnv = o.apiKeyEnv;
      maxConcurrency = o.maxConcurrency;
      requestsPerMinute = o.requestsPerMinute;
      tokensPerMinute = o.tokensPerMinute;
      maxRetries = o.maxRetries;
      retryBaseDelay = o.retryBaseDelay;
      retryMaxDelay = o.retryMaxDelay;
      maxRetryAfter = o.maxRetryAfter;
      timeout = o.timeout;
      breakerFailures = o.breakerFailures;
      breakerOpenFor = o.breakerOpenFor;
      temperature = o.temperature;
      maxTokens = o.maxTokens;
      maxRepairs = o.maxRepairs;
      labelBatchSize = o.labelBatchSize;
      structuredOutput = o.structuredOutput;
      pricePerMillionPromptTokens = o.pricePerMillionPromptTokens;
      pricePerMillionCompletionTokens = o.pricePerMillionCompletionTokens;
      cacheDir = o.cacheDir;
      cacheMemoryEntries = o.cacheMemoryEntries;
    }

    public Builder provider(Provider value) {
      this.provider = value;
      return this;
    }

    public Builder baseUrl(String value) {
      this.baseUrl = value;
      return this;
    }

    public Builder model(String value) {
      this.model = value;
      return this;
    }

    public Builder apiKeyEnv(String value) {
      this.apiKeyEnv = value;
      return this;
    }

    public Builder maxConcurrency(int value) {
      this.maxConcurrency = value;
      return this;
    }

    public Builder requestsPerMinute(long value) {
      this.requestsPerMinute = value;
      return this;
    }

    public Builder tokensPerMinute(long value) {
      this.tokensPerMinute = value;
      return this;
    }

    public Builder maxRetries(int value) {
      this.maxRetries = value;
      return this;
    }

    public Builder retryBaseDelay(Duration value) {
      this.retryBaseDelay = value;
      return this;
    }

    public Builder retryMaxDelay(Duration value) {
      this.retryMaxDelay = value;
      return this;
    }

    public Builder maxRetryAfter(Duration value) {
      this.maxRetryAfter = value;
      return this;
    }

    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    public Builder breakerFailures(int value) {
      this.breakerFailures = value;
      return this;
    }

    public Builder breakerOpenFor(Duration value) {
      this.breakerOpenFor = value;
      return this;
    }

    public Builder temperature(double value) {
      this.temperature = value;
      return this;
    }

    public Builder maxTokens(Integer value) {
      this.maxTokens = value;
      return this;
    }

    public Builder maxRepairs(int value) {
      this.maxRepairs = value;
      return this;
    }

    public Builder labelBatchSize(int value) {
      this.labelBatchSize = value;
      return this;
    }

    public Builder structuredOutput(StructuredOutput value) {
      this.structuredOutput = value;
      return this;
    }

    public Builder pricePerMillionPromptTokens(double value) {
      this.pricePerMillionPromptTokens = value;
      return this;
    }

    public Builder pricePerMillionCompletionTokens(double value) {
      this.pricePerMillionCompletionTokens = value;
      return this;
    }

    public Builder cacheDir(Path value) {
      this.cacheDir = value;
      return this;
    }

    public Builder cacheMemoryEntries(long value) {
      this.cacheMemoryEntries = value;
      return this;
    }

    public LlmTeacherOptions build() {
      return new LlmTeacherOptions(
          provider, baseUrl, model, apiKeyEnv, maxConcurrency, requestsPerMinute, tokensPerMinute,
          maxRetries, retryBaseDelay, retryMaxDelay, maxRetryAfter, timeout, breakerFailures,
          breakerOpenFor, temperature, maxTokens, maxRepairs, labelBatchSize, structuredOutput,
          pricePerMillionPromptTokens, pricePerMillionCompletionTokens, cacheDir,
          cacheMemoryEntries);
    }
  }
}
