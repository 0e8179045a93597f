package io.skillforge.skills.world;

import java.util.Locale;

/**
 * The world's access to final-answer grading. Until the shared grader is available this is a
 * small stand-in that knows only the world's answers (integers, words, digit lists, yes/no).
 */
final class Grading {
  private Grading() {}

  static boolean equivalent(String expected, String response) {
    return canonical(expected).equals(canonical(extractFinalAnswer(response)));
  }

  static String extractFinalAnswer(String response) {
    int hashes = response.lastIndexOf("####");
    String tail;
    if (hashes >= 0) {
      tail = response.substring(hashes + 4);
    } else {
      String[] lines = response.strip().split("\\R");
      tail = lines[lines.length - 1];
      int colon = tail.toLowerCase(Locale.ROOT).indexOf("answer:");
      if (colon >= 0) {
        tail = tail.substring(colon + 7);
      }
    }
    int newline = tail.indexOf('\n');
    return (newline >= 0 ? tail.substring(0, newline) : tail).strip();
  }

  private static String canonical(String answer) {
    String s = answer.strip().replaceAll("\\s+", "");
    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
