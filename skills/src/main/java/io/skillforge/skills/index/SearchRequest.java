package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import io.skillforge.skills.Skill;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A search over the index: optional BM25 query text over question and rationale, combined with
 * optional filters. Every filter that is set must hold; with no text the matches come back in index
 * order with score 1. Immutable; build one with {@link #builder()}.
 *
 * @param text query text; null or blank for a filter-only search
 * @param anySkills the example has at least one of these skills; empty for no such filter
 * @param allSkills the example has every one of these skills; empty for no such filter
 * @param source the example came from this source; null for any
 * @param split the example is in this split; null for any
 * @param limit the most hits to return, 1 to {@value #MAX_LIMIT}
 */
public record SearchRequest(
    String text,
    List<String> anySkills,
    List<String> allSkills,
    Example.Source source,
    String split,
    int limit) {

  public static final int MAX_LIMIT = 10_000;
  public static final int DEFAULT_LIMIT = 10;

  public SearchRequest {
    anySkills = validSkills(anySkills);
    allSkills = validSkills(allSkills);
    if (split != null && split.isBlank()) {
      throw new IllegalArgumentException("split filter must not be blank");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + " but was " + limit);
    }
  }

  /** Matches every example. */
  public static SearchRequest all() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean hasText() {
    return text != null && !text.isBlank();
  }

  private static List<String> validSkills(List<String> skills) {
    Objects.requireNonNull(skills, "skills");
    for (String skill : skills) {
      if (!Skill.isValidId(skill)) {
        throw new IllegalArgumentException("not a skill id: '" + skill + "'");
      }
    }
    return List.copyOf(skills);
  }

  /** Collects the parts of a {@link SearchRequest}; every part is optional. */
  public static final class Builder {
    private String text;
    private final List<String> anySkills = new ArrayList<>();
    private final List<String> allSkills = new ArrayList<>();
    private Example.Source source;
    private String split;
    private int limit = DEFAULT_LIMIT;

    private Builder() {}

    public Builder text(String text) {
      this.text = text;
      return this;
    }

    /** Adds skills of which an example must have at least one. */
    public Builder anySkill(String... skills) {
      anySkills.addAll(List.of(skills));
      return this;
    }

    public Builder anySkills(Collection<String> skills) {
      anySkills.addAll(skills);
      return this;
    }

    /** Adds skills that an example must all have. */
    public Builder allSkills(String... skills) {
      allSkills.addAll(List.of(skills));
      return this;
    }

    public Builder allSkills(Collection<String> skills) {
      allSkills.addAll(skills);
      return this;
    }

    public Builder source(Example.Source source) {
      this.source = source;
      return this;
    }

    public Builder split(String split) {
      this.split = split;
      return this;
    }

    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    public SearchRequest build() {
      return new SearchRequest(text, anySkills, allSkills, source, split, limit);
    }
  }
}
