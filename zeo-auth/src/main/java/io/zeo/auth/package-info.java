/**
 * Authentication, encryption and access rights for ZEO connections.
 *
 * <ul>
 *   <li>{@link io.zeo.auth.SrpAuthProvider} ({@code "srp"}): password login by SRP-6a, then
 *       AES-256-GCM frames;
 *   <li>{@link io.zeo.auth.TlsAuthProvider} ({@code "tls"}): TLS 1.3 through an SSLEngine,
 *       optional client certificates mapped to users;
 *   <li>{@link io.zeo.auth.UserStore}: the users file (salt, verifier, {@link io.zeo.auth.Rights}
 *       per storage) and the lookups a server makes;
 *   <li>{@link io.zeo.auth.LoginThrottle}: per-peer back-off after failed logins.
 * </ul>
 *
 * <h2>How zeo-core uses it (through the SPI only)</h2>
 * <pre>
 * handshake:  client exchange.step(null) -> msg -> server.step(msg) -> reply -> client.step(reply) ...
 *             until both isComplete(); a step that throws AuthenticationError ends the login
 *             (server: send the error, close). Nothing but handshake messages before that.
 * afterwards: outbound  frame -> [compress] -> protector.seal  -> length prefix -> transport
 *             inbound   transport -> length prefix -> protector.open -> [decompress] -> codec
 *             open() throwing ProtocolError closes the connection.
 * per call:   serverExchange.checkAccess(storage, READ | WRITE | ADMIN, "operation")
 *             (tpcBegin/undo need WRITE -> ReadOnlyError; pack needs ADMIN -> AuthorizationError).
 * </pre>
 * The server passes {@link io.zeo.auth.AuthSettings#USER_STORE} (and, for tls, a key store or
 * SSLContext) in {@link io.zeo.spi.AuthServerConfig#settings()}, and the peer's address as
 * {@link io.zeo.spi.AuthServerConfig#peer()}, so back-off applies per address.
 */
package io.zeo.auth;
