package io.zeo.server.internal;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads passwords: from the terminal without echo when there is one, else the first line of
 * standard input (for scripts: {@code echo secret | zeo users FILE add alice}), or from a file.
 * Passwords never come from the command line, where {@code ps} would show them.
 */
public final class Passwords {
  private Passwords() {}

  /** Reads a password, asking twice on a terminal when {@code confirm}. */
  public static char[] read(String prompt, boolean confirm) {
    Console c = System.console();
    if (c != null) {
      char[] first = c.readPassword("%s: ", prompt);
      if (first == null) {
        throw new Failure(io.zeo.server.ExitCodes.FAILED, "no password entered");
      }
      if (confirm) {
        char[] again = c.readPassword("%s (again): ", prompt);
        if (again == null || !Arrays.equals(first, again)) {
          throw new Failure(io.zeo.server.ExitCodes.FAILED, "the passwords differ");
        }
        Arrays.fill(again, '\0');
      }
      return checked(first, "terminal");
    }
    try {
      // not closed: closing would close System.in for the rest of the process
      BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = r.readLine();
      if (line == null) {
        throw new Failure(io.zeo.server.ExitCodes.FAILED, "no password on standard input (expected one line)");
      }
      return checked(line.toCharArray(), "standard input");
    } catch (IOException e) {
      throw new Failure(io.zeo.server.ExitCodes.FAILED, "cannot read the password from standard input: " + e);
    }
  }

  /** The first line of {@code file}. */
  public static char[] fromFile(Path file) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = r.readLine();
      return checked(line == null ? new char[0] : line.toCharArray(), file.toString());
    } catch (IOException e) {
      throw Failure.usage("cannot read password file " + file + ": " + e);
    }
  }

  private static char[] checked(char[] password, String source) {
    if (password.length == 0) {
      throw new Failure(io.zeo.server.ExitCodes.FAILED, "empty password from " + source);
    }
    return password;
  }
}
