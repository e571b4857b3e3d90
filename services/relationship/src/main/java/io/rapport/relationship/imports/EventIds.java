package io.rapport.relationship.imports;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import io.rapport.platform.crypto.Digests;

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
        return next(HexFormat.of().formatHex(Digests.sha256(content), 0, 12));
    }
}
