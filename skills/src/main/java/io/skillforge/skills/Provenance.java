package io.skillforge.skills;

import java.time.Instant;
import java.util.Objects;

/**
 * Where an example came from.
 *
 * @param teacher the teacher that labelled or wrote it; null when no teacher was involved
 * @param job the job that stored it; null for examples imported by hand
 * @param createdAt when it was first stored
 */
public record Provenance(String teacher, String job, Instant createdAt) {
  public Provenance {
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public static Provenance now() {
    return new Provenance(null, null, Instant.now());
  }
}
