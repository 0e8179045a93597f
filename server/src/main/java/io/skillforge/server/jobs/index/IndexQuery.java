package io.skillforge.server.jobs.index;

import io.skillforge.skills.Example;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.index.SearchRequest;
import java.util.List;
import java.util.Locale;

/**
 * Which indexed examples a search or an export selects.
 *
 * @param skills skill ids; empty for no skill filter
 * @param allSkills whether an example must have all of {@code skills} (else any of them)
 * @param source seed, synthesized or imported; null for any
 * @param split such as train or test; null for any
 * @param text a full-text query over question and rationale; null for none
 */
public record IndexQuery(List<String> skills, boolean allSkills, String source, String split, String text) {
  public static final IndexQuery ALL = new IndexQuery(List.of(), false, null, null, null);

  public IndexQuery {
    skills = List.copyOf(skills);
  }

  /**
   * {@code any} or {@code all}, as the user wrote it.
   *
   * @throws BadInputException for anything else
   */
  public static boolean allSkills(String match) {
    return switch (match.toLowerCase(Locale.ROOT)) {
      case "any" -> false;
      case "all" -> true;
      default -> throw new BadInputException("--skill-match must be any or all, not '" + match + "'");
    };
  }

  /**
   * The index request for this query, with at most {@code limit} hits.
   *
   * @throws BadInputException for an unknown source or an invalid skill id
   */
  public SearchRequest toRequest(int limit) {
    try {
      SearchRequest.Builder request = SearchRequest.builder().text(text).split(split).limit(limit);
      if (allSkills) {
        request.allSkills(skills);
      } else {
        request.anySkills(skills);
      }
      if (source != null) {
        request.source(Example.Source.fromWire(source));
      }
      return request.build();
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }
}
