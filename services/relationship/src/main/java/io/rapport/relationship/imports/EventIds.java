package io.rapport.relationship.imports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Event ids for rows that carry none: derived from the row's content, so importing the same file again yields
 * the same ids (and records nothing new); identical rows within a file are told apart by their occurrence.
 */
final class EventIds {

    private final String prefix;
    private final Map<String, Integer> seen = new HashMap<>();

    EventIds(String prefix) {
        this.prefix = prefix;
    }

    /** {@code prefix:natural[:n]}, n counting earlier rows with the same natural key. */
    String next(String naturalKey) {
        int occurrence = seen.merge(naturalKey, 1, Integer::sum) - 1;
        return prefix + ":" + naturalKey + (occurrence == 0 ? "" : ":" + occurrence);
    }

    /** For keys too long or too revealing to use as they are: a digest of them. */
    String nextDigest(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return next(HexFormat.of().formatHex(digest, 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
