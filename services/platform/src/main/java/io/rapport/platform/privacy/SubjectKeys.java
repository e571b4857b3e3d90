package io.rapport.platform.privacy;

import static com.mongodb.client.model.Filters.eq;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * One AES-256 key per data subject, kept apart from the data it seals (collection {@code subject_keys}).
 * Sealed values read {@code pd1:<subject>:<iv+ciphertext>}: they name whose key opens them, so any reader can
 * open them without knowing the message around them. Forgetting a subject deletes its key: what was sealed with
 * it can no longer be read by anyone, wherever copies went (events, snapshots, backups).
 */
public class SubjectKeys {

    /** The Jackson attribute under which a mapper carries its keys. */
    public static final String ATTRIBUTE = SubjectKeys.class.getName();
    static final String PREFIX = "pd1:";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int CACHED = 100_000;
    /** A cipher per thread, initialised afresh for each value (looking one up costs more than the sealing). */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JVM", e);
        }
    });

    private final MongoCollection<Document> keys;
    private final SecureRandom random = new SecureRandom();
    /** Subject → key, or an empty key for a subject forgotten (or never keyed). */
    private final Map<String, byte[]> cache = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                    return size() > CACHED;
                }
            });

    public SubjectKeys(MongoDatabase database) {
        this.keys = database.getCollection("subject_keys");
    }

    /** Encrypts {@code plaintext} with the subject's key, creating the key on first use. */
    public String seal(String subject, String plaintext) {
        byte[] key = keyOf(subject);
        if (key.length == 0) {
            key = createKey(subject);
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(subject.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(subject.getBytes(StandardCharsets.UTF_8))
                    + ":" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JVM", e);
        }
    }

    /** The plaintext, or empty when the subject was forgotten. */
    public Optional<String> open(String sealed) {
        int separator = sealed.indexOf(':', PREFIX.length());
        if (!sealed.startsWith(PREFIX) || separator < 0) {
            throw new IllegalArgumentException("not a sealed value");
        }
        String subject = new String(Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length(), separator)),
                StandardCharsets.UTF_8);
        byte[] key = keyOf(subject);
        if (key.length == 0) {
            return Optional.empty();
        }
        byte[] data = Base64.getDecoder().decode(sealed.substring(separator + 1));
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            cipher.updateAAD(subject.getBytes(StandardCharsets.UTF_8));
            return Optional.of(new String(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed value of " + subject + " does not open with its key", e);
        }
    }

    /** Destroys the subject's key: everything sealed with it becomes unreadable. */
    public void forget(String subject) {
        keys.deleteOne(eq("_id", subject));
        cache.put(subject, new byte[0]);
    }

    private byte[] keyOf(String subject) {
        byte[] cached = cache.get(subject);
        if (cached != null) {
            return cached;
        }
        Document stored = keys.find(eq("_id", subject)).first();
        byte[] key = stored == null ? new byte[0] : stored.get("key", Binary.class).getData();
        cache.put(subject, key);
        return key;
    }

    private byte[] createKey(String subject) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        try {
            keys.insertOne(new Document("_id", subject).append("key", new Binary(key)).append("createdAt", new Date()));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // Another writer keyed the subject first: use theirs.
            key = keys.find(eq("_id", subject)).first().get("key", Binary.class).getData();
        }
        cache.put(subject, key);
        return key;
    }
}
