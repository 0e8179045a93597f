package io.skillforge.server.jobs.arte;

import io.skillforge.student.Student;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The student ARTE tailors to, and so how its preferences are measured. */
public sealed interface ArteStudent {
  /** A built-in student: the lookahead proxy ({@link LookaheadScorer}); preference sets drawn at random. */
  record Builtin(Path checkpoint) implements ArteStudent {
    public Builtin {
      Objects.requireNonNull(checkpoint, "checkpoint");
    }
  }

  /**
   * A student that learns in context, such as a model behind an OpenAI-compatible endpoint: the
   * in-context proxy ({@link InContextScorer}).
   *
   * @param student the student
   * @param respondents models or checkpoints whose answers pick the most discriminative preference
   *     questions; with fewer than two, the questions are drawn at random
   * @param maxTokens response budget per question
   */
  record InContext(Student student, List<? extends Student> respondents, int maxTokens) implements ArteStudent {
    public InContext {
      Objects.requireNonNull(student, "student");
      respondents = List.copyOf(respondents);
    }
  }
}
