package io.skillforge.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.ProgressListener;
import io.skillforge.server.jobs.index.ImportDatasetJob;
import io.skillforge.server.jobs.index.IndexAccess;
import io.skillforge.skills.CatalogFiles;
import io.skillforge.skills.Gsm8kFiles;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.errors.CancelledException;
import io.skillforge.skills.index.DuplicatePolicy;
import io.skillforge.skills.world.SkillWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user met in their first hour, each fixed, each a regression test. */
class FirstHourTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] TINY = {"--dim", "32", "--layers", "1", "--heads", "2",
      "--context", "96"};

  @TempDir Path dir;

  private Path world(String name, int count) {
    Path file = dir.resolve(name);
    CliTest.Run run = CliTest.run("world", "generate", "--count", String.valueOf(count), "--seed", "3",
        "--out", file.toString());
    assertEquals(ExitCodes.OK, run.code(), run.err());
    return file;
  }

  private Path catalog() throws Exception {
    Path file = dir.resolve("catalog.json");
    CatalogFiles.write(SkillWorld.catalog(), file);
    return file;
  }

  @Test
  void noArguments_printsUsageAndIsAUsageError() {
    CliTest.Run run = CliTest.run();
    assertEquals(ExitCodes.USAGE, run.code());
    assertTrue(run.err().contains("Usage: skillforge"), run.err());
    assertEquals(ExitCodes.USAGE, CliTest.run("index").code());
  }

  @Test
  void labelRerun_removesTheEarlierRunsFailuresFile() throws Exception {
    Path items = world("items.jsonl", 30);
    Path out = dir.resolve("labelled.jsonl");
    Path stale = dir.resolve("labelled.jsonl.failures.jsonl");
    Files.writeString(stale, "{\"role\":\"label\",\"item\":\"w3-1\",\"reason\":\"an earlier run\"}\n");
    CliTest.Run run = CliTest.run("skills", "label", "--dataset", items.toString(), "--catalog",
        catalog().toString(), "--out", out.toString(), "--teacher", "builtin");
    assertEquals(ExitCodes.OK, run.code(), run.err());
    assertFalse(Files.exists(stale), "the failures file of an earlier run is still there");
  }

  @Test
  void label_keepsEachItemsSource() throws Exception {
    Path items = world("items.jsonl", 10);
    Path out = dir.resolve("labelled.jsonl");
    CliTest.Run run = CliTest.run("skills", "label", "--dataset", items.toString(), "--catalog",
        catalog().toString(), "--out", out.toString(), "--teacher", "builtin");
    assertEquals(ExitCodes.OK, run.code(), run.err());
    for (String line : Files.readAllLines(out)) {
      assertEquals("seed", JSON.readTree(line).get("source").asText(), line);
    }
  }

  @Test
  void trainOnGsm8k_failsBeforeTrainingNamingHowManyDoNotFit() {
    Path gsm8k = Gsm8kFiles.require("train.jsonl");
    Path out = dir.resolve("gsm8k-student");
    long start = System.nanoTime();
    CliTest.Run run = CliTest.run("student", "train", "--data", gsm8k.toString(), "--format", "gsm8k",
        "--steps", "100000", "--out", out.toString());
    assertEquals(ExitCodes.USAGE, run.code(), run.err());
    assertTrue(run.err().contains("of 7,473 examples"), run.err());
    assertTrue(run.err().contains("longer than the student's context of 192 bytes"), run.err());
    assertTrue(run.err().contains("--context"), run.err());
    assertFalse(Files.exists(out), "a refused run left " + out);
    assertTrue(System.nanoTime() - start < 60e9, "took as long as training");
  }

  @Test
  void importGsm8kWithoutItsFormat_warnsThatAnswersAreWholeSolutions() {
    Path gsm8k = Gsm8kFiles.require("test.jsonl");
    CliTest.Run run = CliTest.run("index", "import", "--dataset", gsm8k.toString(), "--index",
        dir.resolve("index").toString());
    assertEquals(ExitCodes.OK, run.code(), run.err());
    assertTrue(run.err().contains("1319 answer(s)"), run.err());
    assertTrue(run.err().contains("--format gsm8k"), run.err());
  }

  @Test
  void trainOutNamingAFile_isRefusedBeforeTheDataIsRead() throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "x");
    CliTest.Run run = CliTest.run("student", "train", "--data", dir.resolve("absent.jsonl").toString(),
        "--steps", "5", "--out", file.toString());
    assertEquals(ExitCodes.USAGE, run.code());
    assertTrue(run.err().contains("--out " + file + " is a file"), run.err());
  }

  @Test
  void trainOverAnExistingCheckpoint_needsForce() throws Exception {
    Path data = world("train.jsonl", 60);
    Path out = dir.resolve("ckpt");
    List<String> args = new ArrayList<>(List.of("student", "train", "--data", data.toString(),
        "--steps", "2", "--out", out.toString(), "--threads", "1"));
    args.addAll(List.of(TINY));
    assertEquals(ExitCodes.OK, CliTest.run(args.toArray(String[]::new)).code());
    byte[] before = Files.readAllBytes(out.resolve("model.params"));
    args.addAll(List.of("--seed", "7"));
    CliTest.Run again = CliTest.run(args.toArray(String[]::new));
    assertEquals(ExitCodes.USAGE, again.code(), again.err());
    assertTrue(again.err().contains("--force"), again.err());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("model.params"))));
    args.add("--force");
    assertEquals(ExitCodes.OK, CliTest.run(args.toArray(String[]::new)).code());
    assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("model.params"))));
  }

  @Test
  void probeOutInAMissingDirectory_isCreated() throws Exception {
    Path data = world("train.jsonl", 40);
    Path ckpt = dir.resolve("ckpt");
    List<String> train = new ArrayList<>(List.of("student", "train", "--data", data.toString(),
        "--steps", "2", "--out", ckpt.toString(), "--threads", "1"));
    train.addAll(List.of(TINY));
    assertEquals(ExitCodes.OK, CliTest.run(train.toArray(String[]::new)).code());
    Path out = dir.resolve("not/yet/there/probe.jsonl");
    CliTest.Run run = CliTest.run("student", "probe", "--model", ckpt.toString(), "--data",
        data.toString(), "--max-tokens", "8", "--out", out.toString());
    assertEquals(ExitCodes.OK, run.code(), run.err());
    assertEquals(40, Files.readAllLines(out).size());
    assertTrue(Files.isRegularFile(dir.resolve("not/yet/there/probe.summary.json")));
  }

  @Test
  void exportToADirectory_failsAndLeavesNoPartialFile() throws Exception {
    Path index = importedIndex();
    Path target = Files.createDirectories(dir.resolve("exports"));
    CliTest.Run run = CliTest.run("index", "export", "--index", index.toString(), "--out", target.toString());
    assertEquals(ExitCodes.USAGE, run.code(), run.err());
    assertTrue(run.err().contains("is a directory"), run.err());
    try (Stream<Path> left = Files.list(target)) {
      assertEquals(0, left.count());
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertTrue(left.noneMatch(p -> p.toString().endsWith(".partial") || p.toString().endsWith(".tmp")));
    }
  }

  @Test
  void exportedFile_hasTheModeOfAnyNewFile() throws Exception {
    Path index = importedIndex();
    Path out = dir.resolve("train.jsonl");
    assertEquals(ExitCodes.OK, CliTest.run("index", "export", "--index", index.toString(), "--out",
        out.toString()).code());
    Set<PosixFilePermission> usual = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
    assertEquals(usual, Files.getPosixFilePermissions(out));
  }

  @Test
  void worldCheck_namesTheFirstTwentyBadLinesAndCountsTheRest() throws Exception {
    Path items = world("items.jsonl", 5);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 35; i++) {
      lines.add("{\"id\": \"missing-" + i + "\", \"response\": \"1\"}");
    }
    Path responses = Files.write(dir.resolve("responses.jsonl"), lines);
    CliTest.Run run = CliTest.run("world", "check", "--items", items.toString(), "--responses",
        responses.toString());
    assertEquals(ExitCodes.PARTIAL, run.code());
    long named = run.err().lines().filter(l -> l.contains("rejected response")).count();
    assertEquals(20, named, run.err());
    assertTrue(run.err().contains("and 15 more rejected lines"), run.err());
  }

  @Test
  void import_commitsEveryNLines_soWorkBeforeAStopIsDurable() throws Exception {
    Path items = world("items.jsonl", 3_500);
    Path index = dir.resolve("index");
    AtomicLong committedAt2000 = new AtomicLong(-1);
    Cancellation cancel = new Cancellation();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void progress(Progress p) {
        if (p.done() == 2_000) {
          committedAt2000.set(committedDocuments(index));
          cancel.cancel("stopped by the test");
        }
      }
    };
    ImportDatasetJob.Request request = new ImportDatasetJob.Request(items, index, DatasetLayout.DEFAULT,
        null, null, DuplicatePolicy.ALLOW, 0.8, 1_000);
    try {
      new ImportDatasetJob(IndexAccess.perJob()).run(request, new JobContext(listener, cancel));
    } catch (CancelledException expected) {
      // the stop the test asked for
    }
    assertEquals(2_000, committedAt2000.get(), "documents durable while the import ran");
  }

  @Test
  void statsSearchAndExport_workWhileAnotherWriterHoldsTheIndex() throws Exception {
    Path index = importedIndex();
    try (io.skillforge.skills.index.SkillIndex writer = io.skillforge.skills.index.SkillIndex.open(index)) {
      writer.add(io.skillforge.skills.Example.of("extra", "What is 1+1?", "1+1=2", "2",
          List.of("add_no_carry"), io.skillforge.skills.Example.Source.IMPORTED, "train"));
      CliTest.Run stats = CliTest.run("index", "stats", "--index", index.toString(), "--json");
      assertEquals(ExitCodes.OK, stats.code(), stats.err());
      assertEquals(20, JSON.readTree(stats.out()).get("documents").asInt(), "the last commit, not the pending add");
      CliTest.Run search = CliTest.run("index", "search", "--index", index.toString(), "--limit", "3");
      assertEquals(ExitCodes.OK, search.code(), search.err());
      assertEquals(3, search.out().lines().count());
      Path out = dir.resolve("while-writing.jsonl");
      assertEquals(ExitCodes.OK, CliTest.run("index", "export", "--index", index.toString(), "--out",
          out.toString()).code());
      assertEquals(20, Files.readAllLines(out).size());
    }
  }

  private static long committedDocuments(Path index) {
    try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(index))) {
      return reader.numDocs();
    } catch (java.io.IOException e) {
      return -2;
    }
  }

  private Path importedIndex() {
    Path items = world("items.jsonl", 20);
    Path index = dir.resolve("index");
    assertEquals(ExitCodes.OK, CliTest.run("index", "import", "--dataset", items.toString(), "--index",
        index.toString()).code());
    return index;
  }
}
