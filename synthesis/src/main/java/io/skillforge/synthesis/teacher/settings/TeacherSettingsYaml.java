package io.skillforge.synthesis.teacher.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.SkillforgeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds {@link TeacherSettings} from YAML. Each part record is read from the whole flat section
 * (it takes the keys its components name, in kebab-case); the section must hold every key of every
 * part and nothing else, so a key the code does not read cannot sit in a file unnoticed, and a
 * default cannot hide in code.
 */
final class TeacherSettingsYaml {

  private static final String KIND = "kind";
  private static final String PROFILES = "profiles";
  private static final List<Class<? extends Record>> PARTS = List.of(
      TeacherSettings.Endpoint.class,
      TeacherSettings.Limits.class,
      TeacherSettings.Retries.class,
      TeacherSettings.Breaker.class,
      TeacherSettings.Requests.class,
      TeacherSettings.Costs.class,
      TeacherSettings.Catalog.class,
      TeacherSettings.Cache.class);
  private static final PropertyNamingStrategies.KebabCaseStrategy KEBAB =
      new PropertyNamingStrategies.KebabCaseStrategy();
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private TeacherSettingsYaml() {}

  /** The bundled section, read once. */
  private static final class Bundled {
    static final ObjectNode SECTION = readBundledSection();
  }

  static TeacherSettings defaults() {
    return bind(Bundled.SECTION, null);
  }

  /** The bundled {@code teacher} section, profiles included. */
  static ObjectNode bundledSection() {
    return Bundled.SECTION.deepCopy();
  }

  private static ObjectNode readBundledSection() {
    try (InputStream in = TeacherSettingsYaml.class.getResourceAsStream(TeacherSettings.BUNDLED_CONFIG)) {
      if (in == null) {
        throw new IllegalStateException(
            "the bundled conf/skillforge.yaml is missing from the classpath ("
                + TeacherSettings.BUNDLED_CONFIG + ")");
      }
      JsonNode teacher = YAML.readTree(in).get("teacher");
      if (!(teacher instanceof ObjectNode section)) {
        throw new IllegalStateException("the bundled conf/skillforge.yaml has no teacher section");
      }
      return section;
    } catch (IOException e) {
      throw new UncheckedIOException("the bundled conf/skillforge.yaml is unreadable", e);
    }
  }

  /** The YAML keys of the section, in the order of the parts. */
  static Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    keys.add(KIND);
    for (Class<? extends Record> part : PARTS) {
      for (RecordComponent c : part.getRecordComponents()) {
        keys.add(KEBAB.translate(c.getName()));
      }
    }
    return keys;
  }

  static TeacherSettings bind(JsonNode section, String name) {
    if (section != null && !section.isObject() && !section.isNull() && !section.isMissingNode()) {
      throw new BadInputException("the teacher section of the configuration must be a YAML mapping");
    }
    ObjectNode merged = section instanceof ObjectNode o ? o.deepCopy() : YAML.createObjectNode();
    JsonNode profiles = merged.remove(PROFILES);
    if (name != null && !name.isBlank()) {
      JsonNode profile = profiles == null ? null : profiles.get(name);
      if (profile instanceof ObjectNode p) {
        merge(merged, p);
      } else if (TeacherKind.isKind(name)) {
        merged.put(KIND, name);
      } else {
        List<String> known = new ArrayList<>();
        for (TeacherKind k : TeacherKind.values()) {
          known.add(k.wireName());
        }
        if (profiles != null) {
          profiles.fieldNames().forEachRemaining(known::add);
        }
        throw new IllegalArgumentException("unknown teacher '" + name + "'; expected one of " + known);
      }
    }
    return bindFlat(merged);
  }

  private static TeacherSettings bindFlat(ObjectNode section) {
    Set<String> keys = keys();
    Iterator<String> present = section.fieldNames();
    while (present.hasNext()) {
      String key = present.next();
      if (!keys.contains(key)) {
        throw new BadInputException("teacher." + key
            + " is not a teacher setting (conf/skillforge.yaml documents every one)");
      }
    }
    for (String key : keys) {
      if (!section.has(key)) {
        throw new BadInputException("teacher." + key + " is not set");
      }
    }
    return new TeacherSettings(
        TeacherKind.fromWire(section.get(KIND).asText()),
        part(section, TeacherSettings.Endpoint.class),
        part(section, TeacherSettings.Limits.class),
        part(section, TeacherSettings.Retries.class),
        part(section, TeacherSettings.Breaker.class),
        part(section, TeacherSettings.Requests.class),
        part(section, TeacherSettings.Costs.class),
        part(section, TeacherSettings.Catalog.class),
        part(section, TeacherSettings.Cache.class));
  }

  static TeacherSettings with(TeacherSettings settings, Map<String, ?> changes) {
    ObjectNode section = toYaml(settings);
    changes.forEach((key, value) ->
        section.set(key, value == null ? NullNode.getInstance() : YAML.valueToTree(value)));
    return bindFlat(section);
  }

  static ObjectNode toYaml(TeacherSettings settings) {
    ObjectNode section = YAML.createObjectNode();
    section.put(KIND, settings.kind().wireName());
    for (Record part : List.of(
        settings.endpoint(), settings.limits(), settings.retries(), settings.breaker(),
        settings.requests(), settings.costs(), settings.catalog(), settings.cache())) {
      section.setAll((ObjectNode) YAML.valueToTree(part));
    }
    return section;
  }

  private static <T> T part(ObjectNode section, Class<T> type) {
    try {
      return YAML.treeToValue(section, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw translate(e);
    }
  }

  /**
   * A binding failure as a message naming the key: a part's own validation message as it is, a
   * value of the wrong type as "teacher.KEY must be a whole number but was 'x'".
   */
  private static SkillforgeException translate(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SkillforgeException own) {
        return own;
      }
    }
    String key = null;
    if (e instanceof JsonMappingException mapping) {
      for (JsonMappingException.Reference ref : mapping.getPath()) {
        if (ref.getFieldName() != null) {
          key = ref.getFieldName();
        }
      }
    }
    if (key == null) {
      return new BadInputException("the teacher section of the configuration is invalid", e);
    }
    String expected = "a valid value";
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      expected = describe(mismatch.getTargetType());
    }
    String was = e instanceof InvalidFormatException invalid ? " but was '" + invalid.getValue() + "'" : "";
    return new BadInputException("teacher." + key + " must be " + expected + was, e);
  }

  private static String describe(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "a whole number";
    }
    if (type == double.class || type == Double.class) {
      return "a number";
    }
    if (type == String.class) {
      return "text";
    }
    return "a valid value";
  }

  private static void merge(ObjectNode base, ObjectNode overlay) {
    overlay.fields().forEachRemaining(field -> base.set(field.getKey(), field.getValue()));
  }
}
