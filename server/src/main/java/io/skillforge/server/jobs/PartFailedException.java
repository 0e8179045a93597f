package io.skillforge.server.jobs;

import io.skillforge.skills.errors.SkillforgeException;

/** A part of a sharded job failed, for a reason that is neither the teacher's nor the budget's. */
public final class PartFailedException extends SkillforgeException {
  public PartFailedException(String message) {
    super(message);
  }
}
