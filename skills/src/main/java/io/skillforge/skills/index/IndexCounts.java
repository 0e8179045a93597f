package io.skillforge.skills.index;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Document counts of an index, or of the part of it a search matches.
 *
 * @param documents how many examples
 * @param perSkill skill id -> examples labelled with it (an example counts once for each of its
 *     skills), in id order
 * @param perSource source wire name ({@code seed}, {@code synthesized}, {@code imported}) -> count
 * @param perSplit split -> count
 */
public record IndexCounts(
    long documents, Map<String, Long> perSkill, Map<String, Long> perSource, Map<String, Long> perSplit) {

  public IndexCounts {
    if (documents < 0) {
      throw new IllegalArgumentException("documents must be >= 0 but was " + documents);
    }
    perSkill = sorted(perSkill);
    perSource = sorted(perSource);
    perSplit = sorted(perSplit);
  }

  private static Map<String, Long> sorted(Map<String, Long> counts) {
    return Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  /** Examples labelled with {@code skillId}; 0 when none. */
  public long skill(String skillId) {
    return perSkill.getOrDefault(skillId, 0L);
  }
}
