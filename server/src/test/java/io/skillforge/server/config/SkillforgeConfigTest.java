package io.skillforge.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkillforgeConfigTest {

  @Test
  void load_noUserFile_usesShippedDefaults() throws IOException {
    SkillforgeConfig config = SkillforgeConfig.load(Map.of(), null);
    // The shipped defaults are the repository's conf/skillforge.yaml, byte for byte.
    String shipped = Files.readString(Path.of("..", "conf", "skillforge.yaml"));
    assertTrue(shipped.contains("port: " + config.server().port()));
    assertEquals("data/index", config.index().path());
    assertEquals("builtin", config.value("teacher.kind"));
  }

  @Test
  void load_userFileAndEnvironment_overrideInThatOrder(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("my.yaml");
    Files.writeString(file, "server:\n  port: 9000\nindex:\n  path: /tmp/other\n");
    SkillforgeConfig config =
        SkillforgeConfig.load(Map.of("SKILLFORGE_SERVER_PORT", "9100", "SKILLFORGE_NOPE_X", "1"), file);
    assertEquals(9100, config.server().port());
    assertEquals("/tmp/other", config.index().path());
    assertEquals(0.8, config.index().nearDuplicateThreshold(), 1e-9);
    assertEquals("environment variable SKILLFORGE_SERVER_PORT", config.originOf("server.port"));
    assertEquals("configuration: " + file, config.originOf("index.path"));
  }

  @Test
  void load_environmentKeyWithDashes_mapsUnderscores() {
    SkillforgeConfig config =
        SkillforgeConfig.load(Map.of("SKILLFORGE_TEACHER_MAX_CONCURRENCY", "3"), null);
    assertEquals("3", config.value("teacher.max-concurrency"));
    assertEquals("environment variable SKILLFORGE_TEACHER_MAX_CONCURRENCY",
        config.originOf("teacher.max-concurrency"));
    assertEquals("configuration: built-in defaults", config.originOf("teacher.kind"));
  }

  @Test
  void server_portOutOfRange_namesTheValue(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "server:\n  port: 70000\n");
    SkillforgeConfig config = SkillforgeConfig.load(Map.of(), file);
    var ex = assertThrows(IllegalArgumentException.class, config::server);
    assertTrue(ex.getMessage().contains("70000"), ex.getMessage());
  }

  @Test
  void load_notAMapping_isAClearError(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("list.yaml");
    Files.writeString(file, "- a\n- b\n");
    var ex = assertThrows(IllegalArgumentException.class, () -> SkillforgeConfig.load(Map.of(), file));
    assertTrue(ex.getMessage().contains("mapping"));
  }
}
