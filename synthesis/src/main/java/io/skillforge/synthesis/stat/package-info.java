/**
 * The STAT method (He, Panigrahi, Lin, Arora, 2025): which probed items are difficult, the
 * teacher's diagnosis of them into a missing-skill profile, and the two ways of making training
 * data that targets the missing skills: STAT-Sel re-weights the labelled pool, STAT-Syn has the
 * teacher write new items. Everything here works against the {@code Teacher} interface and the
 * {@code SkillIndex}, and knows nothing of how it is run.
 */
package io.skillforge.synthesis.stat;
