package io.skillforge.synthesis.teacher.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the prompt templates ({@code io/skillforge/synthesis/prompts/NAME.txt} on the class path)
 * and fills their {@code {{key}}} placeholders. Values are inserted verbatim, in one pass, so a
 * value that itself contains {@code {{...}}} is never expanded. Thread-safe.
 */
final class Templates {
  private static final String DIR = "/io/skillforge/synthesis/prompts/";
  private static final Pattern KEY = Pattern.compile("\\{\\{([A-Za-z]+)}}");
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private Templates() {}

  /**
   * The template {@code name} with its placeholders filled.
   *
   * @throws IllegalArgumentException when the template uses a key {@code values} lacks
   * @throws IllegalStateException when the template is not on the class path
   */
  static String render(String name, Map<String, String> values) {
    String template = CACHE.computeIfAbsent(name, Templates::load);
    Matcher m = KEY.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("prompt template " + name + " needs a value for {{" + m.group(1) + "}}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString().strip();
  }

  private static String load(String name) {
    try (InputStream in = Templates.class.getResourceAsStream(DIR + name + ".txt")) {
      if (in == null) {
        throw new IllegalStateException("prompt template " + DIR + name + ".txt is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prompt template " + name, e);
    }
  }
}
