package io.skillforge.server.teacher;

import io.skillforge.synthesis.teacher.TeacherLedger;
import java.util.function.Consumer;

/**
 * Lets whoever runs a job see the teacher ledgers the job opens, so that the server can report
 * teacher calls and cost while the job runs. A job opens its teachers on the thread that runs it;
 * the runner {@linkplain #watch watches} that thread for the job's duration, and {@link
 * TeacherSession#open} tells the watcher of the calling thread about each new ledger. Threads that
 * nobody watches (the command line) are not affected.
 */
public final class LedgerWatch {
  private static final ThreadLocal<Consumer<TeacherLedger>> WATCHER = new ThreadLocal<>();

  private LedgerWatch() {}

  /** Stops watching when closed. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Hands every ledger opened on this thread to {@code watcher} until the scope is closed. */
  public static Scope watch(Consumer<TeacherLedger> watcher) {
    Consumer<TeacherLedger> before = WATCHER.get();
    WATCHER.set(watcher);
    return () -> {
      if (before == null) {
        WATCHER.remove();
      } else {
        WATCHER.set(before);
      }
    };
  }

  static void opened(TeacherLedger ledger) {
    Consumer<TeacherLedger> watcher = WATCHER.get();
    if (watcher != null) {
      watcher.accept(ledger);
    }
  }
}
