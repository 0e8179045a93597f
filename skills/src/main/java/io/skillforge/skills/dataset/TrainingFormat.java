package io.skillforge.skills.dataset;

import java.util.Locale;

/** Fine-tuning file layouts the writers produce; each is one JSON object a line. */
public enum TrainingFormat {
  /** {@code {"messages":[{"role":"user",...},{"role":"assistant",...}]}}: chat SFT stacks. */
  MESSAGES,
  /** {@code {"prompt":..., "completion":...}}: completion-style SFT stacks. */
  PROMPT_COMPLETION,
  /** Every field of the example: Skillforge's own format, readable again as JSONL. */
  FULL;

  public static TrainingFormat fromName(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace('/', '_');
    try {
      return valueOf(n);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown training format '" + name + "'; expected messages, prompt-completion or full");
    }
  }
}
