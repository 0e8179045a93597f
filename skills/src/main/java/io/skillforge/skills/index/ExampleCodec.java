package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of an {@link Example}: a version byte, then every field in a fixed order. Strings
 * are UTF-8 with a length prefix; the creation time is seconds and nanoseconds; the weight is its
 * IEEE bits, so every value comes back exactly (a string with an unpaired surrogate, which UTF-8
 * cannot carry, comes back with U+FFFD in its place).
 */
final class ExampleCodec {
  private static final byte VERSION = 1;

  private ExampleCodec() {}

  static byte[] encode(Example e) {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(64 + 2 * (e.question().length() + e.rationale().length()));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writeString(out, e.id());
      writeString(out, e.question());
      writeString(out, e.rationale());
      writeString(out, e.answer());
      out.writeInt(e.skills().size());
      for (String skill : e.skills()) {
        writeString(out, skill);
      }
      writeString(out, e.source().wireName());
      writeString(out, e.split());
      writeNullable(out, e.provenance().teacher());
      writeNullable(out, e.provenance().job());
      out.writeLong(e.provenance().createdAt().getEpochSecond());
      out.writeInt(e.provenance().createdAt().getNano());
      out.writeDouble(e.weight());
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return bytes.toByteArray();
  }

  static Example decode(byte[] data, int offset, int length) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, offset, length))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("stored example has unknown format version " + version);
      }
      String id = readString(in);
      String question = readString(in);
      String rationale = readString(in);
      String answer = readString(in);
      int skillCount = in.readInt();
      List<String> skills = new ArrayList<>(skillCount);
      for (int i = 0; i < skillCount; i++) {
        skills.add(readString(in));
      }
      Example.Source source = Example.Source.fromWire(readString(in));
      String split = readString(in);
      String teacher = readNullable(in);
      String job = readNullable(in);
      Instant createdAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
      double weight = in.readDouble();
      return new Example(
          id, question, rationale, answer, skills, source, split,
          new Provenance(teacher, job, createdAt), weight);
    } catch (IOException e) {
      throw new IllegalStateException("stored example is truncated or corrupt", e);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static void writeNullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      writeString(out, s);
    }
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] utf8 = new byte[in.readInt()];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? readString(in) : null;
  }
}
