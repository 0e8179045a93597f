package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stored form of an {@link Example}: a version byte, then every field in a fixed order. Strings
 * are UTF-8 after a variable-length byte count; the creation time is seconds and nanoseconds; the
 * weight is its IEEE bits, so every value comes back exactly (a string with an unpaired surrogate,
 * which UTF-8 cannot carry, comes back with {@code ?} in its place).
 */
final class ExampleCodec {
  /** The format written: version 1 and the provenance's synthesis target. */
  private static final byte VERSION = 2;
  /** The first format, still read. */
  private static final byte VERSION_WITHOUT_TARGET = 1;
  private static final String[] SOURCE_NAMES =
      Arrays.stream(Example.Source.values()).map(Example.Source::wireName).toArray(String[]::new);

  private ExampleCodec() {}

  /** The wire name of a source, without allocating. */
  static String sourceName(Example.Source source) {
    return SOURCE_NAMES[source.ordinal()];
  }

  static byte[] encode(Example e) {
    Out out = new Out(32 + e.question().length() + e.rationale().length() + e.answer().length());
    out.writeByte(VERSION);
    out.writeString(e.id());
    out.writeString(e.question());
    out.writeString(e.rationale());
    out.writeString(e.answer());
    out.writeVInt(e.skills().size());
    for (String skill : e.skills()) {
      out.writeString(skill);
    }
    out.writeString(sourceName(e.source()));
    out.writeString(e.split());
    out.writeNullable(e.provenance().teacher());
    out.writeNullable(e.provenance().job());
    out.writeLong(e.provenance().createdAt().getEpochSecond());
    out.writeLong(e.provenance().createdAt().getNano());
    out.writeLong(Double.doubleToRawLongBits(e.weight()));
    out.writeNullable(e.provenance().targetSkill());
    out.writeNullable(e.provenance().sourceItem());
    return out.bytes();
  }

  static Example decode(byte[] data, int offset, int length) {
    In in = new In(data, offset, offset + length);
    byte version = in.readByte();
    if (version != VERSION && version != VERSION_WITHOUT_TARGET) {
      throw new IllegalStateException("stored example has unknown format version " + version);
    }
    String id = in.readString();
    String question = in.readString();
    String rationale = in.readString();
    String answer = in.readString();
    int skillCount = in.readVInt();
    List<String> skills = new ArrayList<>(skillCount);
    for (int i = 0; i < skillCount; i++) {
      skills.add(in.readString());
    }
    Example.Source source = Example.Source.fromWire(in.readString());
    String split = in.readString();
    String teacher = in.readNullable();
    String job = in.readNullable();
    Instant createdAt = Instant.ofEpochSecond(in.readLong(), in.readLong());
    double weight = Double.longBitsToDouble(in.readLong());
    String targetSkill = version == VERSION ? in.readNullable() : null;
    String sourceItem = version == VERSION ? in.readNullable() : null;
    if (in.pos != in.end) {
      throw new IllegalStateException("stored example has " + (in.end - in.pos) + " trailing bytes");
    }
    return new Example(
        id, question, rationale, answer, skills, source, split,
        new Provenance(teacher, job, createdAt, targetSkill, sourceItem), weight);
  }

  private static final class Out {
    private byte[] buf;
    private int len;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    private void ensure(int more) {
      if (len + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
    }

    void writeByte(int b) {
      ensure(1);
      buf[len++] = (byte) b;
    }

    void writeVInt(int v) {
      ensure(5);
      while ((v & ~0x7F) != 0) {
        buf[len++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[len++] = (byte) v;
    }

    void writeLong(long v) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[len++] = (byte) (v >>> shift);
      }
    }

    void writeString(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      writeVInt(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buf, len, utf8.length);
      len += utf8.length;
    }

    void writeNullable(String s) {
      writeByte(s == null ? 0 : 1);
      if (s != null) {
        writeString(s);
      }
    }

    byte[] bytes() {
      return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }
  }

  private static final class In {
    private final byte[] data;
    private int pos;
    private final int end;

    In(byte[] data, int pos, int end) {
      this.data = data;
      this.pos = pos;
      this.end = end;
    }

    private void need(int n) {
      if (n < 0 || pos + n > end) {
        throw new IllegalStateException("stored example is truncated or corrupt");
      }
    }

    byte readByte() {
      need(1);
      return data[pos++];
    }

    int readVInt() {
      int v = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        byte b = readByte();
        v |= (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalStateException("stored example is corrupt: bad length");
    }

    long readLong() {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (data[pos++] & 0xFF);
      }
      return v;
    }

    String readString() {
      int n = readVInt();
      need(n);
      String s = new String(data, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    String readNullable() {
      return readByte() == 0 ? null : readString();
    }
  }
}
