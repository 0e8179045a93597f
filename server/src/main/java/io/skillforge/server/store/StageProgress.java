package io.skillforge.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The latest progress of one stage of a job, as stored.
 *
 * @param stage such as {@code label} or {@code round 1: synthesize}
 * @param done units finished
 * @param total units of the stage; -1 when not known
 * @param unit what is counted, such as {@code items}
 * @param detail rates, losses or costs; empty when none
 * @param updatedAt when this was reported
 */
public record StageProgress(String stage, long done, long total, String unit, String detail, Instant updatedAt) {
  public StageProgress {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(unit, "unit");
    detail = detail == null ? "" : detail;
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
