package io.skillforge.skills.index;

import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one example handed to {@link SkillIndex#add}.
 *
 * @param id the example's id
 * @param status whether it was stored and whether it nearly duplicates an indexed example
 * @param duplicateOf the indexed example it nearly equals; null exactly when status is
 *     {@link Status#ADDED}
 */
public record AddResult(String id, Status status, DuplicateMatch duplicateOf) {

  /** The outcome of one add. */
  public enum Status {
    /** Stored; no near-duplicate was found (or none was looked for). */
    ADDED,
    /** Stored, although it nearly duplicates {@code duplicateOf}. */
    FLAGGED,
    /** Not stored, because it nearly duplicates {@code duplicateOf}. */
    REJECTED
  }

  public AddResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    if ((status == Status.ADDED) != (duplicateOf == null)) {
      throw new IllegalArgumentException(
          "status " + status + " does not fit duplicateOf " + duplicateOf);
    }
  }

  static AddResult added(String id) {
    return new AddResult(id, Status.ADDED, null);
  }

  /** Whether the example is now in the index. */
  public boolean stored() {
    return status != Status.REJECTED;
  }

  public Optional<DuplicateMatch> duplicate() {
    return Optional.ofNullable(duplicateOf);
  }
}
