package io.zeo.core.internal.wire;

import io.zeo.spi.AuthenticationError;
import io.zeo.spi.AuthorizationError;
import io.zeo.spi.ClientDisconnectedError;
import io.zeo.spi.ConflictError;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.ProtocolError;
import io.zeo.spi.ReadConflictError;
import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageServerError;
import io.zeo.spi.StorageTransactionError;
import io.zeo.spi.UndoError;
import java.util.regex.Pattern;

/**
 * Error codes on the wire. A number, once given, is never reused for another meaning; new
 * errors get new numbers. An ERROR message carries: code (u16), the server-side class name,
 * the message, and three longs (oid, serial, committed serial) that only some codes use. The
 * client rebuilds the same exception type with the same fields; an unknown code, or a type it
 * does not know, becomes {@link StorageServerError} naming the remote type.
 */
public enum WireError {
  UNKNOWN(0),
  STORAGE(1),
  CONFLICT(2),
  READ_CONFLICT(3),
  POS_KEY(4),
  READ_ONLY(5),
  TRANSACTION(6),
  UNDO(7),
  PROTOCOL(8),
  AUTHENTICATION(9),
  AUTHORIZATION(10),
  DISCONNECTED(11),
  SERVER(12),
  ILLEGAL_ARGUMENT(13),
  UNSUPPORTED(14);

  private static final Pattern UNDO_OID_SUFFIX = Pattern.compile(" \\(oid 0x[0-9a-f]+\\)$");

  public final int code;

  WireError(int code) {
    this.code = code;
  }

  /** The code for an exception raised while serving a call. */
  public static WireError of(Throwable t) {
    if (t instanceof ReadConflictError) {
      return READ_CONFLICT;
    } else if (t instanceof ConflictError) {
      return CONFLICT;
    } else if (t instanceof POSKeyError) {
      return POS_KEY;
    } else if (t instanceof ReadOnlyError) {
      return READ_ONLY;
    } else if (t instanceof StorageTransactionError) {
      return TRANSACTION;
    } else if (t instanceof UndoError) {
      return UNDO;
    } else if (t instanceof ProtocolError) {
      return PROTOCOL;
    } else if (t instanceof AuthorizationError) {
      return AUTHORIZATION;
    } else if (t instanceof AuthenticationError) {
      return AUTHENTICATION;
    } else if (t instanceof ClientDisconnectedError) {
      return DISCONNECTED;
    } else if (t instanceof StorageServerError) {
      return SERVER;
    } else if (t instanceof IllegalArgumentException) {
      return ILLEGAL_ARGUMENT;
    } else if (t instanceof UnsupportedOperationException) {
      return UNSUPPORTED;
    } else if (t.getClass() == StorageError.class) {
      return STORAGE;
    }
    return UNKNOWN;
  }

  /** True for errors a user provokes (logged at DEBUG), false for server faults. */
  public boolean isUserLevel() {
    return this != UNKNOWN && this != STORAGE && this != SERVER && this != DISCONNECTED;
  }

  /** Writes an ERROR message's body for {@code t}. */
  public static void write(MessageWriter w, Throwable t) {
    WireError code = of(t);
    long oid = 0;
    long a = 0;
    long b = 0;
    String message = String.valueOf(t.getMessage());
    String type = t.getClass().getName();
    if (t instanceof ConflictError c) {
      oid = c.oid();
      a = c.oldSerial();
      b = c.committedSerial();
    } else if (t instanceof POSKeyError p) {
      oid = p.oid();
    } else if (t instanceof UndoError u) {
      oid = u.oid();
      message = UNDO_OID_SUFFIX.matcher(message).replaceFirst("");
    } else if (t instanceof StorageServerError s) {
      type = s.remoteType();
      String prefix = s.remoteType() + ": ";
      message = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
    w.u16(code.code).string(type).string(message).i64(oid).i64(a).i64(b);
  }

  /** Reads an ERROR message's body into the exception to raise. */
  public static RuntimeException read(MessageReader r) {
    int code = r.u16();
    String type = r.string();
    String message = r.string();
    long oid = r.i64();
    long a = r.i64();
    long b = r.i64();
    return switch (code) {
      case 1 -> new StorageError(message);
      case 2 -> new ConflictError(oid, a, b);
      case 3 -> new ReadConflictError(oid, a, b);
      case 4 -> new POSKeyError(oid, message);
      case 5 -> new ReadOnlyError(message);
      case 6 -> new StorageTransactionError(message);
      case 7 -> oid == -1 ? new UndoError(message) : new UndoError(message, oid);
      case 8 -> new ProtocolError(message);
      case 9 -> new AuthenticationError(message);
      case 10 -> new AuthorizationError(message);
      case 11 -> new ClientDisconnectedError(message);
      case 13 -> new IllegalArgumentException(message);
      case 14 -> new UnsupportedOperationException(message);
      default -> new StorageServerError(type, message);
    };
  }
}
