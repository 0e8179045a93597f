package io.skillforge.synthesis.teacher.llm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.skillforge.synthesis.teacher.Teacher;
import io.skillforge.synthesis.teacher.TeacherContract;
import io.skillforge.synthesis.teacher.TeacherLedger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared teacher contract against a real provider. Each subclass names the environment
 * variable that enables it (an API key, or a local server's URL) and is skipped when it is unset.
 * Surefire leaves {@code *IT} classes out of the default build; run them with {@code mvn -B -pl
 * synthesis -am test -Dtest='*IT' -Dsurefire.failIfNoSpecifiedTests=false} once the variable is
 * set.
 */
abstract class ProviderIT extends TeacherContract {
  private static final Map<Class<?>, TeacherClient> CLIENTS = new ConcurrentHashMap<>();

  /** The variable that must be set for this provider's tests to run. */
  protected abstract String enablingVariable();

  /** The options of this provider, built from the environment. */
  protected abstract LlmTeacherOptions options(Map<String, String> env);

  @Override
  protected Teacher teacher() {
    String variable = enablingVariable();
    String value = System.getenv(variable);
    assumeTrue(value != null && !value.isBlank(), variable + " is not set; skipping " + getClass().getSimpleName());
    TeacherClient client = CLIENTS.computeIfAbsent(getClass(),
        c -> TeacherClient.open(options(System.getenv()), System.getenv()));
    return client.teacher(TeacherLedger.unlimited(getClass().getSimpleName()));
  }

  /** A real model is not exact; the contract asks for most answers right. */
  @Override
  protected double minAgreement() {
    return 0.6;
  }

  @Override
  protected long timeoutSeconds() {
    return 180;
  }

  protected static LlmTeacherOptions.Builder base(Map<String, String> env) {
    return LlmTeacherOptions.builder()
        .maxConcurrency(4)
        .labelBatchSize(4)
        .maxTokens(4096)
        .cacheDir(java.nio.file.Path.of("target", "it-teacher-cache"));
  }
}
