package io.skillforge.student;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.builtin.TransformerConfig;
import io.skillforge.student.probe.ProbeReport;
import io.skillforge.student.probe.ProbeSettings;
import io.skillforge.student.probe.Prober;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fine-tuning criterion at small scale: a student trained mostly on one skill is weak
 * at another; fine-tuning its checkpoint on a small set targeting that skill raises the skill's
 * probed accuracy.
 */
class FineTuneTargetedSkillTest {
  private static final TransformerConfig TINY = TransformerConfig.of(48, 2, 2, 48);

  @Test
  void fineTune_smallTargetedSet_raisesThatSkillsAccuracy(@TempDir Path dir) throws Exception {
    List<Example> heldOut = TinyTasks.examples(TinyTasks.LAST, 100, 99);
    Path checkpoint = dir.resolve("base");
    try (BuiltinStudent base = BuiltinStudent.create(TINY, 1)) {
      Await.result(base.fineTune(TinyTasks.examples(TinyTasks.FIRST, 2000, 1),
          FineTuneSettings.defaults(250).withLearningRate(3e-3), p -> {}, Cancellation.never()));
      Await.result(base.save(checkpoint));
    }
    try (BuiltinStudent student = BuiltinStudent.load(checkpoint)) {
      ProbeReport before = probe(student, heldOut);
      FineTuneReport report = Await.result(student.fineTune(
          TinyTasks.examples(TinyTasks.LAST, 200, 2),
          FineTuneSettings.defaults(250).withLearningRate(3e-3).withSeed(5), p -> {},
          Cancellation.never()));
      ProbeReport after = probe(student, heldOut);
      System.out.printf("last_letter accuracy %.2f -> %.2f (%s)%n", before.accuracy(),
          after.accuracy(), report);
      assertTrue(after.accuracy() >= before.accuracy() + 0.3,
          "accuracy " + before.accuracy() + " -> " + after.accuracy());
      assertTrue(after.accuracy() >= 0.6, "accuracy after fine-tuning " + after.accuracy());
    }
  }

  private static ProbeReport probe(Student student, List<Example> items) {
    return Await.result(Prober.probe(student, items, ProbeSettings.greedy().withMaxTokens(24),
        done -> {}, Cancellation.never()));
  }
}
