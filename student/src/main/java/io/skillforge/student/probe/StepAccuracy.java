package io.skillforge.student.probe;

/**
 * How often the student gets one skill's steps right, over the world items it probed: a response
 * reaches a step when every earlier step is right, and the step's skill is missing when that step
 * is the first one it gets wrong (see {@code SkillWorld.check}). Steps after the first wrong one
 * are not counted, so this measures the skill itself, free of the other skills of the item.
 *
 * @param skill the skill id
 * @param reached steps of this skill that responses reached
 * @param right of those, the steps done right
 * @param accuracy {@code right / reached}
 */
public record StepAccuracy(String skill, int reached, int right, double accuracy) {}
