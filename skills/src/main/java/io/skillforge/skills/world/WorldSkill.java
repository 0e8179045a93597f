package io.skillforge.skills.world;

import io.skillforge.skills.Skill;
import java.util.Optional;

/**
 * The named step skills of the skill world. Each rationale line of a world item applies exactly one
 * of them; the enum order is the catalog order (and the rank order of a Zipf mix).
 */
public enum WorldSkill {
  ADD_NO_CARRY("add_no_carry", "Addition without carry",
      "Add two numbers whose column sums all stay below ten, as in 23+45=68."),
  ADD_CARRY("add_carry", "Addition with carry",
      "Add two numbers where at least one column sum reaches ten and carries, as in 47+38=85."),
  SUB_NO_BORROW("sub_no_borrow", "Subtraction without borrow",
      "Subtract a smaller number whose every digit fits under the digit above, as in 68-25=43."),
  SUB_BORROW("sub_borrow", "Subtraction with borrow",
      "Subtract where at least one column must borrow from the next, as in 52-17=35."),
  MUL_1DIGIT("mul_1digit", "Multiplication by one digit",
      "Multiply a number by a single digit from 2 to 9, as in 23*4=92."),
  DIV_EXACT("div_exact", "Exact division",
      "Divide a number by a single digit that divides it exactly, as in 84/4=21."),
  REMAINDER("remainder", "Remainder",
      "The remainder of a whole-number division by a single digit, as in 47%5=2."),
  PERCENT("percent", "Simple percentage",
      "Take 10, 20, 25 or 50 percent of a number, as in 25% of 80=20."),
  COMPARE("compare", "Comparison",
      "Decide which of two numbers is larger and answer a yes/no question about it, as in 47<52."),
  MAX_LIST("max_list", "Maximum of a list",
      "The largest number of a short list, as in max(3,8,5)=8."),
  MIN_LIST("min_list", "Minimum of a list",
      "The smallest number of a short list, as in min(3,8,5)=3."),
  SORT_LIST("sort_list", "Sorting a list",
      "Sort four or five digits in increasing order, as in sort(5,2,8,1)=1,2,5,8."),
  COUNT_LETTER("count_letter", "Counting a letter",
      "Count how many times a letter occurs in a word, as in count(a,tamaka)=3."),
  REVERSE_WORD("reverse_word", "Reversing a word",
      "Write a short word backwards, as in reverse(lomi)=imol.");

  private final String id;
  private final String title;
  private final String description;

  WorldSkill(String id, String title, String description) {
    this.id = id;
    this.title = title;
    this.description = description;
  }

  /** The catalog id, such as {@code add_carry}. */
  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public String description() {
    return description;
  }

  /** This skill as a catalog entry. */
  public Skill toSkill() {
    return new Skill(id, title, description);
  }

  /** The skill with catalog id {@code id}, if the world has one. */
  public static Optional<WorldSkill> byId(String id) {
    for (WorldSkill skill : values()) {
      if (skill.id.equals(id)) {
        return Optional.of(skill);
      }
    }
    return Optional.empty();
  }
}
