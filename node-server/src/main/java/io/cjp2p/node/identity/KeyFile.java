package io.cjp2p.node.identity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.cjp2p.node.crypto.Ed25519Keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The node's ed25519 key in its state directory: {@value #FILE_NAME}, with the Rust node's field names
 * {@code {"public":"<64 hex>","private":"<64 hex seed>"}} (PROTOCOL.md §7.1).
 *
 * <p>The first start makes a key, writes it to a temporary file of mode 0600 and renames it into
 * place, so a crash never leaves half a key. Later starts load it. A key file that cannot be trusted
 * (unreadable, malformed, public key not matching the seed, readable or writable by group or others)
 * is refused and left exactly as it is: replacing it would silently change the node's identity.
 */
public final class KeyFile {
    /** The file's name in the state directory. */
    public static final String FILE_NAME = "key.json";

    /** Far more than the 150 bytes of a key file: more is not a key file. */
    private static final long MAX_BYTES = 4096;
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    private static final JsonFactory JSON = JsonFactory.builder()
            // a parse error must not quote the file: it holds the private key
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private KeyFile() {
    }

    /** The key of {@code stateDir}, made (and the directory too, mode 0700) on first start. */
    public static Ed25519Keys loadOrCreate(Path stateDir) throws KeyFileException {
        Path file = stateDir.resolve(FILE_NAME);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return load(file);
        }
        createStateDir(stateDir);
        Ed25519Keys keys = Ed25519Keys.generate(new SecureRandom());
        return write(file, keys) ? keys : load(file);
    }

    /** The key in this file, or why it cannot be used. */
    private static Ed25519Keys load(Path file) throws KeyFileException {
        if (!Files.isRegularFile(file)) {
            throw refused(file, "is not a regular file");
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        byte[] content;
        try {
            if (posix != null) {
                Set<PosixFilePermission> mode = posix.readAttributes().permissions();
                if (mode.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                    throw refused(file, "is readable or writable by group or others (" + PosixFilePermissions.toString(mode)
                            + "); make it private with chmod 600");
                }
            }
            if (Files.size(file) > MAX_BYTES) {
                throw refused(file, "is larger than " + MAX_BYTES + " bytes");
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyFileException("key file " + file + ": cannot be read: " + e, e);
        }
        return parse(file, content);
    }

    private static Ed25519Keys parse(Path file, byte[] content) throws KeyFileException {
        if (content.length == 0) {
            throw refused(file, "is empty");
        }
        String publicHex = null;
        String privateHex = null;
        try (JsonParser parser = JSON.createParser(content)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw refused(file, "is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!name.equals("public") && !name.equals("private")) {
                    parser.skipChildren(); // a field of a later version: not ours to judge
                    continue;
                }
                if (value != JsonToken.VALUE_STRING) {
                    throw refused(file, "its \"" + name + "\" field is not a string");
                }
                boolean isPublic = name.equals("public");
                if ((isPublic ? publicHex : privateHex) != null) {
                    throw refused(file, "has two \"" + name + "\" fields");
                }
                if (isPublic) {
                    publicHex = parser.getText();
                } else {
                    privateHex = parser.getText();
                }
            }
            if (parser.nextToken() != null) {
                throw refused(file, "has more after its JSON object");
            }
        } catch (JsonProcessingException e) {
            // Jackson's own message may quote a token of the file, so only the position is kept
            JsonLocation at = e.getLocation();
            throw refused(file, "is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new KeyFileException("key file " + file + ": cannot be read: " + e, e);
        }
        byte[] publicKey = hexKey(file, "public", publicHex);
        byte[] seed = hexKey(file, "private", privateHex);
        Ed25519Keys keys = Ed25519Keys.fromSeed(seed);
        if (!keys.publicHex().equals(HexFormat.of().formatHex(publicKey))) {
            throw refused(file, "its public key does not belong to its private key");
        }
        return keys;
    }

    /** 32 bytes from 64 hex digits; the message names the field and never shows its value. */
    private static byte[] hexKey(Path file, String field, String hex) throws KeyFileException {
        if (hex == null) {
            throw refused(file, "has no \"" + field + "\" field");
        }
        if (hex.length() != 2 * Ed25519Keys.KEY_BYTES) {
            throw refused(file, "its \"" + field + "\" field is not 64 hex digits");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException notHex) {
            throw refused(file, "its \"" + field + "\" field is not 64 hex digits");
        }
    }

    private static void createStateDir(Path stateDir) throws KeyFileException {
        if (Files.isDirectory(stateDir)) {
            return;
        }
        try {
            if (isPosix(stateDir)) {
                Files.createDirectories(stateDir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(stateDir);
            }
        } catch (FileAlreadyExistsException e) {
            throw new KeyFileException("state directory " + stateDir + ": exists and is not a directory", e);
        } catch (IOException e) {
            throw new KeyFileException("state directory " + stateDir + ": cannot be created: " + e, e);
        }
    }

    /** Writes a new key file; false when another process made one first (then theirs stays). */
    private static boolean write(Path file, Ed25519Keys keys) throws KeyFileException {
        HexFormat hex = HexFormat.of();
        byte[] content = ("{\"public\":\"" + keys.publicHex() + "\",\"private\":\"" + hex.formatHex(keys.seed())
                + "\"}\n").getBytes(StandardCharsets.US_ASCII);
        Path dir = file.getParent();
        Path temp = null;
        try {
            FileAttribute<?>[] ownerOnly = isPosix(dir)
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            temp = Files.createTempFile(dir, FILE_NAME + ".", ".tmp", ownerOnly);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true); // the bytes are on disk before the name points at them
            }
            // Not ATOMIC_MOVE: that is a rename(2) which would replace a key file made meanwhile; without it
            // the JDK refuses an existing target, then renames within the directory all the same.
            Files.move(temp, file);
            return true;
        } catch (FileAlreadyExistsException e) {
            deleteQuietly(temp);
            return false;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new KeyFileException("key file " + file + ": cannot be created: " + e, e);
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the failure that brought us here is the one to report
        }
    }

    private static KeyFileException refused(Path file, String problem) {
        return new KeyFileException("key file " + file + ": " + problem);
    }
}
