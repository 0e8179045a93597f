package io.skillforge.server.runner.kinds;

import io.skillforge.server.workspace.SafeNames;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.ConflictException;
import io.skillforge.skills.files.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Checks and moves shared by the kinds' bindings and finishers. */
final class Bindings {
  private Bindings() {}

  /**
   * @throws BadInputException when {@code value} is missing
   */
  static <T> T required(T value, String parameter) {
    if (value == null || value instanceof String s && s.isBlank()) {
      throw new BadInputException("parameter '" + parameter + "' is required");
    }
    return value;
  }

  /** A name for a new thing, checked like every stored name. */
  static String newName(String value, String parameter, String what) {
    return SafeNames.check(required(value, parameter), what);
  }

  /**
   * Copies a finished output of the job into the workspace, atomically: readers see the old version
   * or the new one, never half.
   */
  static void publish(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    OutputFiles.writeAtomically(to, w -> {
      try (var in = Files.newBufferedReader(from)) {
        in.transferTo(w);
      }
    });
  }

  /**
   * Moves a finished directory of the job (a checkpoint) into the workspace. Nothing to do when it
   * was moved already (by a run of the same job that stopped right after).
   *
   * @throws ConflictException when the target exists already
   */
  static void publishDirectory(Path from, Path to, String what) throws IOException {
    if (!Files.exists(from) && Files.exists(to)) {
      return;
    }
    if (Files.exists(to)) {
      throw new ConflictException(what + " " + to.getFileName() + " appeared while the job ran; the job's output"
          + " is kept in its directory");
    }
    Files.createDirectories(to.getParent());
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
  }
}
