package io.zeo.auth.internal;

import io.zeo.spi.AuthExchange;
import io.zeo.spi.FrameProtector;
import java.util.Optional;

/** What every exchange reports once it completes: the principal and the frame protector. */
abstract class CompletingExchange implements AuthExchange {
  private final String mechanism;
  private volatile String principal;
  private volatile FrameProtector protector;

  CompletingExchange(String mechanism) {
    this.mechanism = mechanism;
  }

  /** Marks the exchange complete. */
  final void complete(String principal, FrameProtector protector) {
    this.protector = protector;
    this.principal = principal; // last: isComplete() reads it
  }

  @Override
  public final boolean isComplete() {
    return principal != null;
  }

  @Override
  public final String principal() {
    String p = principal;
    if (p == null) {
      throw new IllegalStateException(mechanism + ": no principal before the login completes");
    }
    return p;
  }

  @Override
  public final Optional<FrameProtector> protector() {
    return Optional.ofNullable(protector);
  }
}
