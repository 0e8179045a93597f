package io.skillforge.skills;

import java.time.Instant;
import java.util.Objects;

/**
 * Where an example came from.
 *
 * @param teacher the teacher that labelled or wrote it; null when no teacher was involved
 * @param job the job that stored it; null for examples imported by hand
 * @param createdAt when it was first stored
 * @param targetSkill the skill a synthesized example was written to exercise; null otherwise
 * @param sourceItem the difficult item a synthesized example was written for; null otherwise
 */
public record Provenance(String teacher, String job, Instant createdAt, String targetSkill, String sourceItem) {
  public Provenance {
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Provenance without a synthesis target. */
  public Provenance(String teacher, String job, Instant createdAt) {
    this(teacher, job, createdAt, null, null);
  }

  public static Provenance now() {
    return new Provenance(null, null, Instant.now());
  }
}
