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
  /** New data of the skills with the lowest ground-truth accuracy: the ceiling of targeting. */
  ORACLE("oracle");

  private final String key;

  Arm(String key) {
    this.key = key;
  }

  /** The arm's key in the table and the JSON. */
  public String key() {
    return key;
  }
}
