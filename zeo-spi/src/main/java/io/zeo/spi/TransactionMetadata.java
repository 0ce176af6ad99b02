package io.zeo.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Who committed a transaction and why: user, description and an extension map of further
 * string properties, all kept with the transaction and shown by history, undo log and iteration.
 *
 * <p>An instance also <em>identifies</em> a transaction in progress: the two-phase commit calls
 * of {@link Storage} take the same instance from {@code tpcBegin} to {@code tpcFinish} or
 * {@code tpcAbort}, compared by identity (as ZODB compares transaction objects). Equal metadata
 * in two instances is two transactions. Immutable.
 */
public final class TransactionMetadata {
  private final String user;
  private final String description;
  private final Map<String, String> extension;

  public TransactionMetadata(String user, String description, Map<String, String> extension) {
    this.user = Objects.requireNonNull(user, "user");
    this.description = Objects.requireNonNull(description, "description");
    this.extension = Map.copyOf(extension);
  }

  /** Metadata with an empty user and description. */
  public static TransactionMetadata empty() {
    return new TransactionMetadata("", "", Map.of());
  }

  /** Metadata with a user and a description and no extension. */
  public static TransactionMetadata of(String user, String description) {
    return new TransactionMetadata(user, description, Map.of());
  }

  public String user() {
    return user;
  }

  public String description() {
    return description;
  }

  /** Further properties; never null, unmodifiable. */
  public Map<String, String> extension() {
    return extension;
  }

  /** True if user, description and extension are equal (identity is what names a transaction). */
  public boolean sameContent(TransactionMetadata other) {
    return user.equals(other.user) && description.equals(other.description)
        && extension.equals(other.extension);
  }

  @Override
  public String toString() {
    return "TransactionMetadata[user=" + user + ", description=" + description
        + ", extension=" + extension + "]";
  }
}
