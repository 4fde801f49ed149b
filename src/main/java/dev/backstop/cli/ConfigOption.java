package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by every command that needs the configuration. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration (default: the embedded defaults; see backstop.example.yml)")
    Path file;

    /** Loads and validates the configuration; a {@code ConfigException} names the bad key. */
    BackstopConfig load() {
        return file == null ? BackstopConfig.defaults() : BackstopConfig.load(file);
    }
}
