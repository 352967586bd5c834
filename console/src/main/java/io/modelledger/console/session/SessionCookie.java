package io.modelledger.console.session;

/** The console's session cookie (console.yml sets it HttpOnly and SameSite=Lax; Secure where the console is served over TLS). */
final class SessionCookie {

    static final String NAME = "MLCONSOLE";

    private SessionCookie() {
    }
}
