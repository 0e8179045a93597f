/**
 * ARTE (Liu et al., 2024): drafts written by the teacher in several reasoning strategies, scored by
 * how much they help this student, turned into preference pairs (DPO JSONL for users who align an
 * open teacher) and into a tailored training set written in the student's preferred styles.
 *
 * <p>The pieces: {@link io.skillforge.synthesis.arte.DraftWriter} writes drafts, a {@link
 * io.skillforge.synthesis.arte.PreferenceScorer} scores each {@link
 * io.skillforge.synthesis.arte.Cell} of drafts, {@link io.skillforge.synthesis.arte.PreferencePairs}
 * builds the pairs, {@link io.skillforge.synthesis.arte.DpoFiles} writes them, {@link
 * io.skillforge.synthesis.arte.TailoredStyle} finds the preferred region and {@link
 * io.skillforge.synthesis.arte.TailoredGeneration} writes the training set there.
 */
package io.skillforge.synthesis.arte;
