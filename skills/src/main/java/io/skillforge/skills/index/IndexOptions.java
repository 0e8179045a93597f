package io.skillforge.skills.index;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SkillIndex} behaves. Immutable; start from {@link #defaults()} and change what you
 * need with the {@code with} methods.
 *
 * @param nearDuplicateThreshold questions whose {@link TextSimilarity#similarity} reaches this value
 *     are near-duplicates; in (0, 1], default 0.8
 * @param duplicatePolicy what {@link SkillIndex#add(io.skillforge.skills.Example)} does with a
 *     near-duplicate; default {@link DuplicatePolicy#REJECT}
 * @param ramBufferMb memory the writer buffers before it flushes a segment; default 64
 * @param refreshInterval how often a background thread makes recent changes visible to searches;
 *     {@link Duration#ZERO} for no background refresh (then only {@code commit} and {@code refresh}
 *     do); default one second
 * @param commitOnClose whether {@code close} commits pending changes; default true
 * @param maxPendingWrites writes that may wait for a refresh before an add forces one; bounds the
 *     memory that keeps near-duplicate checks exact between refreshes; default 50,000
 */
public record IndexOptions(
    double nearDuplicateThreshold,
    DuplicatePolicy duplicatePolicy,
    double ramBufferMb,
    Duration refreshInterval,
    boolean commitOnClose,
    int maxPendingWrites) {

  public static final double DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.8;

  public IndexOptions {
    if (!(nearDuplicateThreshold > 0 && nearDuplicateThreshold <= 1)) {
      throw new IllegalArgumentException(
          "nearDuplicateThreshold must be in (0, 1] but was " + nearDuplicateThreshold);
    }
    Objects.requireNonNull(duplicatePolicy, "duplicatePolicy");
    if (!(ramBufferMb >= 1 && ramBufferMb <= 2048)) {
      throw new IllegalArgumentException("ramBufferMb must be in [1, 2048] but was " + ramBufferMb);
    }
    Objects.requireNonNull(refreshInterval, "refreshInterval");
    if (refreshInterval.isNegative()) {
      throw new IllegalArgumentException("refreshInterval must not be negative: " + refreshInterval);
    }
    if (maxPendingWrites < 1) {
      throw new IllegalArgumentException("maxPendingWrites must be >= 1 but was " + maxPendingWrites);
    }
  }

  public static IndexOptions defaults() {
    return new IndexOptions(
        DEFAULT_NEAR_DUPLICATE_THRESHOLD, DuplicatePolicy.REJECT, 64, Duration.ofSeconds(1), true, 50_000);
  }

  public IndexOptions withNearDuplicateThreshold(double threshold) {
    return new IndexOptions(threshold, duplicatePolicy, ramBufferMb, refreshInterval, commitOnClose, maxPendingWrites);
  }

  public IndexOptions withDuplicatePolicy(DuplicatePolicy policy) {
    return new IndexOptions(nearDuplicateThreshold, policy, ramBufferMb, refreshInterval, commitOnClose, maxPendingWrites);
  }

  public IndexOptions withRamBufferMb(double mb) {
    return new IndexOptions(nearDuplicateThreshold, duplicatePolicy, mb, refreshInterval, commitOnClose, maxPendingWrites);
  }

  public IndexOptions withRefreshInterval(Duration interval) {
    return new IndexOptions(nearDuplicateThreshold, duplicatePolicy, ramBufferMb, interval, commitOnClose, maxPendingWrites);
  }

  public IndexOptions withMaxPendingWrites(int writes) {
    return new IndexOptions(
        nearDuplicateThreshold, duplicatePolicy, ramBufferMb, refreshInterval, commitOnClose, writes);
  }

  public IndexOptions withCommitOnClose(boolean commit) {
    return new IndexOptions(nearDuplicateThreshold, duplicatePolicy, ramBufferMb, refreshInterval, commit, maxPendingWrites);
  }
}
