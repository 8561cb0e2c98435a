package dev.nogilscan.scanner.assess;

/** Told when a {@link Scan} enters and leaves its phases, for timing them. Thread safe. */
public interface PhaseListener {
  /** Everything up to the import probes: download, inspection, installation. */
  String PREPARE = "prepare";

  /** All import probes together. */
  String PROBE = "probe";

  PhaseListener NONE =
      new PhaseListener() {
        @Override
        public void started(String phase) {}

        @Override
        public void ended(String phase) {}
      };

  void started(String phase);

  void ended(String phase);
}
