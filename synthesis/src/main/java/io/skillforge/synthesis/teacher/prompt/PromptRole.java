package io.skillforge.synthesis.teacher.prompt;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests of the teacher protocol, one per prompt template. Each names the JSON schema its
 * reply must match, {@code skillforge.<wire name>.v1}; the system message states that id, which is
 * how a server (the teacher simulator) tells the requests apart.
 */
public enum PromptRole {
  /** Step one of catalog building: a fine-grained skill name per item. */
  CATALOG_NAME("catalog-name"),
  /** Step two of catalog building: merge the names into a compact catalog. */
  CATALOG_MERGE("catalog-merge"),
  LABEL("label"),
  DIAGNOSE("diagnose"),
  SYNTHESIZE("synthesize"),
  VERIFY("verify");

  private static final Pattern SCHEMA_ID = Pattern.compile("\\bskillforge\\.([a-z-]+)\\.v1\\b");

  private final String wireName;

  PromptRole(String wireName) {
    this.wireName = wireName;
  }

  /** The name in template file names and schema ids, such as {@code catalog-name}. */
  public String wireName() {
    return wireName;
  }

  /** The id of the reply schema, such as {@code skillforge.label.v1}. */
  public String schemaId() {
    return "skillforge." + wireName + ".v1";
  }

  /** The role whose schema id appears first in {@code text}, if any. */
  public static Optional<PromptRole> findIn(String text) {
    Matcher m = SCHEMA_ID.matcher(text);
    while (m.find()) {
      for (PromptRole role : values()) {
        if (role.wireName.equals(m.group(1))) {
          return Optional.of(role);
        }
      }
    }
    return Optional.empty();
  }
}
