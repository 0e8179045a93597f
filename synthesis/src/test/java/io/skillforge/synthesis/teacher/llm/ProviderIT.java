package io.skillforge.synthesis.teacher.llm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.skillforge.synthesis.teacher.Teacher;
import io.skillforge.synthesis.teacher.TeacherContract;
import io.skillforge.synthesis.teacher.TeacherLedger;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import java.util.HashMap;
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

  /** The settings of this provider, built from the environment. */
  protected abstract TeacherSettings settings(Map<String, String> env);

  @Override
  protected Teacher teacher() {
    String variable = enablingVariable();
    String value = System.getenv(variable);
    assumeTrue(value != null && !value.isBlank(), variable + " is not set; skipping " + getClass().getSimpleName());
    TeacherClient client = CLIENTS.computeIfAbsent(getClass(),
        c -> TeacherClient.open(settings(System.getenv()), System.getenv()));
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

  /** The bundled defaults with small batches and a test cache, then the provider's keys. */
  protected static TeacherSettings base(Map<String, String> provider) {
    Map<String, Object> keys = new HashMap<>(Map.of(
        "max-concurrency", 4,
        "label-batch-size", 4,
        "max-tokens", 4096,
        "cache-dir", "target/it-teacher-cache"));
    keys.putAll(provider);
    return TeacherSettings.defaults().with(keys);
  }
}
