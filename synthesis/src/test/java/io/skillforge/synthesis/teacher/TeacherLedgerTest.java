package io.skillforge.synthesis.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.synthesis.teacher.TeacherException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TeacherLedgerTest {

  @Test
  void reserve_overTheBudget_isRefusedAndBooksNothing() {
    TeacherLedger ledger = TeacherLedger.withBudget("j", 1.0);
    assertTrue(ledger.reserve(0.75).isPresent());
    assertEquals(Optional.empty(), ledger.reserve(0.5));
    assertEquals(0.75, ledger.reservedDollars());
    assertEquals(1, ledger.openReservations());
  }

  @Test
  void settle_twice_countsOnce() {
    TeacherLedger ledger = TeacherLedger.withBudget("j", 1.0);
    TeacherLedger.Reservation r = ledger.reserve(0.3).orElseThrow();
    assertTrue(r.settle(0.2));
    assertFalse(r.settle(0.2), "a second settle changes nothing");
    assertFalse(r.settle(0));
    assertEquals(0.2, ledger.spentDollars());
    assertEquals(0.0, ledger.reservedDollars());
    assertEquals(0, ledger.openReservations());
  }

  @Test
  void settle_racingThreads_exactlyOneWins() throws Exception {
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    for (int round = 0; round < 200; round++) {
      TeacherLedger.Reservation r = ledger.reserve(0.1).orElseThrow();
      CyclicBarrier start = new CyclicBarrier(4);
      AtomicInteger winners = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread thread = new Thread(() -> {
          try {
            start.await();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          if (r.settle(0.1)) {
            winners.incrementAndGet();
          }
        });
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      assertEquals(1, winners.get(), "round " + round);
    }
    assertEquals(0, ledger.openReservations());
    assertEquals(0.0, ledger.reservedDollars());
    assertEquals(20.0, ledger.spentDollars(), 1e-9);
  }

  @Test
  void reservedDollars_manyUnevenReservations_returnsToExactlyZero() {
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    List<TeacherLedger.Reservation> open = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      open.add(ledger.reserve(0.1 * i / 7).orElseThrow());
    }
    // Settled in another order than booked: the sum would leave floating-point dust.
    for (int i = open.size() - 1; i >= 0; i -= 2) {
      open.get(i).settle(0);
    }
    for (int i = open.size() - 2; i >= 0; i -= 2) {
      open.get(i).settle(0);
    }
    assertEquals(0.0, ledger.reservedDollars());
  }

  @Test
  void failureSummary_countsByReasonWithTheFirstMessage() {
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    assertEquals(Optional.empty(), ledger.failureSummary());
    ledger.countFailedCall(Reason.BUDGET_EXHAUSTED, "budget of $1.0000 reached");
    ledger.countFailedCall(Reason.INVALID_ANSWER, "no valid label answer after 2 re-asks");
    ledger.countFailedCall(Reason.BUDGET_EXHAUSTED, "budget of $1.0000 reached again");
    assertEquals(
        "3 teacher calls failed: 2 stopped by the budget, 1 got no valid answer;"
            + " first: budget of $1.0000 reached",
        ledger.failureSummary().orElseThrow());
    assertEquals(3, ledger.usage().failedCalls());
  }
}
