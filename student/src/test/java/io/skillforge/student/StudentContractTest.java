package io.skillforge.student;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Student} promises, run against each implementation by a subclass: the
 * built-in student in-process, and the OpenAI-compatible client talking over real HTTP to {@code
 * StudentServer}. Each test gets a fresh student over the model of {@link TrainedCheckpoint},
 * named {@link #NAME}.
 */
public abstract class StudentContractTest {
  /** The model name every implementation under test reports. */
  public static final String NAME = "contract-student";

  private static final List<String> QUESTIONS =
      TinyTasks.mixed(TrainedCheckpoint.SKILLS, 12, 17).stream().map(Example::question).toList();

  private Student student;

  /** A new student over the trained checkpoint's model, named {@link #NAME}. */
  protected abstract Student open();

  /** Whether this implementation can be fine-tuned and saved. */
  protected abstract boolean expectedTrainable();

  @BeforeEach
  void openStudent() {
    student = open();
  }

  @AfterEach
  void closeStudent() {
    student.close();
  }

  @Test
  void name_isTheModelName() {
    assertEquals(NAME, student.name());
  }

  @Test
  void generate_oneCompletionPerPrompt_inPromptOrder() {
    List<Completion> together = Await.result(student.generate(QUESTIONS, Sampling.greedy(24)));
    assertEquals(QUESTIONS.size(), together.size());
    for (int i = 0; i < QUESTIONS.size(); i++) {
      Completion alone =
          Await.result(student.generate(List.of(QUESTIONS.get(i)), Sampling.greedy(24))).get(0);
      assertEquals(alone.text(), together.get(i).text(), QUESTIONS.get(i));
    }
    // Order means something only if the answers differ.
    assertTrue(new HashSet<>(texts(together)).size() > 3, texts(together).toString());
    for (Completion c : together) {
      assertTrue(c.tokens() > 0, c.toString());
    }
  }

  @Test
  void generate_greedy_isDeterministic() {
    assertEquals(texts(Await.result(student.generate(QUESTIONS, Sampling.greedy(24)))),
        texts(Await.result(student.generate(QUESTIONS, Sampling.greedy(24)))));
  }

  @Test
  void generate_sampled_sameSeedRepeats_otherSeedDiffers_rowsDiffer() {
    List<String> prompts = Collections.nCopies(8, "reverse abc");
    Sampling hot = Sampling.sampled(2.0, 1.0, 16, 5);
    List<String> first = texts(Await.result(student.generate(prompts, hot)));
    List<String> again = texts(Await.result(student.generate(prompts, hot)));
    List<String> other = texts(Await.result(student.generate(prompts, hot.withSeed(6))));
    assertEquals(first, again);
    assertNotEquals(first, other);
    assertTrue(new HashSet<>(first).size() > 1, "rows share one random stream: " + first);
  }

  @Test
  void generate_maxTokens_boundsEachCompletion() {
    for (Completion c : Await.result(student.generate(QUESTIONS, Sampling.greedy(2)))) {
      assertTrue(c.tokens() <= 2, c.toString());
      assertEquals(Completion.Finish.LENGTH, c.finish(), c.toString());
    }
  }

  @Test
  void generate_noPrompts_answersAnEmptyList() {
    assertEquals(List.of(), Await.result(student.generate(List.of(), Sampling.greedy(4))));
  }

  @Test
  void close_laterCallsFailWithIllegalState_andClosingAgainIsHarmless() {
    student.close();
    assertThrows(IllegalStateException.class,
        () -> Await.result(student.generate(List.of("first abc"), Sampling.greedy(4))));
    assertThrows(IllegalStateException.class,
        () -> Await.result(student.generate(List.of(), Sampling.greedy(4))));
    student.close();
  }

  @Test
  void trainable_fineTuneAndSave_workExactlyWhenTrainable(@TempDir Path dir) throws Exception {
    assertEquals(expectedTrainable(), student.trainable());
    List<Example> data = TinyTasks.examples(TinyTasks.LAST, 8, 3);
    List<TrainingProgress> steps = new ArrayList<>();
    var tuning = student.fineTune(data, FineTuneSettings.defaults(2).withBatchSize(4), steps::add,
        Cancellation.never());
    Path saved = dir.resolve("saved");
    if (expectedTrainable()) {
      assertEquals(2, Await.result(tuning).steps());
      assertEquals(2, steps.size());
      Await.result(student.save(saved));
      assertTrue(Files.isDirectory(saved));
    } else {
      assertThrows(UnsupportedOperationException.class, () -> Await.result(tuning));
      assertThrows(UnsupportedOperationException.class, () -> Await.result(student.save(saved)));
      assertTrue(steps.isEmpty());
      assertTrue(Files.notExists(saved));
    }
  }

  private static List<String> texts(List<Completion> completions) {
    return completions.stream().map(Completion::text).toList();
  }
}
