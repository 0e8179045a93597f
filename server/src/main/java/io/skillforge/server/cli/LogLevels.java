package io.skillforge.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The log levels behind {@code --verbose}: DEBUG for Skillforge's loggers, INFO for every other
 * logger the configuration ({@code conf/logback.xml}) gives a level, the libraries. Levels are only
 * lowered, never raised, so a configuration that already shows more keeps showing it. Acts on
 * logback, the binding the CLI ships; under any other binding it changes nothing.
 */
final class LogLevels {
  private static final String OURS = "io.skillforge";

  private final Map<String, Level> configured;

  private LogLevels(Map<String, Level> configured) {
    this.configured = configured;
  }

  /**
   * Lowers the levels for a verbose run and returns what puts them back, so that a command run
   * in-process leaves the next one the levels it found.
   */
  static LogLevels lowerForVerbose() {
    Map<String, Level> before = new LinkedHashMap<>();
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      for (Logger logger : context.getLoggerList()) {
        Level level = logger.getLevel();
        if (level == null) {
          continue; // inherits from its parent, which is lowered in its turn
        }
        before.put(logger.getName(), level);
        Level verbose = isOurs(logger.getName()) ? Level.DEBUG : Level.INFO;
        if (level.isGreaterOrEqual(verbose)) {
          logger.setLevel(verbose);
        }
      }
    }
    return new LogLevels(before);
  }

  /** Puts back the levels found by {@link #lowerForVerbose()}. */
  void restore() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      configured.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }
  }

  private static boolean isOurs(String name) {
    return name.equals(OURS) || name.startsWith(OURS + ".");
  }
}
