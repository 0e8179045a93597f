package io.skillforge.synthesis.teacher;

import io.skillforge.synthesis.teacher.prompt.PromptRole;
import java.time.Instant;
import java.util.Objects;

/**
 * One item a teacher could not handle, kept in the ledger of its job.
 *
 * @param role what the teacher was asked to do
 * @param itemId the item (or request) concerned
 * @param reason why, in words a user can act on; never contains a secret
 * @param at when it was recorded
 */
public record TeacherFailure(PromptRole role, String itemId, String reason, Instant at) {
  public TeacherFailure {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
