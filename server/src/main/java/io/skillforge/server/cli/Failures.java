package io.skillforge.server.cli;

import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.ConflictException;
import io.skillforge.skills.errors.NotFoundException;
import io.skillforge.skills.errors.SkillforgeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * How a failed command is told to the user: one line and an exit code. Bad input, something
 * missing and a conflict with what exists are usage errors (2); a teacher that is down, a spent
 * budget, a cancelled job and failures of the machine are failures (1). The line never names a
 * Java class.
 */
final class Failures {
  private Failures() {}

  static int exitCode(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof BadInputException || e instanceof NotFoundException || e instanceof ConflictException
        || e instanceof IllegalArgumentException || e instanceof NoSuchFileException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.FAILURE;
  }

  static String describe(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof SkillforgeException || e instanceof IllegalArgumentException) {
      return text(e);
    }
    if (e instanceof FileSystemException fs) {
      return files(fs);
    }
    if (e instanceof IOException) {
      return "input/output failed: " + text(e);
    }
    if (e instanceof OutOfMemoryError) {
      return "out of memory; give the JVM more with SKILLFORGE_JAVA_OPTS=-Xmx8g";
    }
    return "unexpected failure: " + text(e) + " (rerun with -Dskillforge.debug=true in"
        + " SKILLFORGE_JAVA_OPTS for the details)";
  }

  private static String files(FileSystemException e) {
    String file = e.getFile();
    if (e instanceof NoSuchFileException) {
      return "no such file or directory: " + file;
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + file;
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists: " + file;
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory: " + file;
    }
    String reason = e.getReason();
    return file + ": " + (reason == null ? "input/output failed" : reason);
  }

  private static Throwable unwrap(Throwable e) {
    while (e instanceof UncheckedIOException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static String text(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? "no details were given" : message;
  }
}
