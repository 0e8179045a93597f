package io.skillforge.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.skillforge.skills.CatalogFiles;
import io.skillforge.skills.world.SkillWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skills catalog} and {@code skills label} with the default (built-in) teacher on GSM8K: the
 * teacher refuses the data and the command fails saying how to pick an LLM teacher, instead of
 * "labelling" every item with nothing and exiting 0.
 */
class SkillsForeignDataTest {
  @TempDir Path dir;
  private Path gsm8k;

  /** GSM8K's test set: {@code shared/data/gsm8k}, found walking up from the working directory. */
  @BeforeEach
  void findGsm8k() {
    gsm8k = io.skillforge.skills.Gsm8kFiles.require("test.jsonl");
  }

  @Test
  void label_gsm8kWithTheDefaultTeacher_failsAndNamesTheWayOut() throws Exception {
    Path catalog = dir.resolve("catalog.json");
    CatalogFiles.write(SkillWorld.catalog(), catalog);
    Path out = dir.resolve("labelled.jsonl");
    CliTest.Run run = CliTest.run("skills", "label", "--dataset", gsm8k.toString(), "--format", "gsm8k",
        "--catalog", catalog.toString(), "--out", out.toString());
    assertEquals(ExitCodes.USAGE, run.code(), run.err());
    assertTrue(run.err().contains("only 0 of the 1319 items are skill-world questions"), run.err());
    assertTrue(run.err().contains("--teacher sim|openai|ollama|anthropic"), run.err());
    assertFalse(run.err().contains("labelled 1319/1319"), run.err());
    assertTrue(!Files.exists(out) || Files.readAllLines(out).isEmpty(), "no empty labels written");
  }

  @Test
  void catalog_gsm8kWithTheDefaultTeacher_failsAndWritesNoCatalog() {
    Path out = dir.resolve("catalog.json");
    CliTest.Run run = CliTest.run("skills", "catalog", "--dataset", gsm8k.toString(), "--format", "gsm8k",
        "--out", out.toString());
    assertEquals(ExitCodes.USAGE, run.code(), run.err());
    assertTrue(run.err().contains("skill-world questions"), run.err());
    assertTrue(run.err().contains("teacher.kind in conf/skillforge.yaml"), run.err());
    assertFalse(Files.exists(out), "no catalog of 0 skills");
  }
}
