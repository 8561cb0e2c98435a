package dev.nogilscan.scanner.cli;

import picocli.CommandLine;

/** Creates commands with the {@link Context} handed to their constructor. */
final class ContextFactory implements CommandLine.IFactory {
  private final Context context;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  ContextFactory(Context context) {
    this.context = context;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    try {
      return cls.getDeclaredConstructor(Context.class).newInstance(context);
    } catch (NoSuchMethodException e) {
      return fallback.create(cls);
    }
  }
}
