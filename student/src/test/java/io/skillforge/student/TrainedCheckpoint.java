package io.skillforge.student;

import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.builtin.TransformerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A small checkpoint that has learnt {@link TinyTasks#FIRST} and {@link TinyTasks#REVERSE} well
 * enough to give varied, partly right answers; trained once per test JVM (a few seconds) and
 * deleted when the JVM exits.
 */
public final class TrainedCheckpoint {
  public static final List<String> SKILLS = List.of(TinyTasks.FIRST, TinyTasks.REVERSE);
  public static final TransformerConfig CONFIG = TransformerConfig.of(48, 2, 2, 48);

  private static Path directory;

  private TrainedCheckpoint() {}

  /** The checkpoint directory. */
  public static synchronized Path get() {
    if (directory == null) {
      try {
        Path root = Files.createTempDirectory("trained-checkpoint");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
        Path checkpoint = root.resolve("tiny-student");
        try (BuiltinStudent s = BuiltinStudent.create(CONFIG, 5)) {
          Await.result(s.fineTune(TinyTasks.mixed(SKILLS, 1000, 3), FineTuneSettings.defaults(300)
              .withLearningRate(3e-3), p -> {}, Cancellation.never()));
          Await.result(s.save(checkpoint));
        }
        directory = checkpoint;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return directory;
  }

  private static void delete(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Left in the temporary directory.
    }
  }
}
