package io.skillforge.server.teacher;

import io.skillforge.skills.errors.BudgetSpentException;
import io.skillforge.skills.errors.SkillforgeException;
import io.skillforge.skills.errors.TeacherUnavailableException;
import io.skillforge.synthesis.teacher.TeacherException;

/** Turns a teacher's whole-call failure into the typed error jobs report. */
public final class TeacherErrors {
  private TeacherErrors() {}

  /** {@code failure} as a typed error; other exceptions unchanged. */
  public static RuntimeException typed(RuntimeException failure) {
    if (failure instanceof SkillforgeException || !(failure instanceof TeacherException e)) {
      return failure;
    }
    return e.reason() == TeacherException.Reason.BUDGET_EXHAUSTED
        ? new BudgetSpentException(e.getMessage(), e)
        : new TeacherUnavailableException(e.getMessage(), e);
  }
}
