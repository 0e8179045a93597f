package io.skillforge.synthesis.teacher;

import io.skillforge.skills.Example;
import java.util.Objects;

/**
 * A student's response to one item, as {@link Teacher#diagnose} judges it.
 *
 * @param item the item, with its reference rationale and answer
 * @param response the student's full response text (rationale and final answer); may be empty
 */
public record Attempt(Example item, String response) {
  public Attempt {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(response, "response");
  }
}
