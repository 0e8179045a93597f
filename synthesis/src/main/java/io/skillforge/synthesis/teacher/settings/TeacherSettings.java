package io.skillforge.synthesis.teacher.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.resilience.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code teacher} section of {@code conf/skillforge.yaml}: which teacher, and how the LLM
 * teacher's call pipeline (limits, retries, breaker, re-asks, prices, cache) treats it. Holds the
 * <em>name</em> of the environment variable with the API key, never the key. Immutable; every part
 * validates itself, and a message names the YAML key ({@code teacher.max-tokens must be >= 1 but
 * was 0}).
 *
 * <p>The YAML keys are flat ({@code teacher.max-retries}, {@code teacher.breaker-failures}); each
 * part below is bound from the same section and holds the keys named by its components
 * (kebab-case in YAML, camelCase here). There is one source of defaults: the bundled {@code
 * conf/skillforge.yaml}. {@link #defaults()} binds its section, and {@link #with} changes a few keys
 * on top; no value is written in code.
 *
 * @param kind {@code teacher.kind}
 * @param endpoint where the teacher is and how requests reach it
 * @param limits how much may be asked at once and per minute
 * @param retries when and how soon a failed call is tried again
 * @param breaker when the teacher counts as down
 * @param requests what every request asks for, and how often a malformed answer is re-asked
 * @param costs prices and the default budget
 * @param catalog catalog building
 * @param cache the persistent response cache
 */
public record TeacherSettings(
    TeacherKind kind,
    Endpoint endpoint,
    Limits limits,
    Retries retries,
    Breaker breaker,
    Requests requests,
    Costs costs,
    Catalog catalog,
    Cache cache) {

  /**
   * Where the repository's {@code conf/skillforge.yaml} lies on every module's classpath (the
   * skills module ships it): the defaults of the whole configuration, not only of this section.
   */
  public static final String BUNDLED_CONFIG = "/io/skillforge/conf/skillforge.yaml";

  public TeacherSettings {
    Objects.requireNonNull(kind, "teacher.kind");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(retries, "retries");
    Objects.requireNonNull(breaker, "breaker");
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(costs, "costs");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(cache, "cache");
  }

  /**
   * The bundled {@code conf/skillforge.yaml}'s {@code teacher} section, without profiles.
   *
   * @throws IllegalStateException when the bundled file is missing from the classpath
   */
  public static TeacherSettings defaults() {
    return TeacherSettingsYaml.defaults();
  }

  /**
   * Binds a complete {@code teacher} section (as the merged configuration has it: the bundled
   * defaults under the user's values) with {@code name} applied: null or blank keeps it as
   * configured; a name under {@code profiles} overlays that profile's keys; a kind's name ({@code
   * builtin}, {@code openai}...) replaces {@code kind} only.
   *
   * @throws IllegalArgumentException when {@code name} is neither a profile nor a kind
   * @throws BadInputException naming the key of a missing, unknown or invalid value
   */
  public static TeacherSettings fromYaml(JsonNode section, String name) {
    return TeacherSettingsYaml.bind(section, name);
  }

  /**
   * These settings with some keys changed, such as {@code Map.of("max-concurrency", 4)}; keys and
   * values as in the YAML.
   *
   * @throws BadInputException naming an unknown key or an invalid value
   */
  public TeacherSettings with(Map<String, ?> changes) {
    return TeacherSettingsYaml.with(this, changes);
  }

  /** These settings as a {@code teacher} section, every key present. */
  public ObjectNode toYaml() {
    return TeacherSettingsYaml.toYaml(this);
  }

  /** Whether this is the in-process skill-world teacher. */
  public boolean builtin() {
    return kind == TeacherKind.BUILTIN;
  }

  /**
   * Where the teacher is and how requests reach it.
   *
   * @param baseUrl {@code teacher.base-url}; null (empty in YAML) for the provider's public endpoint
   * @param model {@code teacher.model}
   * @param apiKeyEnv {@code teacher.api-key-env}: the variable holding the key; null for none
   * @param timeoutSeconds {@code teacher.timeout-seconds} of one HTTP request
   * @param structuredOutput {@code teacher.structured-output}
   */
  public record Endpoint(
      String baseUrl, String model, String apiKeyEnv, long timeoutSeconds, StructuredOutput structuredOutput) {
    public Endpoint {
      baseUrl = blankToNull(baseUrl);
      apiKeyEnv = blankToNull(apiKeyEnv);
      if (model == null || model.isBlank()) {
        throw new BadInputException("teacher.model must not be empty");
      }
      atLeast("teacher.timeout-seconds", timeoutSeconds, 1);
      Objects.requireNonNull(structuredOutput, "teacher.structured-output");
    }

    public Duration timeout() {
      return Duration.ofSeconds(timeoutSeconds);
    }
  }

  /**
   * How much may be asked at once and per minute.
   *
   * @param maxConcurrency {@code teacher.max-concurrency}: the ceiling of the adaptive limit
   * @param requestsPerMinute {@code teacher.requests-per-minute}; 0 for none
   * @param tokensPerMinute {@code teacher.tokens-per-minute} (prompt + completion); 0 for none
   */
  public record Limits(int maxConcurrency, long requestsPerMinute, long tokensPerMinute) {
    public Limits {
      atLeast("teacher.max-concurrency", maxConcurrency, 1);
      atLeast("teacher.requests-per-minute", requestsPerMinute, 0);
      atLeast("teacher.tokens-per-minute", tokensPerMinute, 0);
    }
  }

  /**
   * When and how soon a call that failed with a 429, 5xx, time-out or network error is tried again.
   *
   * @param maxRetries {@code teacher.max-retries} after the first attempt
   * @param retryBaseMs {@code teacher.retry-base-ms}: backoff of the first retry
   * @param retryMaxMs {@code teacher.retry-max-ms}: the longest backoff
   * @param maxRetryAfterSeconds {@code teacher.max-retry-after-seconds}: the longest {@code
   *     Retry-After} worth waiting for; a longer one fails the call as "down for now"
   */
  public record Retries(int maxRetries, long retryBaseMs, long retryMaxMs, long maxRetryAfterSeconds) {
    public Retries {
      atLeast("teacher.max-retries", maxRetries, 0);
      atLeast("teacher.retry-base-ms", retryBaseMs, 0);
      if (retryMaxMs < retryBaseMs) {
        throw new BadInputException("teacher.retry-max-ms must be >= teacher.retry-base-ms ("
            + retryBaseMs + ") but was " + retryMaxMs);
      }
      atLeast("teacher.max-retry-after-seconds", maxRetryAfterSeconds, 0);
    }

    public Duration maxRetryAfter() {
      return Duration.ofSeconds(maxRetryAfterSeconds);
    }

    /** The retry policy these values describe. */
    public RetryPolicy policy() {
      return new RetryPolicy(
          maxRetries, Duration.ofMillis(retryBaseMs), Duration.ofMillis(retryMaxMs), maxRetryAfter());
    }
  }

  /**
   * When the teacher counts as down: calls then fail fast, and one probe tests it later.
   *
   * @param breakerFailures {@code teacher.breaker-failures}: transport failures in a row that open it
   * @param breakerOpenSeconds {@code teacher.breaker-open-seconds}: how long it first stays open
   */
  public record Breaker(int breakerFailures, long breakerOpenSeconds) {
    public Breaker {
      atLeast("teacher.breaker-failures", breakerFailures, 1);
      atLeast("teacher.breaker-open-seconds", breakerOpenSeconds, 1);
    }

    public Duration openFor() {
      return Duration.ofSeconds(breakerOpenSeconds);
    }
  }

  /**
   * What every request asks for, and how often a malformed answer is re-asked.
   *
   * @param temperature {@code teacher.temperature} of the single-answer roles (synthesis drafts use
   *     at least 0.7 so their independent solutions can differ)
   * @param maxTokens {@code teacher.max-tokens} of each request; null for the provider's default
   * @param labelBatchSize {@code teacher.label-batch-size}: items (or attempts) per label, diagnose,
   *     verify and catalog-naming call
   * @param maxRepairs {@code teacher.max-repairs}: re-asks of a malformed answer before its items fail
   */
  public record Requests(double temperature, Integer maxTokens, int labelBatchSize, int maxRepairs) {
    public Requests {
      if (!(temperature >= 0 && temperature <= 2)) {
        throw new BadInputException("teacher.temperature must be in [0, 2] but was " + temperature);
      }
      if (maxTokens != null) {
        atLeast("teacher.max-tokens", maxTokens, 1);
      }
      atLeast("teacher.label-batch-size", labelBatchSize, 1);
      atLeast("teacher.max-repairs", maxRepairs, 0);
    }
  }

  /**
   * Prices, for estimates and budgets, and the default budget of one job.
   *
   * @param pricePerMillionPromptTokens {@code teacher.price-per-million-prompt-tokens}, dollars
   * @param pricePerMillionCompletionTokens {@code teacher.price-per-million-completion-tokens}
   * @param budgetDollars {@code teacher.budget-dollars} of one job; 0 for none
   */
  public record Costs(
      double pricePerMillionPromptTokens, double pricePerMillionCompletionTokens, double budgetDollars) {
    public Costs {
      dollars("teacher.price-per-million-prompt-tokens", pricePerMillionPromptTokens);
      dollars("teacher.price-per-million-completion-tokens", pricePerMillionCompletionTokens);
      dollars("teacher.budget-dollars", budgetDollars);
    }

    /** Dollars for the given token counts at these prices. */
    public double cost(long promptTokens, long completionTokens) {
      return (promptTokens * pricePerMillionPromptTokens
              + completionTokens * pricePerMillionCompletionTokens)
          / 1e6;
    }
  }

  /**
   * Catalog building ({@code skills catalog}).
   *
   * @param catalogSample {@code teacher.catalog-sample}: items sampled for naming skills
   * @param catalogSize {@code teacher.catalog-size}: the most skills of a catalog
   */
  public record Catalog(int catalogSample, int catalogSize) {
    public Catalog {
      atLeast("teacher.catalog-sample", catalogSample, 1);
      atLeast("teacher.catalog-size", catalogSize, 1);
    }
  }

  /**
   * The persistent response cache, which never pays twice for the same call.
   *
   * @param cacheDir {@code teacher.cache-dir}; null (empty in YAML) for memory only
   * @param cacheMemoryEntries {@code teacher.cache-memory-entries}: answers kept in memory
   */
  public record Cache(String cacheDir, long cacheMemoryEntries) {
    public Cache {
      cacheDir = blankToNull(cacheDir);
      atLeast("teacher.cache-memory-entries", cacheMemoryEntries, 0);
    }

    /** The cache directory; null for memory only. */
    public Path directory() {
      return cacheDir == null ? null : Path.of(cacheDir);
    }
  }

  private static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw new BadInputException(key + " must be >= " + min + " but was " + value);
    }
  }

  private static void dollars(String key, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new BadInputException(key + " must be a number >= 0 but was " + value);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
