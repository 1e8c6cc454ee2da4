package jp.renkei.web.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A member of staff signed in to the desk: the credential they signed in with (an API key), kept only in their HTTP
 * session on this server and sent only to the gateway. The desk gives it no roles of its own: the gateway decides
 * what each call may do, as for any client with that key.
 */
public final class StaffAuthentication extends AbstractAuthenticationToken {

    static final String STAFF = "STAFF";

    private final String credential;

    public StaffAuthentication(String credential) {
        super(List.of(new SimpleGrantedAuthority(STAFF)));
        this.credential = credential;
        setAuthenticated(true);
    }

    /** What the desk sends to the gateway as {@code Authorization: Bearer}. */
    public String credential() {
        return credential;
    }

    @Override
    public Object getCredentials() {
        return credential;
    }

    /** Never the key: the name a log line or a page may show. */
    @Override
    public Object getPrincipal() {
        return "staff";
    }

    @Override
    public String getName() {
        return "staff";
    }

    @Override
    public String toString() {
        return "StaffAuthentication[credential hidden]";
    }
}
