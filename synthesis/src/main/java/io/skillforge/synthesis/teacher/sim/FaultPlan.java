package io.skillforge.synthesis.teacher.sim;

import java.util.SplittableRandom;

/**
 * The seeded sequence of injected faults, drawn one per chat call in order of arrival. Every call
 * draws the same amount of randomness whatever its outcome, so the n-th call's fault depends only
 * on the seed and n. Thread-safe.
 */
final class FaultPlan {
  enum Fault {
    NONE,
    RATE_LIMIT,
    SERVER_ERROR,
    MALFORMED
  }

  /** One call's fault, and the randomness for how a malformed answer is broken. */
  record Decision(Fault fault, long variant) {}

  private final SplittableRandom rng;
  private final double failRate;
  private final double malformedRate;

  FaultPlan(long seed, double failRate, double malformedRate) {
    this.rng = new SplittableRandom(seed);
    this.failRate = failRate;
    this.malformedRate = malformedRate;
  }

  synchronized Decision next() {
    double fail = rng.nextDouble();
    double kind = rng.nextDouble();
    double malformed = rng.nextDouble();
    long variant = rng.nextLong();
    Fault fault;
    if (fail < failRate) {
      fault = kind < 0.5 ? Fault.RATE_LIMIT : Fault.SERVER_ERROR;
    } else if (malformed < malformedRate) {
      fault = Fault.MALFORMED;
    } else {
      fault = Fault.NONE;
    }
    return new Decision(fault, variant);
  }

  /**
   * Breaks a JSON reply the ways models do: cut off part way, or wrapped in chatter. Neither
   * parses as JSON as it stands.
   */
  static String breakJson(String content, long variant) {
    SplittableRandom r = new SplittableRandom(variant);
    if (r.nextBoolean() && content.length() > 1) {
      return content.substring(0, 1 + r.nextInt(content.length() - 1));
    }
    return "Sure! Here is the JSON you asked for:\n" + content + "\nLet me know if you need more.";
  }
}
