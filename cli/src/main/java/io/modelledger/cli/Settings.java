package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where the platform is and which key to present: {@code MODELLEDGER_URL} and {@code MODELLEDGER_API_KEY} first,
 * then what {@code modelledger login} saved in {@code $MODELLEDGER_CONFIG_DIR}, {@code $XDG_CONFIG_HOME/modelledger}
 * or {@code ~/.config/modelledger} ({@code config.json}, readable by its owner only).
 */
final class Settings {

    static final String URL = "MODELLEDGER_URL";
    static final String API_KEY = "MODELLEDGER_API_KEY";

    private final Map<String, String> env;

    Settings(Map<String, String> env) {
        this.env = env;
    }

    Path file() {
        String dir = env.get("MODELLEDGER_CONFIG_DIR");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir, "config.json");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("modelledger").resolve("config.json");
    }

    String url() {
        return pick(env.get(URL), "url");
    }

    /**
     * The key to present to {@code url}: {@code MODELLEDGER_API_KEY}, else the saved key, but only when {@code url} is
     * the URL it was saved with (a different --url or MODELLEDGER_URL never receives it).
     */
    String apiKey(String url) {
        String fromEnvironment = env.get(API_KEY);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        JsonNode saved = saved();
        if (!saved.path("apiKey").isTextual()) {
            return null;
        }
        if (!same(saved.path("url").asText(""), url)) {
            throw new ModelLedger.UsageError("the saved key belongs to " + saved.path("url").asText() + ", not " + url
                                                     + ": set MODELLEDGER_API_KEY, or run 'modelledger login --url " + url + "'");
        }
        return saved.get("apiKey").asText();
    }

    private static boolean same(String a, String b) {
        return strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private String pick(String fromEnvironment, String field) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        JsonNode saved = saved();
        return saved.path(field).isTextual() ? saved.get(field).asText() : null;
    }

    private JsonNode saved() {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return Api.JSON.createObjectNode();
        }
        try {
            return Api.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLedger.UsageError("cannot read " + file + ": " + e.getMessage() + " (run 'modelledger login' again)");
        }
    }

    /** Saves the URL and key, readable and writable by the user alone (0600, in a 0700 directory). */
    Path save(String url, String apiKey) throws IOException {
        Path file = file();
        Path dir = file.getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        ObjectNode config = Api.JSON.createObjectNode().put("url", url).put("apiKey", apiKey);
        Path temp = dir.resolve("config.json." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temp);
        // created new with its permissions and written through the same handle: never readable by others, not even briefly
        java.util.Set<java.nio.file.OpenOption> options = java.util.Set.of(java.nio.file.StandardOpenOption.CREATE_NEW,
                                                                           java.nio.file.StandardOpenOption.WRITE);
        try (java.nio.channels.SeekableByteChannel channel = posix
                ? Files.newByteChannel(temp, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.newByteChannel(temp, options)) {
            channel.write(java.nio.ByteBuffer.wrap((Api.write(config) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another login is writing " + temp, e);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
