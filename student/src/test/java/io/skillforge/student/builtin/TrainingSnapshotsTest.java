package io.skillforge.student.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.errors.CancelledException;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.TinyTasks;
import io.skillforge.student.TrainingProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped part-way continues from its last snapshot to the same bytes as one that never stopped. */
class TrainingSnapshotsTest {
  private static final TransformerConfig TINY = TransformerConfig.of(32, 2, 2, 48);
  private static final List<Example> DATA =
      TinyTasks.mixed(List.of(TinyTasks.FIRST, TinyTasks.REVERSE), 200, 5);
  private static final FineTuneSettings SETTINGS =
      FineTuneSettings.defaults(12).withBatchSize(8).withSeed(1);

  @TempDir Path dir;

  @Test
  void crashAfterASnapshot_resumes_toTheBytesOfAnUninterruptedRun() throws Exception {
    Path uninterrupted = dir.resolve("uninterrupted");
    FineTuneReport whole = train(SETTINGS, null, p -> {}, uninterrupted);

    BuiltinStudent.Snapshots snapshots = new BuiltinStudent.Snapshots(dir.resolve("snap"), 4);
    var crash = assertThrows(IllegalStateException.class, () -> train(SETTINGS, snapshots, p -> {
      if (p.step() == 7) {
        throw new IllegalStateException("simulated crash at step 7");
      }
    }, dir.resolve("never")));
    assertEquals("simulated crash at step 7", crash.getMessage());
    // The snapshot after step 4 is a checkpoint of its own, with 4 steps recorded.
    try (BuiltinStudent partial = BuiltinStudent.load(snapshots.directory())) {
      assertEquals(4, partial.metadata().totalSteps());
    }

    List<Integer> steps = new ArrayList<>();
    Path resumed = dir.resolve("resumed");
    FineTuneReport rest = train(SETTINGS, snapshots, p -> steps.add(p.step()), resumed);
    assertEquals(List.of(5, 6, 7, 8, 9, 10, 11, 12), steps);
    assertArrayEquals(Files.readAllBytes(uninterrupted.resolve(Checkpoint.PARAMS)),
        Files.readAllBytes(resumed.resolve(Checkpoint.PARAMS)));
    assertEquals(Files.readString(uninterrupted.resolve(Checkpoint.CONFIG)),
        Files.readString(resumed.resolve(Checkpoint.CONFIG)));
    assertEquals(whole.tokens(), rest.tokens());
    assertEquals(whole.firstLoss(), rest.firstLoss());
    assertEquals(whole.finalLoss(), rest.finalLoss());

    snapshots.clear();
    assertFalse(Files.exists(snapshots.directory()));
  }

  @Test
  void snapshotLeftBesideTheDirectory_byACrashWhileReplacing_isResumed() throws Exception {
    Path uninterrupted = dir.resolve("uninterrupted");
    train(SETTINGS, null, p -> {}, uninterrupted);
    for (String left : List.of(".old", ".next")) {
      BuiltinStudent.Snapshots snapshots =
          new BuiltinStudent.Snapshots(dir.resolve("snap" + left.substring(1)), 4);
      assertThrows(IllegalStateException.class, () -> train(SETTINGS, snapshots, p -> {
        if (p.step() == 6) {
          throw new IllegalStateException("stop");
        }
      }, dir.resolve("never")));
      Path aside = snapshots.directory().resolveSibling(snapshots.directory().getFileName() + left);
      Files.move(snapshots.directory(), aside);

      List<Integer> steps = new ArrayList<>();
      Path resumed = dir.resolve("resumed" + left);
      train(SETTINGS, snapshots, p -> steps.add(p.step()), resumed);
      assertEquals(5, steps.get(0), left);
      assertArrayEquals(Files.readAllBytes(uninterrupted.resolve(Checkpoint.PARAMS)),
          Files.readAllBytes(resumed.resolve(Checkpoint.PARAMS)), left);
      assertFalse(Files.exists(aside), left);
    }
  }

  @Test
  void snapshotOfAnotherRun_isRefused_notOverwritten() throws Exception {
    BuiltinStudent.Snapshots snapshots = new BuiltinStudent.Snapshots(dir.resolve("snap"), 4);
    assertThrows(IllegalStateException.class, () -> train(SETTINGS, snapshots, p -> {
      if (p.step() == 5) {
        throw new IllegalStateException("stop");
      }
    }, dir.resolve("never")));
    byte[] kept = Files.readAllBytes(snapshots.directory().resolve(Checkpoint.PARAMS));

    var refused = assertThrows(IllegalArgumentException.class,
        () -> train(SETTINGS.withSeed(2), snapshots, p -> {}, dir.resolve("other")));
    assertTrue(refused.getMessage().contains("another training run"), refused.getMessage());
    assertArrayEquals(kept, Files.readAllBytes(snapshots.directory().resolve(Checkpoint.PARAMS)));
  }

  @Test
  void cancelledAfterASnapshot_stopsBeforeTheNextStep_andResumesLater() throws Exception {
    Path uninterrupted = dir.resolve("uninterrupted");
    train(SETTINGS, null, p -> {}, uninterrupted);

    BuiltinStudent.Snapshots snapshots = new BuiltinStudent.Snapshots(dir.resolve("snap"), 4);
    Cancellation cancellation = new Cancellation();
    List<Integer> done = new ArrayList<>();
    CancelledException stopped = assertThrows(CancelledException.class,
        () -> train(SETTINGS, snapshots, p -> {
          done.add(p.step());
          if (p.step() == 6) {
            cancellation.cancel("stopped by the user");
          }
        }, cancellation, dir.resolve("never")));
    assertEquals("stopped by the user", stopped.getMessage());
    assertEquals(List.of(1, 2, 3, 4, 5, 6), done);
    assertFalse(Files.exists(dir.resolve("never")));

    List<Integer> steps = new ArrayList<>();
    Path resumed = dir.resolve("resumed");
    train(SETTINGS, snapshots, p -> steps.add(p.step()), resumed);
    assertEquals(List.of(5, 6, 7, 8, 9, 10, 11, 12), steps);
    assertArrayEquals(Files.readAllBytes(uninterrupted.resolve(Checkpoint.PARAMS)),
        Files.readAllBytes(resumed.resolve(Checkpoint.PARAMS)));
  }

  private static FineTuneReport train(FineTuneSettings settings,
      BuiltinStudent.Snapshots snapshots, Consumer<TrainingProgress> listener, Path out) {
    return train(settings, snapshots, listener, Cancellation.never(), out);
  }

  /** Trains a fresh model of seed 3 and saves it to {@code out}. */
  private static FineTuneReport train(FineTuneSettings settings,
      BuiltinStudent.Snapshots snapshots, Consumer<TrainingProgress> listener,
      Cancellation cancellation, Path out) {
    try (BuiltinStudent s = BuiltinStudent.create(TINY, 3,
        BuiltinStudent.Options.DEFAULT.withTrainingThreads(2))) {
      FineTuneReport report =
          Await.result(s.fineTune(DATA, settings, listener, cancellation, snapshots));
      Await.result(s.save(out));
      return report;
    }
  }
}
