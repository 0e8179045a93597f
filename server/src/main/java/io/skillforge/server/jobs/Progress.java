package io.skillforge.server.jobs;

import java.util.Objects;

/**
 * A snapshot of a job's progress.
 *
 * @param stage what the job is doing, such as {@code "label"} or {@code "train"}
 * @param done units finished in this stage
 * @param total units of the stage; -1 when not known yet
 * @param unit what is counted, such as {@code "items"} or {@code "steps"}
 * @param detail a short line with rates, losses or costs; empty when none
 */
public record Progress(String stage, long done, long total, String unit, String detail) {
  public Progress {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(unit, "unit");
    detail = detail == null ? "" : detail;
    if (done < 0 || total < -1) {
      throw new IllegalArgumentException("progress counts must be >= 0 (total -1 when unknown)");
    }
  }

  public static Progress of(String stage, long done, long total, String unit) {
    return new Progress(stage, done, total, unit, "");
  }

  /** Fraction done in [0, 1]; 0 when the total is unknown or zero. */
  public double fraction() {
    return total <= 0 ? 0 : Math.min(1.0, (double) done / total);
  }
}
