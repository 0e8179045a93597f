package io.skillforge.server.teacher;

import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.synthesis.teacher.BuiltinTeacher;
import io.skillforge.synthesis.teacher.Teacher;
import io.skillforge.synthesis.teacher.TeacherLedger;
import io.skillforge.synthesis.teacher.llm.CostEstimate;
import io.skillforge.synthesis.teacher.llm.TeacherClient;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import java.util.List;
import io.skillforge.skills.resilience.RateLimiter;
import io.skillforge.synthesis.teacher.cache.AnswerTier;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The teacher one job uses, opened from configuration: the in-process built-in teacher, or the
 * LangChain4j teacher of the configured provider (with its cache, limits and breaker). Closing it
 * releases the provider's client. Not shared between jobs; thread-safe like the teacher itself.
 */
public final class TeacherSession implements AutoCloseable {
  private final Teacher teacher;
  private final TeacherClient client;
  private final TeacherLedger ledger;

  private TeacherSession(Teacher teacher, TeacherClient client, TeacherLedger ledger) {
    this.teacher = teacher;
    this.client = client;
    this.ledger = ledger;
  }

  /**
   * Opens the teacher {@code settings} describe, accounting into {@code ledger}.
   *
   * @param env where the API key variable is looked up (normally {@link System#getenv()})
   * @throws IllegalArgumentException when the provider needs an API key that {@code env} lacks
   */
  public static TeacherSession open(TeacherSettings settings, TeacherLedger ledger, Map<String, String> env) {
    return open(settings, ledger, env, null, null);
  }

  /**
   * Like {@link #open(TeacherSettings, TeacherLedger, Map)}, with an LLM teacher's answers cached
   * in {@code sharedAnswers} (a cluster's shared tier) instead of {@code teacher.cache-dir}.
   *
   * @param sharedAnswers null for {@code teacher.cache-dir}
   * @param pacing the rate limiter shared by the jobs that use the same provider account; null
   *     for one of the session's own
   */
  public static TeacherSession open(TeacherSettings settings, TeacherLedger ledger, Map<String, String> env,
      AnswerTier sharedAnswers, RateLimiter pacing) {
    Objects.requireNonNull(ledger, "ledger");
    LedgerWatch.opened(ledger);
    if (settings.builtin()) {
      return new TeacherSession(new BuiltinTeacher(), null, ledger);
    }
    TeacherClient client = TeacherClient.open(settings, env, sharedAnswers, pacing);
    return new TeacherSession(client.teacher(ledger), client, ledger);
  }

  public Teacher teacher() {
    return teacher;
  }

  public TeacherLedger ledger() {
    return ledger;
  }

  /** The LangChain4j client; null for the built-in teacher. */
  public TeacherClient client() {
    return client;
  }

  /** What labelling {@code items} should cost; nothing for the built-in teacher. */
  public CostEstimate estimateLabels(List<Example> items, SkillCatalog catalog) {
    return client == null ? new CostEstimate(0, 0, 0, 0, 0) : client.estimateLabels(items, catalog);
  }

  /** What building a catalog from {@code sample} should cost; nothing for the built-in teacher. */
  public CostEstimate estimateCatalog(List<Example> sample, int maxSkills) {
    return client == null ? new CostEstimate(0, 0, 0, 0, 0) : client.estimateCatalog(sample, maxSkills);
  }

  /** One line on the teacher and its use so far, for progress and summaries. */
  public String describeUsage() {
    return describe(ledger.usage());
  }

  /** One line on what a teacher was asked and what it cost. */
  public static String describe(io.skillforge.synthesis.teacher.TeacherUsage u) {
    return String.format(
        java.util.Locale.ROOT,
        "%d calls, %d cache hits, %d HTTP calls, %d retries, %d re-asks, %d+%d tokens, $%.4f, %d failed items",
        u.calls(), u.cacheHits(), u.httpCalls(), u.retries(), u.repairs(), u.promptTokens(),
        u.completionTokens(), u.costDollars(), u.failures());
  }

  /**
   * One line on the teacher calls that failed (how many, why, the first message), for a command to
   * print once at the end; empty when none failed. The teacher logs each failure at debug level
   * only.
   */
  public Optional<String> failureSummary() {
    return ledger.failureSummary();
  }

  @Override
  public void close() {
    teacher.close();
    if (client != null) {
      client.close();
    }
  }
}
