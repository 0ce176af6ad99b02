package io.zeo.server;

/**
 * The exit statuses of every {@code zeo} command, as scripts, cron and supervisors see them.
 *
 * <table>
 *   <caption>exit statuses</caption>
 *   <tr><th>status</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>done; {@code serve}: stopped by SIGTERM</td></tr>
 *   <tr><td>1</td><td>the operation failed (pack failed, server down, problems found, ...);
 *       {@code serve}: stopped by SIGINT, so {@code Restart=on-failure} starts it again</td></tr>
 *   <tr><td>2</td><td>bad command line or configuration file</td></tr>
 *   <tr><td>3</td><td>{@code serve} could not start: a storage is locked or cannot be opened,
 *       an address is in use</td></tr>
 * </table>
 */
public final class ExitCodes {
  private ExitCodes() {}

  /** Done. */
  public static final int OK = 0;
  /** The operation failed; also {@code serve} after SIGINT. */
  public static final int FAILED = 1;
  /** Bad command line or configuration. */
  public static final int USAGE = 2;
  /** {@code serve} could not start. */
  public static final int CANNOT_START = 3;
}
