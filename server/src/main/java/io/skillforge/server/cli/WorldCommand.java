package io.skillforge.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.Example;
import io.skillforge.skills.Skill;
import io.skillforge.skills.world.CheckResult;
import io.skillforge.skills.world.Problem;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.skills.world.WorldJsonl;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge world ...}: the built-in skill world (generate items, list skills, check). */
@Command(
    name = "world",
    mixinStandardHelpOptions = true,
    description = "The skill world: a task domain whose skills are known exactly.",
    subcommands = {
      WorldCommand.Generate.class,
      WorldCommand.Skills.class,
      WorldCommand.Check.class
    })
public final class WorldCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Writes skill-world items as JSON lines (id, question, rationale, answer, skills, source,"
            + " split). The same seed and settings give the same bytes."
      })
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--count", required = true, description = "Number of items.")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--mix", defaultValue = "uniform",
        description = "Skill mix: uniform or zipf:EXPONENT (skill rank = catalog order; default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--multi-step-share", defaultValue = "0.2",
        description = "Share of items chaining 2-3 steps (default: ${DEFAULT-VALUE}).")
    double multiStepShare;

    @Option(names = "--split", defaultValue = "train", description = "Split of the items (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--id-prefix",
        description = "Item ids are PREFIX-1, PREFIX-2, ... (default: w<seed>).")
    String idPrefix;

    @Option(names = "--out", defaultValue = "-", description = "Output file; - for standard output (default).")
    String out;

    @Override
    public Integer call() throws IOException {
      if (count < 0) {
        throw new IllegalArgumentException("--count must be >= 0 but was " + count);
      }
      WorldGenerator generator = new WorldGenerator(seed, SkillMix.parse(mix), multiStepShare);
      String prefix = idPrefix != null ? idPrefix : "w" + seed;
      PrintWriter err = spec.commandLine().getErr();
      try (Output o = Output.open(out, spec.commandLine().getOut())) {
        for (int i = 1; i <= count; i++) {
          Problem p = generator.next();
          o.writer().write(WorldJsonl.line(SkillWorld.toExample(p, prefix + "-" + i, split)));
          o.writer().write('\n');
          if (i % 100_000 == 0) {
            err.println("generated " + i + " / " + count);
          }
        }
      }
      err.println("wrote " + count + " skill-world items (seed " + seed + ", mix " + mix + ") to "
          + (out.equals("-") ? "standard output" : out));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "skills",
      mixinStandardHelpOptions = true,
      description = "Prints the catalog of the world's skills.")
  static final class Skills implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object {\"skills\": [{id, name, description}]}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode skills = root.putArray("skills");
        for (Skill s : SkillWorld.catalog().skills()) {
          skills.addObject().put("id", s.id()).put("name", s.name()).put("description", s.description());
        }
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      } else {
        for (Skill s : SkillWorld.catalog().skills()) {
          out.printf("%-14s %-28s %s%n", s.id(), s.name(), s.description());
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Grades responses to skill-world items and names the skill of the first wrong or missing"
            + " step of each. Prints one JSON line per response: id, correct, firstWrongStep,"
            + " missingSkill, expectedStep, actualStep, explanation.",
        "Responses are JSON lines {\"id\", \"response\"} (or {\"id\", \"rationale\", \"answer\"})."
            + " Exit code 3 when some response lines were rejected."
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"--item", "--items"}, required = true, description = "Items file (JSON lines).")
    Path items;

    @Option(names = "--responses", required = true, description = "Responses file (JSON lines).")
    Path responses;

    @Option(names = "--out", defaultValue = "-", description = "Output file; - for standard output (default).")
    String out;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      Map<String, Example> byId = new HashMap<>();
      int rejected = 0;
      int lineNo = 0;
      try (BufferedReader in = Files.newBufferedReader(items, StandardCharsets.UTF_8)) {
        for (String line; (line = in.readLine()) != null; ) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          try {
            Example e = WorldJsonl.parse(line);
            byId.put(e.id(), e);
          } catch (IllegalArgumentException e) {
            rejected++;
            err.println(items + ":" + lineNo + ": rejected item: " + e.getMessage());
          }
        }
      }
      int checked = 0;
      int correct = 0;
      lineNo = 0;
      try (BufferedReader in = Files.newBufferedReader(responses, StandardCharsets.UTF_8);
          Output o = Output.open(out, spec.commandLine().getOut())) {
        for (String line; (line = in.readLine()) != null; ) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          try {
            ObjectNode result = checkOne(line, byId);
            o.writer().write(JSON.writeValueAsString(result));
            o.writer().write('\n');
            checked++;
            if (result.path("correct").asBoolean()) {
              correct++;
            }
          } catch (IllegalArgumentException e) {
            rejected++;
            err.println(responses + ":" + lineNo + ": rejected response: " + e.getMessage());
          }
        }
      }
      err.println("checked " + checked + " responses: " + correct + " correct, "
          + (checked - correct) + " wrong; " + rejected + " lines rejected");
      return rejected > 0 ? ExitCodes.PARTIAL : ExitCodes.OK;
    }

    private static ObjectNode checkOne(String line, Map<String, Example> byId) {
      JsonNode r;
      try {
        r = JSON.readTree(line);
      } catch (IOException e) {
        throw new IllegalArgumentException("not JSON");
      }
      if (r == null || !r.isObject() || !r.path("id").isValueNode()) {
        throw new IllegalArgumentException("not a JSON object with an id");
      }
      String id = r.get("id").asText();
      Example item = byId.get(id);
      if (item == null) {
        throw new IllegalArgumentException("no item has id '" + id + "'");
      }
      String response;
      if (r.path("response").isTextual()) {
        response = r.get("response").asText();
      } else if (r.path("answer").isValueNode()) {
        response = r.path("rationale").asText("") + "\n#### " + r.get("answer").asText();
      } else {
        throw new IllegalArgumentException("response " + id + " has neither 'response' nor 'answer'");
      }
      CheckResult c = SkillWorld.check(item, response).orElseThrow(
          () -> new IllegalArgumentException("item " + id + " is not a skill-world question"));
      ObjectNode o = JSON.createObjectNode();
      o.put("id", id);
      o.put("correct", c.correct());
      o.put("firstWrongStep", c.firstWrongStep());
      if (c.missingSkill() == null) {
        o.putNull("missingSkill");
      } else {
        o.put("missingSkill", c.missingSkill());
      }
      o.put("expectedStep", c.expectedStep());
      o.put("actualStep", c.actualStep());
      o.put("explanation", c.explanation());
      return o;
    }
  }

  /** A UTF-8 output: a file, or the command's out stream for {@code -} (left open). */
  record Output(Writer writer, boolean owned) implements AutoCloseable {
    static Output open(String target, PrintWriter stdout) throws IOException {
      if (target.equals("-")) {
        return new Output(stdout, false);
      }
      Path path = Path.of(target);
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
      return new Output(w, true);
    }

    @Override
    public void close() throws IOException {
      if (owned) {
        writer.close();
      } else {
        writer.flush();
      }
    }
  }
}
