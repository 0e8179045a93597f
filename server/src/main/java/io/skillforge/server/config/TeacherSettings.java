package io.skillforge.server.config;

import io.skillforge.synthesis.teacher.llm.LlmTeacherOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code teacher} section (see {@code conf/skillforge.yaml} for every key), after a profile or
 * kind chosen with {@code --teacher} was applied. Holds the name of the API-key variable, never
 * the key.
 */
public record TeacherSettings(
    String kind,
    String baseUrl,
    String model,
    String apiKeyEnv,
    int maxConcurrency,
    long requestsPerMinute,
    long tokensPerMinute,
    int maxRetries,
    long retryBaseMs,
    long maxRetryAfterSeconds,
    long timeoutSeconds,
    int breakerFailures,
    long breakerOpenSeconds,
    double temperature,
    Integer maxTokens,
    int labelBatchSize,
    int maxRepairs,
    String structuredOutput,
    double pricePerMillionPromptTokens,
    double pricePerMillionCompletionTokens,
    double budgetDollars,
    int catalogSample,
    int catalogSize,
    String cacheDir) {

  /** The kind of the in-process skill-world teacher. */
  public static final String BUILTIN = "builtin";

  public TeacherSettings {
    kind = kind == null ? BUILTIN : kind.trim().toLowerCase(Locale.ROOT);
    if (!BUILTIN.equals(kind)) {
      LlmTeacherOptions.Provider.fromWire(kind);
    }
    if (!(budgetDollars >= 0)) {
      throw new IllegalArgumentException("teacher.budget-dollars must be >= 0 but was " + budgetDollars);
    }
    if (catalogSample < 1 || catalogSize < 1) {
      throw new IllegalArgumentException(
          "teacher.catalog-sample and teacher.catalog-size must be >= 1 but were "
              + catalogSample + " and " + catalogSize);
    }
  }

  /** Whether this is the in-process skill-world teacher. */
  public boolean builtin() {
    return BUILTIN.equals(kind);
  }

  /**
   * The LangChain4j teacher's options.
   *
   * @throws IllegalStateException for the built-in teacher
   * @throws IllegalArgumentException naming a bad value
   */
  public LlmTeacherOptions toOptions() {
    if (builtin()) {
      throw new IllegalStateException("the built-in teacher has no LangChain4j options");
    }
    return LlmTeacherOptions.builder()
        .provider(LlmTeacherOptions.Provider.fromWire(kind))
        .baseUrl(baseUrl == null || baseUrl.isBlank() ? null : baseUrl.trim())
        .model(model)
        .apiKeyEnv(apiKeyEnv)
        .maxConcurrency(maxConcurrency)
        .requestsPerMinute(requestsPerMinute)
        .tokensPerMinute(tokensPerMinute)
        .maxRetries(maxRetries)
        .retryBaseDelay(Duration.ofMillis(retryBaseMs))
        .retryMaxDelay(Duration.ofMillis(Math.max(retryBaseMs, 20_000)))
        .maxRetryAfter(Duration.ofSeconds(maxRetryAfterSeconds))
        .timeout(Duration.ofSeconds(timeoutSeconds))
        .breakerFailures(breakerFailures)
        .breakerOpenFor(Duration.ofSeconds(breakerOpenSeconds))
        .temperature(temperature)
        .maxTokens(maxTokens == null || maxTokens <= 0 ? null : maxTokens)
        .labelBatchSize(labelBatchSize)
        .maxRepairs(maxRepairs)
        .structuredOutput(LlmTeacherOptions.StructuredOutput.fromWire(structuredOutput))
        .pricePerMillionPromptTokens(pricePerMillionPromptTokens)
        .pricePerMillionCompletionTokens(pricePerMillionCompletionTokens)
        .cacheDir(cacheDir == null || cacheDir.isBlank() ? null : Path.of(cacheDir))
        .build();
  }
}
