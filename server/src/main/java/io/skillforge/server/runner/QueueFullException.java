package io.skillforge.server.runner;

import io.skillforge.skills.errors.SkillforgeException;

/** The job queue is full: the job was not accepted, nothing was stored; submit it again later. */
public final class QueueFullException extends SkillforgeException {
  public QueueFullException(String message) {
    super(message);
  }
}
