package io.zeo.core.internal.wire;

import io.zeo.spi.StorageInfo;
import io.zeo.spi.TransactionMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message kinds, operation codes and shared value layouts of the protocol. {@code
 * docs/protocol.md} describes every message; numbers are never reused.
 */
public final class Wire {
  private Wire() {}

  /** "ZEOJ": the first bytes of the client's hello, so a stray peer is recognised at once. */
  public static final int MAGIC = 0x5A454F4A;
  /** The protocol version this code speaks. */
  public static final int VERSION = 1;

  // message kinds (first body byte)
  public static final byte CALL = 1;
  public static final byte REPLY = 2;
  public static final byte ERROR = 3;
  public static final byte ONEWAY = 4;
  public static final byte PUSH = 5;

  // calls (client -> server, answered by REPLY or ERROR with the same id)
  public static final byte HELLO = 1;
  public static final byte AUTH = 2;
  public static final byte LOAD = 10;
  public static final byte LOAD_BEFORE = 11;
  public static final byte LOAD_SERIAL = 12;
  public static final byte HISTORY = 13;
  public static final byte NEW_OIDS = 14;
  public static final byte GET_INFO = 15;
  public static final byte UNDO_LOG = 16;
  public static final byte ITER_START = 17;
  public static final byte ITER_NEXT = 18;
  public static final byte PING = 19;
  public static final byte VOTE = 31;
  public static final byte FINISH = 32;
  public static final byte UNDO = 34;
  public static final byte PACK = 40;
  /** Server status for operators (see {@code docs/protocol.md}, "Administration"). */
  public static final byte STATUS = 45;

  // one-way messages (client -> server)
  public static final byte TXN_OPS = 30;
  public static final byte ABORT = 33;
  public static final byte ITER_CLOSE = 41;

  // pushes (server -> client)
  public static final byte INVALIDATE = 60;
  public static final byte INFO = 61;
  public static final byte PACKED = 62;

  // operations inside a TXN_OPS stream
  public static final byte OP_BEGIN = 1;
  public static final byte OP_BEGIN_TID = 2;
  public static final byte OP_STORE = 3;
  public static final byte OP_CHECK = 4;
  public static final byte OP_RESTORE = 5;

  /** Readable name of a call or one-way op, for errors and logs. */
  public static String opName(int op) {
    return switch (op) {
      case HELLO -> "hello";
      case AUTH -> "auth";
      case LOAD -> "load";
      case LOAD_BEFORE -> "loadBefore";
      case LOAD_SERIAL -> "loadSerial";
      case HISTORY -> "history";
      case NEW_OIDS -> "newOids";
      case GET_INFO -> "info";
      case UNDO_LOG -> "undoLog";
      case ITER_START -> "iterStart";
      case ITER_NEXT -> "iterNext";
      case PING -> "ping";
      case TXN_OPS -> "txnOps";
      case VOTE -> "vote";
      case FINISH -> "finish";
      case ABORT -> "abort";
      case UNDO -> "undo";
      case PACK -> "pack";
      case STATUS -> "status";
      case ITER_CLOSE -> "iterClose";
      case INVALIDATE -> "invalidate";
      case INFO -> "info";
      case PACKED -> "packed";
      default -> "op " + op;
    };
  }

  public static void writeInfo(MessageWriter w, StorageInfo info) {
    w.string(info.name()).i64(info.lastTid()).i64(info.size())
        .u8((info.readOnly() ? 1 : 0) | (info.supportsUndo() ? 2 : 0) | (info.supportsPack() ? 4 : 0));
  }

  public static StorageInfo readInfo(MessageReader r) {
    String name = r.string();
    long last = r.i64();
    long size = r.i64();
    int flags = r.u8();
    return new StorageInfo(name, last, size, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0);
  }

  public static void writeMeta(MessageWriter w, TransactionMetadata m) {
    w.string(m.user()).string(m.description());
    writeMap(w, m.extension());
  }

  public static TransactionMetadata readMeta(MessageReader r) {
    String user = r.string();
    String description = r.string();
    return new TransactionMetadata(user, description, readMap(r));
  }

  public static void writeMap(MessageWriter w, Map<String, String> map) {
    w.i32(map.size());
    for (Map.Entry<String, String> e : map.entrySet()) {
      w.string(e.getKey()).string(e.getValue());
    }
  }

  public static Map<String, String> readMap(MessageReader r) {
    int n = r.count(8);
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      map.put(r.string(), r.string());
    }
    return map;
  }
}
