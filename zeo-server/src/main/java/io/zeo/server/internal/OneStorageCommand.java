package io.zeo.server.internal;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** A client command about one storage of a running server: {@code zeo CMD ADDR --storage NAME ...}. */
abstract class OneStorageCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ADDR", description = "Server address: tcp://HOST:PORT, HOST:PORT or unix:/PATH.")
  String address;

  @Option(names = "--storage", paramLabel = "NAME", defaultValue = "1", description = "Storage name; default ${DEFAULT-VALUE}.")
  String storage;

  @Mixin
  ClientOptions client;
}
