package io.skillforge.synthesis.teacher;

import io.skillforge.synthesis.teacher.prompt.PromptRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The teacher's ledger for one job: accounting (calls, tokens, retries, cost), the dollar budget,
 * and the per-item failure records. Teachers write to it; the job reads {@link #usage} and {@link
 * #failures}. Thread-safe.
 *
 * <p>Budget: before each paid attempt a teacher {@linkplain #reserve reserves} the attempt's
 * estimated cost and is refused when spent + reserved + estimate would exceed the budget; once the
 * answer arrives it {@linkplain #settle settles} the reservation with the real cost. The budget is
 * therefore a hard stop, overshot by at most the estimation error of the calls in flight.
 */
public final class TeacherLedger {
  /** Failure records beyond this many are counted but not kept. */
  public static final int MAX_KEPT_FAILURES = 10_000;

  private final String id;
  private final double budgetDollars;
  private final LongAdder calls = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder httpCalls = new LongAdder();
  private final LongAdder promptTokens = new LongAdder();
  private final LongAdder completionTokens = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder repairs = new LongAdder();
  private final LongAdder failedCalls = new LongAdder();
  private final LongAdder failureCount = new LongAdder();
  private final List<TeacherFailure> failures = new ArrayList<>();
  private double spentDollars;
  private double reservedDollars;

  private TeacherLedger(String id, double budgetDollars) {
    this.id = Objects.requireNonNull(id, "id");
    if (!(budgetDollars >= 0)) {
      throw new IllegalArgumentException("budget must be >= 0 dollars but was " + budgetDollars);
    }
    this.budgetDollars = budgetDollars;
  }

  /** A ledger without a dollar budget. */
  public static TeacherLedger unlimited(String id) {
    return new TeacherLedger(id, Double.POSITIVE_INFINITY);
  }

  /**
   * A ledger whose job may spend at most {@code dollars}.
   *
   * @throws IllegalArgumentException when {@code dollars} is negative or NaN
   */
  public static TeacherLedger withBudget(String id, double dollars) {
    return new TeacherLedger(id, dollars);
  }

  public String id() {
    return id;
  }

  public double budgetDollars() {
    return budgetDollars;
  }

  /**
   * Reserves {@code dollars} for one attempt.
   *
   * @return false, reserving nothing, when the reservation would exceed the budget
   */
  public synchronized boolean reserve(double dollars) {
    if (spentDollars + reservedDollars + dollars > budgetDollars) {
      return false;
    }
    reservedDollars += dollars;
    return true;
  }

  /** Replaces an earlier reservation of {@code reserved} dollars by the real cost {@code spent}. */
  public synchronized void settle(double reserved, double spent) {
    reservedDollars = Math.max(0, reservedDollars - reserved);
    spentDollars += spent;
  }

  public synchronized double spentDollars() {
    return spentDollars;
  }

  /** Whether less than {@code dollars} is left. */
  public synchronized boolean exhausted(double dollars) {
    return spentDollars + reservedDollars + dollars > budgetDollars;
  }

  public void countCall() {
    calls.increment();
  }

  public void countCacheHit() {
    cacheHits.increment();
  }

  public void countHttpCall() {
    httpCalls.increment();
  }

  public void countTokens(long prompt, long completion) {
    promptTokens.add(prompt);
    completionTokens.add(completion);
  }

  public void countRetry() {
    retries.increment();
  }

  public void countRepair() {
    repairs.increment();
  }

  public void countFailedCall() {
    failedCalls.increment();
  }

  /** Records that the teacher could not do {@code role} for {@code itemId}, and why. */
  public void recordFailure(PromptRole role, String itemId, String reason) {
    TeacherFailure failure = new TeacherFailure(role, itemId, reason, Instant.now());
    failureCount.increment();
    synchronized (failures) {
      if (failures.size() < MAX_KEPT_FAILURES) {
        failures.add(failure);
      }
    }
  }

  /** The failure records kept so far, in the order they were recorded. */
  public List<TeacherFailure> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  public TeacherUsage usage() {
    double spent;
    synchronized (this) {
      spent = spentDollars;
    }
    return new TeacherUsage(
        calls.sum(),
        cacheHits.sum(),
        httpCalls.sum(),
        promptTokens.sum(),
        completionTokens.sum(),
        retries.sum(),
        repairs.sum(),
        failedCalls.sum(),
        failureCount.sum(),
        spent,
        budgetDollars);
  }
}
