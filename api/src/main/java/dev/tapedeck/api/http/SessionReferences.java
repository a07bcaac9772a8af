package dev.tapedeck.api.http;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionLookup;

/**
 * The session a route's {@code {id}} names, read by the store's one lookup (full id, unique prefix,
 * {@code last}, {@code last:AGENT}): 404 when nothing matches, 409 with the candidates in the detail
 * when a prefix matches several sessions (the reference is well formed; the database holds more
 * than one answer to it).
 */
public final class SessionReferences {
    private SessionReferences() {
    }

    public static Session require(Database db, String reference) {
        SessionLookup lookup = db.sessions().lookup(reference);
        if (lookup instanceof SessionLookup.Found found) {
            return found.session();
        }
        if (lookup instanceof SessionLookup.Ambiguous) {
            throw new HttpError(409, "ambiguous", lookup.message());
        }
        throw HttpError.notFound(Params.clip(lookup.message()));
    }
}
