package io.skillforge.synthesis.stat;

import java.util.Locale;

/**
 * Which probed items are difficult for the student. With a reference answer the plain choice is to
 * grade against it; without one, STAT's self-consistency rule: difficult when the most common of k
 * sampled answers appears fewer than 2 times (k = 5 in the paper, 79.8% agreement with the
 * reference on MATH).
 */
public sealed interface DifficultyRule {
  boolean difficult(ProbedItem item);

  /** The rule's name in settings and reports. */
  String name();

  /**
   * Difficult when fewer than {@code minAccuracy} of the samples state the reference answer (with
   * one greedy sample and 0.5: when it is wrong).
   */
  record Reference(double minAccuracy) implements DifficultyRule {
    public Reference {
      if (!(minAccuracy > 0 && minAccuracy <= 1)) {
        throw new IllegalArgumentException("the reference rule's accuracy must be in (0, 1] but was " + minAccuracy);
      }
    }

    @Override
    public boolean difficult(ProbedItem item) {
      return item.accuracy() < minAccuracy;
    }

    @Override
    public String name() {
      return "reference";
    }
  }

  /** Difficult when the most common sampled answer appears fewer than {@code minAgreement} times. */
  record SelfConsistency(int minAgreement) implements DifficultyRule {
    public SelfConsistency {
      if (minAgreement < 2) {
        throw new IllegalArgumentException("the consistency rule needs an agreement of at least 2 but was " + minAgreement);
      }
    }

    @Override
    public boolean difficult(ProbedItem item) {
      return item.majorityCount() < minAgreement;
    }

    @Override
    public String name() {
      return "consistency";
    }
  }

  /** Grading against the reference, wrong when the majority of samples is. */
  DifficultyRule REFERENCE = new Reference(0.5);
  /** STAT's rule: fewer than 2 of the sampled answers agree. */
  DifficultyRule CONSISTENCY = new SelfConsistency(2);

  /**
   * {@code reference} or {@code consistency}, with the defaults above.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  static DifficultyRule named(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "reference" -> REFERENCE;
      case "consistency" -> CONSISTENCY;
      default -> throw new IllegalArgumentException(
          "unknown difficulty rule '" + name + "'; expected reference or consistency");
    };
  }
}
