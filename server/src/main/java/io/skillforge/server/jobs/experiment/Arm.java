package io.skillforge.server.jobs.experiment;

/** The arms of the experiment, each a way of spending the same fine-tuning budget. */
public enum Arm {
  /** No further training. */
  BASELINE("baseline"),
  /** More data drawn like the seed data. */
  SFT("sft"),
  /** New data uniform over skills. */
  BALANCED("balanced"),
  /** STAT-Sel: the labelled pool re-weighted by the missing-skill profile. */
  STAT_SEL("statSel"),
  /** STAT-Syn: new items the teacher wrote for the missing skills. */
  STAT_SYN("statSyn"),
  /**
   * ARTE: new items for the same skills as STAT-Syn, written in the styles the student's lookahead
   * preferred on its flagged skills.
   */
  ARTE("arte"),
  /** New data of the skills with the lowest ground-truth accuracy: the ceiling of targeting. */
  ORACLE("oracle");

  private final String key;

  Arm(String key) {
    this.key = key;
  }

  /** The arm with key {@code key}, if there is one. */
  public static java.util.Optional<Arm> byKey(String key) {
    return java.util.Arrays.stream(values()).filter(a -> a.key.equals(key)).findFirst();
  }

  /** The arm's key in the table and the JSON. */
  public String key() {
    return key;
  }
}
