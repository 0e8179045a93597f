package io.skillforge.skills.world;

/** The operation a step performs; its skill also depends on the operands (carry, borrow). */
enum Kind {
  ADD, SUB, MUL, DIV, MOD, PCT, CMP, MAX, MIN, SORT, COUNT, REV;

  /** The operation that applies {@code skill}. */
  static Kind of(WorldSkill skill) {
    return switch (skill) {
      case ADD_NO_CARRY, ADD_CARRY -> ADD;
      case SUB_NO_BORROW, SUB_BORROW -> SUB;
      case MUL_1DIGIT -> MUL;
      case DIV_EXACT -> DIV;
      case REMAINDER -> MOD;
      case PERCENT -> PCT;
      case COMPARE -> CMP;
      case MAX_LIST -> MAX;
      case MIN_LIST -> MIN;
      case SORT_LIST -> SORT;
      case COUNT_LETTER -> COUNT;
      case REVERSE_WORD -> REV;
    };
  }

  /** Whether a step of this kind produces a number a later step can use. */
  boolean numeric() {
    return this != CMP && this != SORT && this != REV;
  }
}
