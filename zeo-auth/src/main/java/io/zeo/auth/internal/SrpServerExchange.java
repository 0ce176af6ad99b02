package io.zeo.auth.internal;

import io.zeo.auth.UserStore;
import io.zeo.spi.FrameProtector;
import io.zeo.spi.ProtocolError;
import java.math.BigInteger;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.agreement.srp.SRP6Server;

/**
 * The server side of an srp login. An unknown user gets a decoy salt and verifier from the
 * store, so the exchange runs the same computations and fails with the same error as a wrong
 * password. The server proves itself (M2) only after the client has proved itself (M1).
 */
public final class SrpServerExchange extends CompletingExchange {
  private enum State { START, SENT_CHALLENGE, COMPLETE, FAILED }

  private final UserStore store;
  private final LoginGuard guard;
  private final Transcript transcript = new Transcript();
  private State state = State.START;
  private String user;
  private boolean decoy;
  private SRP6Server srp;

  public SrpServerExchange(UserStore store, LoginGuard guard) {
    super("srp");
    this.store = store;
    this.guard = guard;
  }

  @Override
  public byte[] step(byte[] received) {
    State was = state;
    state = State.FAILED; // until this step succeeds
    switch (was) {
      case START:
        byte[][] hello = SrpMessages.read(received, SrpMessages.HELLO, 1);
        transcript.add(received);
        user = SrpMessages.utf8(hello[0]);
        guard.checkAllowed();
        byte[] challenge = challenge();
        transcript.add(challenge);
        state = State.SENT_CHALLENGE;
        return challenge;
      case SENT_CHALLENGE:
        byte[][] proof = SrpMessages.read(received, SrpMessages.PROOF, 2);
        transcript.add(received);
        BigInteger secret;
        boolean clientProved;
        try {
          secret = srp.calculateSecret(Srp.unsigned(proof[0]));
          clientProved = srp.verifyClientEvidenceMessage(Srp.unsigned(proof[1]));
        } catch (CryptoException e) {
          throw guard.failed(user, "invalid client value A");
        }
        if (!clientProved || decoy) {
          throw guard.failed(user, decoy ? "no such user (or no password set)" : "wrong password");
        }
        byte[] confirm;
        try {
          confirm = SrpMessages.write(SrpMessages.CONFIRM,
              Srp.fixed(srp.calculateServerEvidenceMessage(), Srp.HASH_BYTES));
        } catch (CryptoException e) {
          throw new IllegalStateException("srp: server evidence after a verified proof", e);
        }
        transcript.add(confirm);
        FrameProtector protector = Srp.protector(secret, transcript, false);
        guard.succeeded(user);
        state = State.COMPLETE;
        complete(user, protector);
        return confirm;
      default:
        throw new ProtocolError("srp: server received a message in state " + was);
    }
  }

  private byte[] challenge() {
    store.reloadIfChanged();
    UserStore.Lookup found = store.lookupOrDecoy(user);
    decoy = found.decoy();
    srp = new SRP6Server();
    srp.init(Srp.GROUP, Srp.unsigned(found.record().verifier()), Srp.digest(), Srp.random());
    BigInteger b = srp.generateServerCredentials();
    return SrpMessages.write(SrpMessages.CHALLENGE, found.record().salt(), Srp.fixed(b));
  }

  @Override
  public boolean permits(String storage, Access access) {
    return isComplete() && store.rightsFor(principal(), storage).permits(access);
  }
}
