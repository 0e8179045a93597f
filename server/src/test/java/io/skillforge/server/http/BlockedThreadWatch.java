package io.skillforge.server.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Catches Vert.x's blocked-thread warnings in a test: Vert.x checks its event loops every 100 ms
 * and warns about one that ran a task for longer than {@link #MAX_EVENT_LOOP_MILLIS} ms; the
 * warnings are collected here, and {@link #assertNone()} fails the test that caused one.
 */
final class BlockedThreadWatch implements AutoCloseable {
  /** Longer than any task an event loop should run, short enough that blocking I/O there shows. */
  static final long MAX_EVENT_LOOP_MILLIS = 500;
  private static final String CHECKER = "io.vertx.core.impl.BlockedThreadChecker";

  private final Logger logger = (Logger) LoggerFactory.getLogger(CHECKER);
  private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

  BlockedThreadWatch() {
    warnings.start();
    logger.addAppender(warnings);
  }

  /** Options that make Vert.x check often and warn early. */
  static VertxOptions options() {
    return new VertxOptions().setBlockedThreadCheckInterval(100)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_MILLIS).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setWarningExceptionTime(MAX_EVENT_LOOP_MILLIS).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
  }

  List<String> seen() {
    synchronized (warnings.list) {
      return warnings.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  void assertNone() {
    List<String> seen = seen();
    if (!seen.isEmpty()) {
      throw new AssertionError("an event loop was blocked: " + seen);
    }
  }

  @Override
  public void close() {
    logger.detachAppender(warnings);
  }
}
