package io.skillforge.server.cli.student;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.cli.Cli;
import io.skillforge.server.cli.ExitCodes;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.dataset.DatasetFormat;
import io.skillforge.skills.dataset.DatasetReader;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.builtin.TransformerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.skillforge.server.jobs.student.TrainStudentJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code student train} after a crash: the same command continues from the snapshot under
 * {@code --out} and writes the checkpoint an uninterrupted run writes. The crash is a run through
 * the library with the command's defaults, stopped after its second snapshot.
 */
class StudentTrainResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void rerunAfterACrash_resumes_andWritesTheUninterruptedCheckpoint() throws Exception {
    Path data = dir.resolve("data.jsonl");
    Files.write(data, StudentCommandTest.lines(120, 4));
    Path whole = dir.resolve("whole");
    assertEquals(0, train(data, whole), err.toString());
    assertFalse(Files.exists(whole.resolve(TrainStudentJob.SNAPSHOTS)),
        "snapshots are deleted once the checkpoint is written");

    Path crashed = dir.resolve("crashed");
    crashAfterStep(data, crashed, 9);
    assertTrue(Files.isDirectory(crashed.resolve(TrainStudentJob.SNAPSHOTS)));

    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    assertEquals(0, train(data, crashed), err.toString());
    assertTrue(err.toString().contains("resumed after step 8 from the snapshot in"), err.toString());
    assertFalse(err.toString().contains("step 1/"), err.toString());
    JsonNode summary = JSON.readTree(out.toString().strip());
    assertEquals(8, summary.get("resumedAfterStep").asInt());
    assertEquals(12, summary.get("steps").asInt());
    assertArrayEquals(Files.readAllBytes(whole.resolve("model.params")),
        Files.readAllBytes(crashed.resolve("model.params")));
    assertEquals(Files.readString(whole.resolve("config.json")),
        Files.readString(crashed.resolve("config.json")));
    assertFalse(Files.exists(crashed.resolve(TrainStudentJob.SNAPSHOTS)));
  }

  @Test
  void snapshotOfOtherSettings_isAUsageError_andKept() throws Exception {
    Path data = dir.resolve("data.jsonl");
    Files.write(data, StudentCommandTest.lines(120, 4));
    Path crashed = dir.resolve("crashed");
    crashAfterStep(data, crashed, 5);
    assertEquals(ExitCodes.USAGE, Cli.execute(new PrintWriter(out), new PrintWriter(err),
        "student", "train", "--data", data.toString(), "--steps", "12", "--save-every", "4",
        "--seed", "8", "--out", crashed.toString(), "--dim", "32", "--layers", "1", "--heads",
        "2", "--context", "48"));
    assertTrue(err.toString().contains("holds a snapshot of another training run"),
        err.toString());
    assertTrue(Files.isDirectory(crashed.resolve(TrainStudentJob.SNAPSHOTS)));
  }

  private int train(Path data, Path target) {
    return Cli.execute(new PrintWriter(out), new PrintWriter(err), "student", "train", "--data",
        data.toString(), "--steps", "12", "--save-every", "4", "--out", target.toString(),
        "--dim", "32", "--layers", "1", "--heads", "2", "--context", "48");
  }

  /** What the command above does, stopped by an exception after {@code step} steps. */
  private static void crashAfterStep(Path data, Path target, int step) throws Exception {
    List<Example> examples = new ArrayList<>();
    DatasetReader.builder().format(DatasetFormat.JSONL).build().read(data, examples::add);
    TransformerConfig config = TransformerConfig.of(32, 1, 2, 48)
        .withMlpRatio(TransformerConfig.DEFAULT.mlpRatio());
    try (BuiltinStudent student = BuiltinStudent.create(config, 42,
        BuiltinStudent.Options.DEFAULT.withTrainingThreads(2))) {
      FineTuneSettings settings = FineTuneSettings.defaults(12).withSeed(42).withBatchSize(16)
          .withLearningRate(2e-3);
      BuiltinStudent.Snapshots snapshots =
          new BuiltinStudent.Snapshots(target.resolve(TrainStudentJob.SNAPSHOTS), 4);
      assertThrows(IllegalStateException.class, () -> Await.result(student.fineTune(examples,
          settings, p -> {
            if (p.step() == step) {
              throw new IllegalStateException("crash");
            }
          }, Cancellation.never(), snapshots)));
    }
  }
}
