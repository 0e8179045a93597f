package io.skillforge.synthesis.stat;

import io.skillforge.skills.Example;
import io.skillforge.skills.index.SearchRequest;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelled training pool: every item, and STAT's Skill-Map (skill -> the items labelled with
 * it). Immutable.
 */
public final class SkillPool {
  private final List<Example> all;
  private final Map<String, List<Example>> bySkill;

  private SkillPool(List<Example> all) {
    this.all = List.copyOf(all);
    Map<String, List<Example>> map = new LinkedHashMap<>();
    for (Example e : this.all) {
      for (String skill : e.skills()) {
        map.computeIfAbsent(skill, s -> new ArrayList<>()).add(e);
      }
    }
    map.replaceAll((s, list) -> List.copyOf(list));
    this.bySkill = Collections.unmodifiableMap(map);
  }

  public static SkillPool of(List<Example> items) {
    return new SkillPool(items);
  }

  /**
   * The pool of the index's examples in {@code split}, ordered by id (not by index order, which
   * depends on how the index was written), so that draws from it depend only on their seed.
   */
  public static SkillPool fromIndex(SkillIndex index, String split) throws IOException {
    List<Example> items = new ArrayList<>();
    index.forEach(SearchRequest.builder().split(split).build(), items::add);
    items.sort(java.util.Comparator.comparing(Example::id));
    return new SkillPool(items);
  }

  public List<Example> all() {
    return all;
  }

  /** The items labelled with {@code skill}; empty when none. */
  public List<Example> withSkill(String skill) {
    return bySkill.getOrDefault(skill, List.of());
  }

  public int size() {
    return all.size();
  }
}
