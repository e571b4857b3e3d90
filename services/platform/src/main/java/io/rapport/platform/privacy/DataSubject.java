package io.rapport.platform.privacy;

/** A message or snapshot about one person, whose {@link PersonalData} is sealed with that person's key. */
public interface DataSubject {

    /** Whose key seals the personal data: stable for the person's whole history. */
    String dataSubject();
}
