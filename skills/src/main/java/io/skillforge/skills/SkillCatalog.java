package io.skillforge.skills;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The list of skills of one subject, in a stable order. Immutable and thread-safe.
 *
 * @param skills the skills; ids are unique
 */
public record SkillCatalog(List<Skill> skills) {

  public SkillCatalog {
    skills = List.copyOf(skills);
    Map<String, Skill> seen = new LinkedHashMap<>();
    for (Skill skill : skills) {
      if (seen.put(skill.id(), skill) != null) {
        throw new IllegalArgumentException("duplicate skill id '" + skill.id() + "' in catalog");
      }
    }
  }

  public static SkillCatalog of(Skill... skills) {
    return new SkillCatalog(List.of(skills));
  }

  public int size() {
    return skills.size();
  }

  public boolean contains(String skillId) {
    return find(skillId).isPresent();
  }

  public Optional<Skill> find(String skillId) {
    for (Skill skill : skills) {
      if (skill.id().equals(skillId)) {
        return Optional.of(skill);
      }
    }
    return Optional.empty();
  }

  /** The skill ids in catalog order. */
  public List<String> ids() {
    return skills.stream().map(Skill::id).toList();
  }

  /**
   * Checks that every id is in this catalog.
   *
   * @throws IllegalArgumentException naming the first unknown id
   */
  public void requireKnown(Iterable<String> skillIds) {
    for (String id : skillIds) {
      if (!contains(id)) {
        throw new IllegalArgumentException("unknown skill '" + id + "'; the catalog has " + ids());
      }
    }
  }

  /** The catalog as an unmodifiable id -> skill map, in catalog order. */
  public Map<String, Skill> asMap() {
    Map<String, Skill> map = new LinkedHashMap<>();
    skills.forEach(s -> map.put(s.id(), s));
    return Collections.unmodifiableMap(map);
  }
}
