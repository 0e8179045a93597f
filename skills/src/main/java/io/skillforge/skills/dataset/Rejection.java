package io.skillforge.skills.dataset;

/**
 * One dataset line that was not imported.
 *
 * @param line 1-based line number in the file
 * @param reason why, in words a user can act on
 */
public record Rejection(long line, String reason) {
  @Override
  public String toString() {
    return "line " + line + ": " + reason;
  }
}
