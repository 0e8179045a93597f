package io.skillforge.synthesis.teacher;

import io.skillforge.synthesis.teacher.TeacherException.Reason;
import io.skillforge.synthesis.teacher.prompt.PromptRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The teacher's ledger for one job: accounting (calls, tokens, retries, cost), the dollar budget,
 * the failed calls by reason, and the per-item failure records. Teachers write to it; the job reads
 * {@link #usage}, {@link #failures} and {@link #failureSummary}. Thread-safe.
 *
 * <p>Budget: before each paid attempt a teacher {@linkplain #reserve reserves} the attempt's
 * estimated cost and is refused when spent + reserved + estimate would exceed the budget; once the
 * answer arrives (or the attempt ends without one) it {@linkplain Reservation#settle settles} that
 * reservation with the real cost. A reservation is settled exactly once, however many paths try,
 * so the reserved amount returns to zero when nothing is in flight. The budget is therefore a hard
 * stop, overshot by at most the estimation error of the calls in flight.
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
  /** Failed calls by reason, with the first message of each; guarded by itself. */
  private final Map<Reason, FailedCalls> failedByReason = new EnumMap<>(Reason.class);
  private double spentDollars;
  private double reservedDollars;
  private int openReservations;

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

  /** The id of the job this ledger accounts for; teachers put it in provenance. */
  public String id() {
    return id;
  }

  public double budgetDollars() {
    return budgetDollars;
  }

  /**
   * Reserves {@code dollars} for one attempt.
   *
   * @return the reservation, to settle exactly once; empty, reserving nothing, when it would
   *     exceed the budget
   */
  public synchronized Optional<Reservation> reserve(double dollars) {
    if (!(dollars >= 0)) {
      throw new IllegalArgumentException("a reservation must be >= 0 dollars but was " + dollars);
    }
    if (spentDollars + reservedDollars + dollars > budgetDollars) {
      return Optional.empty();
    }
    reservedDollars += dollars;
    openReservations++;
    return Optional.of(new Reservation(dollars));
  }

  /** Books {@code dollars} spent without a reservation (an answer paid for after its refund). */
  public synchronized void spend(double dollars) {
    spentDollars += dollars;
  }

  private synchronized void close(Reservation reservation, double spent) {
    openReservations--;
    // Summing and subtracting the same doubles in another order leaves dust: with nothing in
    // flight the reserved amount is zero by definition.
    reservedDollars = openReservations == 0 ? 0 : Math.max(0, reservedDollars - reservation.dollars);
    spentDollars += spent;
  }

  public synchronized double spentDollars() {
    return spentDollars;
  }

  /** Dollars reserved by attempts in flight. */
  public synchronized double reservedDollars() {
    return reservedDollars;
  }

  /** Reservations not yet settled. */
  public synchronized int openReservations() {
    return openReservations;
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

  /** Counts one call that ended without an answer, and why; the first message of each reason is kept. */
  public void countFailedCall(Reason reason, String message) {
    Objects.requireNonNull(reason, "reason");
    failedCalls.increment();
    synchronized (failedByReason) {
      failedByReason.merge(reason, new FailedCalls(reason, 1, message),
          (old, one) -> new FailedCalls(reason, old.count() + 1, old.firstMessage()));
    }
  }

  /** Failed calls by reason, most frequent first. */
  public List<FailedCalls> failedCalls() {
    synchronized (failedByReason) {
      return failedByReason.values().stream()
          .sorted((a, b) -> Long.compare(b.count(), a.count()))
          .toList();
    }
  }

  /**
   * One line on the calls that failed, for a command to print once at the end, such as {@code 12
   * teacher calls failed: 9 stopped by the budget, 3 got no valid answer; first: ...}; empty when
   * none did. The pipeline logs each failure only at debug level, so this line is what a user sees.
   */
  public Optional<String> failureSummary() {
    List<FailedCalls> byReason = failedCalls();
    if (byReason.isEmpty()) {
      return Optional.empty();
    }
    long total = byReason.stream().mapToLong(FailedCalls::count).sum();
    StringBuilder line = new StringBuilder();
    line.append(total).append(total == 1 ? " teacher call failed: " : " teacher calls failed: ");
    for (int i = 0; i < byReason.size(); i++) {
      FailedCalls f = byReason.get(i);
      line.append(i == 0 ? "" : ", ").append(f.count()).append(' ').append(f.reason().summary());
    }
    line.append("; first: ").append(byReason.get(0).firstMessage());
    return Optional.of(line.toString());
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

  /**
   * Calls that failed for one reason.
   *
   * @param reason why they failed
   * @param count how many
   * @param firstMessage the message of the first one
   */
  public record FailedCalls(Reason reason, long count, String firstMessage) {}

  /**
   * Dollars booked for one attempt. {@link #settle} replaces the booking by the real cost once;
   * later calls do nothing, so every path that ends an attempt may settle it without counting
   * twice. Thread-safe.
   */
  public final class Reservation {
    private final double dollars;
    private final AtomicBoolean settled = new AtomicBoolean();

    private Reservation(double dollars) {
      this.dollars = dollars;
    }

    public double dollars() {
      return dollars;
    }

    /**
     * Releases the booking and books {@code spentDollars} instead.
     *
     * @return true for the call that settled it; false, changing nothing, when it already was
     */
    public boolean settle(double spentDollars) {
      if (!settled.compareAndSet(false, true)) {
        return false;
      }
      close(this, spentDollars);
      return true;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "reservation of $%.6f%s", dollars, settled.get() ? " (settled)" : "");
    }
  }
}
