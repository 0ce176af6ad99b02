package io.zeo.db.internal;

import io.zeo.db.ClassNotAllowedException;
import io.zeo.db.Persistent;
import io.zeo.db.PersistentRef;
import io.zeo.spi.RecordEnvelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.marshalling.ClassResolver;
import org.jboss.marshalling.Marshaller;
import org.jboss.marshalling.MarshallerFactory;
import org.jboss.marshalling.Marshalling;
import org.jboss.marshalling.MarshallingConfiguration;
import org.jboss.marshalling.ObjectTable;
import org.jboss.marshalling.Unmarshaller;
import org.jboss.marshalling.river.RiverMarshallerFactory;

/**
 * Encodes and decodes object records: the state of one persistent object.
 *
 * <p>A record is a {@link RecordEnvelope} (listing every oid the state refers to) followed by
 * this payload:
 * <pre>
 * offset size  field
 * 0      1     payload format version, 1
 * 1      2     n, length of the class name in UTF-8 bytes, big-endian unsigned
 * 3      n     the object's class name (as written; aliases apply when reading)
 * 3+n    ...   a JBoss Marshalling River stream: int count, then count times
 *              (UTF field name, object value)
 * </pre>
 * Field values are written by River. A reference to another persistent object is never written
 * inline: River's {@link ObjectTable} writes it as its 8-byte oid, then one byte naming its class
 * (1 to 6: this module's own persistent classes, see {@code WELL_KNOWN}; 0: the class name
 * follows as a String, which River writes once per record and back-references after that), so a
 * ghost of the right class can be made without loading the object. Class names are checked against
 * the {@link ClassGuard} before any class is loaded, on reading and on writing.
 *
 * <p>Version history: 1 is the first version.
 *
 * <p>Not thread-safe: one instance per connection or per resolving thread.
 */
public final class RecordCodec {
  /** The payload format version this codec writes and reads. */
  public static final int VERSION = 1;
  private static final MarshallerFactory FACTORY = new RiverMarshallerFactory();
  /**
   * Classes a reference names by a one-byte code (index + 1) instead of by name: this module's
   * own persistent classes, which tree nodes refer to most. Append only; never reorder.
   */
  private static final List<String> WELL_KNOWN = List.of(TreeBucket.class.getName(),
      TreeInner.class.getName(), "io.zeo.db.PersistentMap", "io.zeo.db.PersistentList",
      "io.zeo.db.PersistentTreeMap", "io.zeo.db.Counter");

  /** How the codec turns references into oids and back. */
  public interface References {
    /** The oid to write for {@code target}, a {@link Persistent} or a {@link PersistentRef}. */
    long referenceOid(Object target);

    /** The object to put where a reference to {@code oid} of class {@code className} was. */
    Object resolveReference(long oid, String className);
  }

  /** A decoded record: the class name as written (aliases not applied) and fields by name. */
  public record Decoded(String className, Map<String, Object> fields) {}

  private final ClassGuard guard;
  private final Marshaller marshaller;
  private final Unmarshaller unmarshaller;
  private final Buffer out = new Buffer();
  private References refs;
  private final Set<Long> seen = new HashSet<>();
  private long[] found = new long[16];
  private int foundCount;

  public RecordCodec(ClassGuard guard) {
    this.guard = guard;
    MarshallingConfiguration config = new MarshallingConfiguration();
    config.setClassResolver(new GuardResolver());
    config.setObjectTable(new ReferenceTable());
    // River clears its instance and class tables for every record; the defaults (hundreds of
    // slots) make that clearing cost more than writing a small record. They grow when needed.
    config.setInstanceCount(16);
    config.setClassCount(8);
    try {
      this.marshaller = FACTORY.createMarshaller(config);
      this.unmarshaller = FACTORY.createUnmarshaller(config);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a River marshaller", e);
    }
  }

  /** Writes a record of class {@code className} with the given fields. */
  public byte[] encode(String className, String[] names, Object[] values, References references) {
    References outer = refs;
    refs = references;
    seen.clear();
    foundCount = 0;
    out.reset();
    try {
      guard.checkWritable(className);
      byte[] cn = className.getBytes(StandardCharsets.UTF_8);
      if (cn.length > 0xFFFF) {
        throw new IllegalArgumentException("class name longer than 65535 bytes: " + className);
      }
      out.write(VERSION);
      out.write(cn.length >>> 8);
      out.write(cn.length);
      out.write(cn, 0, cn.length);
      marshaller.start(Marshalling.createByteOutput(out));
      marshaller.writeInt(names.length);
      for (int i = 0; i < names.length; i++) {
        marshaller.writeUTF(names[i]);
        marshaller.writeObject(values[i]);
      }
      marshaller.finish();
    } catch (IOException e) {
      throw unwrap(e, "cannot write the state of a " + className);
    } finally {
      refs = outer;
    }
    return RecordEnvelope.wrap(Arrays.copyOf(found, foundCount), out.toByteArray());
  }

