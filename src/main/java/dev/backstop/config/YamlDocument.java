package dev.backstop.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads one of Backstop's YAML files (the configuration, the containment policy) safely: at most 1 MiB, plain
 * maps and lists only, no duplicate keys, few aliases; every problem a {@link ConfigException} naming the file.
 */
public final class YamlDocument {
    static final int MAX_FILE_BYTES = 1 << 20;

    private YamlDocument() {}

    /** The top-level mapping of {@code file}; {@code what} names the kind of file in errors ("policy"). */
    public static Map<?, ?> read(Path file, String what) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(file + ": larger than 1 MiB; not a Backstop " + what);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
    }

    /** The top-level mapping of a YAML text (empty for an empty document); {@code label} names it in errors. */
    public static Map<?, ?> parse(String yaml, String label) {
        LoadSettings settings = LoadSettings.builder().setLabel(label).setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(10).setCodePointLimit(MAX_FILE_BYTES).build();
        Object root;
        try {
            root = new Load(settings).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new ConfigException(label + ": not valid YAML: " + e.getMessage().strip(), e);
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException(label + ": the top level must be a mapping of keys, not a "
                    + ConfigLoader.typeName(root));
        }
        return map;
    }
}
