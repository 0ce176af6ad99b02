package io.zeo.server.internal;

import io.zeo.auth.Rights;
import io.zeo.auth.UserRecord;
import io.zeo.auth.UserStore;
import io.zeo.server.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zeo users FILE add|remove|passwd|list}: edits the users file a server reads with
 * {@code --users}. Passwords come from the terminal (asked twice) or standard input's first
 * line, never from the command line. A running server sees the change at the next login.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
    description = {"Manages the users file of a server started with --users FILE.",
        "Passwords are read from the terminal, or from the first line of stdin when there is none."},
    subcommands = {UsersCommand.Add.class, UsersCommand.Remove.class, UsersCommand.Passwd.class,
        UsersCommand.ListUsers.class},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:done", "1:no such user, user exists, passwords differ, file unreadable", "2:bad option"})
public final class UsersCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The users file (created by the first add).")
  Path file;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is required: add, remove, passwd or list");
  }

  UserStore store(boolean create) {
    if (!create && !Files.isRegularFile(file)) {
      throw new Failure(ExitCodes.FAILED, "no users file " + file);
    }
    try {
      return UserStore.open(file);
    } catch (java.io.UncheckedIOException e) {
      throw new Failure(ExitCodes.FAILED, "cannot open users file " + file + ": " + e.getCause().getMessage(), e);
    }
  }

  /** Runs a change, turning the store's refusals (unknown user, user exists) into status 1. */
  static void change(Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException e) {
      throw new Failure(ExitCodes.FAILED, e.getMessage(), e);
    }
  }

  /** What every subcommand has: the users file (from the parent) and its output. */
  abstract static class Sub implements Callable<Integer> {
    @ParentCommand
    UsersCommand parent;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  /** A subcommand about one user. */
  abstract static class OnUser extends Sub {
    @Parameters(index = "0", paramLabel = "NAME", description = "User name: 1-128 of A-Z a-z 0-9 . _ @ + -")
    String name;
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a user with a password.")
  static final class Add extends OnUser {

    @Option(names = "--rights", paramLabel = "STORAGE=RIGHTS", split = ",",
        description = {"Rights per storage (or * for all): r read, w write (commit, undo), a admin (pack);",
            "e.g. --rights '*=rw,main=rwa'. Default *=rw."})
    List<String> rights = new ArrayList<>();

    @Override
    public Integer call() {
      Map<String, Rights> parsed = parseRights(rights.isEmpty() ? List.of("*=rw") : rights);
      if (!UserStore.isValidName(name)) {
        throw Failure.usage("user name '" + name + "' is not 1-128 of A-Z a-z 0-9 . _ @ + -");
      }
      UserStore store = parent.store(true);
      if (store.lookup(name).isPresent()) {
        throw new Failure(ExitCodes.FAILED, "user '" + name + "' already exists in " + parent.file
            + "; use passwd to change the password");
      }
      char[] password = Passwords.read("password for " + name, true);
      try {
        change(() -> store.addUser(name, password, parsed));
      } finally {
        Arrays.fill(password, '\0');
      }
      out().println("added user " + name + " to " + parent.file + " with rights " + letters(parsed));
      return ExitCodes.OK;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a user.")
  static final class Remove extends OnUser {
    @Override
    public Integer call() {
      UserStore store = parent.store(false);
      change(() -> store.removeUser(name));
      out().println("removed user " + name + " from " + parent.file);
      return ExitCodes.OK;
    }
  }

  @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Sets a user's password.")
  static final class Passwd extends OnUser {
    @Override
    public Integer call() {
      UserStore store = parent.store(false);
      if (store.lookup(name).isEmpty()) {
        throw new Failure(ExitCodes.FAILED, "no user '" + name + "' in " + parent.file + " (users: " + store.users() + ")");
      }
      char[] password = Passwords.read("new password for " + name, true);
      try {
        change(() -> store.changePassword(name, password));
      } finally {
        Arrays.fill(password, '\0');
      }
      out().println("changed the password of " + name);
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists users and their rights.")
  static final class ListUsers extends Sub {
    @Override
    public Integer call() {
      UserStore store = parent.store(false);
      PrintWriter out = out();
      for (String n : store.users()) {
        UserRecord u = store.lookup(n).orElseThrow();
        out.println(n + " " + letters(u.rights()) + (u.hasPassword() ? "" : " (certificate login)"));
      }
      return ExitCodes.OK;
    }
  }

  static Map<String, Rights> parseRights(List<String> specs) {
    Map<String, Rights> out = new LinkedHashMap<>();
    for (String s : specs) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw Failure.usage("--rights \"" + s + "\" is not STORAGE=RIGHTS, e.g. *=rw or main=rwa");
      }
      try {
        out.put(s.substring(0, eq).trim(), Rights.parse(s.substring(eq + 1).trim()));
      } catch (IllegalArgumentException e) {
        throw Failure.usage("--rights \"" + s + "\": " + e.getMessage());
      }
    }
    return out;
  }

  static String letters(Map<String, Rights> rights) {
    List<String> parts = new ArrayList<>();
    rights.forEach((k, v) -> parts.add(k + "=" + v.letters()));
    return parts.isEmpty() ? "(none)" : String.join(",", parts);
  }
}