  /** Reads a record; references become whatever {@code references} resolves them to. */
  public Decoded decode(byte[] record, References references) {
    int at = RecordEnvelope.payloadOffset(record);
    String className = className(record);
    int start = at + 3 + ((record[at + 1] & 0xFF) << 8 | (record[at + 2] & 0xFF));
    References outer = refs;
    refs = references;
    try {
      unmarshaller.start(Marshalling.createByteInput(ByteBuffer.wrap(record, start, record.length - start)));
      int n = unmarshaller.readInt();
      if (n < 0 || n > record.length) {
        throw new IllegalStateException("corrupt record of " + className + ": " + n + " fields");
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String name = unmarshaller.readUTF();
        fields.put(name, unmarshaller.readObject());
      }
      unmarshaller.finish();
      return new Decoded(className, fields);
    } catch (IOException | ClassNotFoundException e) {
      throw unwrap(e, "cannot read the state of a " + className);
    } finally {
      refs = outer;
    }
  }

  /**
   * The class name a record was written with, read without River.
   *
   * @throws IllegalStateException if the record is not one this codec wrote
   */
  public static String className(byte[] record) {
    int at = RecordEnvelope.payloadOffset(record);
    if (!RecordEnvelope.hasEnvelope(record) || record.length < at + 3 || record[at] != VERSION) {
      throw new IllegalStateException("not an object record of payload format " + VERSION
          + (record.length > at ? " (format byte " + record[at] + ")" : " (too short)"));
    }
    int n = (record[at + 1] & 0xFF) << 8 | (record[at + 2] & 0xFF);
    if (record.length < at + 3 + n) {
      throw new IllegalStateException("corrupt object record: class name of " + n
          + " bytes exceeds the record");
    }
    return new String(record, at + 3, n, StandardCharsets.UTF_8);
  }

  private static RuntimeException unwrap(Exception e, String what) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ClassNotAllowedException c) {
        return c;
      }
      if (t instanceof IllegalStateException s && t != e) {
        return s;
      }
    }
    return new IllegalStateException(what + ": " + e, e);
  }

  private void noteReference(long oid) {
    if (seen.add(oid)) {
      if (foundCount == found.length) {
        found = Arrays.copyOf(found, foundCount * 2);
      }
      found[foundCount++] = oid;
    }
  }

  /** Persistent references as oid + class name, never inline. */
  private final class ReferenceTable implements ObjectTable {
    private final Writer writer = (m, obj) -> {
      String className = obj instanceof PersistentRef r ? r.className() : obj.getClass().getName();
      guard.checkWritable(className);
      long oid = refs.referenceOid(obj);
      noteReference(oid);
      m.writeLong(oid);
      int code = WELL_KNOWN.indexOf(className);
      m.writeByte(code + 1);
      if (code < 0) {
        m.writeObject(className);
      }
    };

    @Override
    public Writer getObjectWriter(Object obj) {
      return obj instanceof Persistent || obj instanceof PersistentRef ? writer : null;
    }

    @Override
    public Object readObject(Unmarshaller u) throws IOException, ClassNotFoundException {
      long oid = u.readLong();
      int code = u.readUnsignedByte();
      Object name = code == 0 ? u.readObject() : code <= WELL_KNOWN.size() ? WELL_KNOWN.get(code - 1) : null;
      if (!(name instanceof String s)) {
        throw new IOException("corrupt persistent reference to oid " + oid + " (class code " + code + ")");
      }
      return refs.resolveReference(oid, s);
    }
  }

  /** Every class River reads is checked by name before it is loaded; writes are checked too. */
  private final class GuardResolver implements ClassResolver {
    @Override
    public void annotateClass(Marshaller m, Class<?> c) {}

    @Override
    public void annotateProxyClass(Marshaller m, Class<?> c) {}

    @Override
    public String getClassName(Class<?> c) {
      guard.checkWritable(c);
      return c.getName();
    }

    @Override
    public String[] getProxyInterfaces(Class<?> c) {
      throw new ClassNotAllowedException(c.getName(), "dynamic proxies are never stored");
    }

    @Override
    public Class<?> resolveClass(Unmarshaller u, String name, long serialVersionUID)
        throws ClassNotFoundException {
      return guard.resolve(name);
    }

    @Override
    public Class<?> resolveProxyClass(Unmarshaller u, String[] interfaces) {
      throw new ClassNotAllowedException("a dynamic proxy of " + Arrays.toString(interfaces),
          "dynamic proxies are never loaded");
    }
  }

  /** A ByteArrayOutputStream whose buffer is reused between records. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(512);
    }
  }
}
