package io.skillforge.skills.errors;

/** The job's dollar budget would be exceeded by the next teacher call; finished work is kept. */
public class BudgetSpentException extends SkillforgeException {
  public BudgetSpentException(String message) {
    super(message);
  }

  public BudgetSpentException(String message, Throwable cause) {
    super(message, cause);
  }
}
