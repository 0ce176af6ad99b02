package io.zeo.auth.internal;

import io.zeo.spi.AuthenticationError;
import io.zeo.spi.FrameProtector;
import io.zeo.spi.ProtocolError;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.agreement.srp.SRP6Client;

/**
 * The client side of an srp login (messages in {@link SrpMessages}): sends the user name,
 * answers the challenge with A and its proof M1, and completes only once the server's proof M2
 * shows that the server holds this user's verifier, so an impostor server learns nothing it
 * could replay and cannot complete the login.
 */
public final class SrpClientExchange extends CompletingExchange {
  private enum State { START, SENT_HELLO, SENT_PROOF, COMPLETE, FAILED }

  private final String user;
  private final Supplier<char[]> password;
  private final Transcript transcript = new Transcript();
  private State state = State.START;
  private SRP6Client srp;
  private BigInteger secret;

  /** @param password asked once per login; the array it returns is not modified */
  public SrpClientExchange(String user, Supplier<char[]> password) {
    super("srp");
    this.user = user;
    this.password = password;
  }

  @Override
  public byte[] step(byte[] received) {
    State was = state;
    state = State.FAILED; // until this step succeeds
    switch (was) {
      case START:
        if (received != null) {
          throw new ProtocolError("srp: the client speaks first, but received " + received.length + " bytes");
        }
        byte[] hello = SrpMessages.write(SrpMessages.HELLO, user.getBytes(StandardCharsets.UTF_8));
        transcript.add(hello);
        state = State.SENT_HELLO;
        return hello;
      case SENT_HELLO:
        byte[] proof = answer(SrpMessages.read(received, SrpMessages.CHALLENGE, 2));
        transcript.add(received);
        transcript.add(proof);
        state = State.SENT_PROOF;
        return proof;
      case SENT_PROOF:
        byte[][] f = SrpMessages.read(received, SrpMessages.CONFIRM, 1);
        boolean serverProved;
        try {
          serverProved = srp.verifyServerEvidenceMessage(Srp.unsigned(f[0]));
        } catch (CryptoException e) {
          serverProved = false;
        }
        if (!serverProved) {
          throw new AuthenticationError("srp: the server could not prove that it knows user '" + user
              + "' (wrong server, or the user was changed on it)");
        }
        transcript.add(received);
        FrameProtector protector = Srp.protector(secret, transcript, true);
        secret = null;
        state = State.COMPLETE;
        complete(user, protector);
        return null;
      default:
        throw new ProtocolError("srp: client received a message in state " + was);
    }
  }

  private byte[] answer(byte[][] challenge) {
    srp = new SRP6Client();
    srp.init(Srp.GROUP, Srp.digest(), Srp.random());
    byte[] pw = Srp.utf8(password.get());
    BigInteger a;
    try {
      a = srp.generateClientCredentials(challenge[0], user.getBytes(StandardCharsets.UTF_8), pw);
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
    try {
      secret = srp.calculateSecret(Srp.unsigned(challenge[1]));
      BigInteger m1 = srp.calculateClientEvidenceMessage();
      return SrpMessages.write(SrpMessages.PROOF, Srp.fixed(a), Srp.fixed(m1, Srp.HASH_BYTES));
    } catch (CryptoException e) {
      throw new ProtocolError("srp: the server's public value B is invalid (" + e.getMessage() + ")");
    }
  }
}
