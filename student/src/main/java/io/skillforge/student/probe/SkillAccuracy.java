package io.skillforge.student.probe;

/**
 * Probe results of the items that need one skill (an item with several skills counts for each).
 *
 * @param skill the skill id
 * @param items items that list the skill
 * @param samples responses graded for them
 * @param correct responses that were correct
 * @param accuracy {@code correct / samples}
 */
public record SkillAccuracy(String skill, int items, int samples, int correct, double accuracy) {}
