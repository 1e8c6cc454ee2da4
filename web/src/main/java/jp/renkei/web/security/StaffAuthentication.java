package jp.renkei.web.security;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import jp.renkei.web.oidc.OidcTokens;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A member of staff signed in to the desk: the credential they signed in with (an API key, or an access token from
 * the city's OIDC provider), kept only in their HTTP session on this server and sent only to the gateway. The roles
 * are the ones the gateway named for that credential at sign-in ({@code GET /api/me}); the desk uses them to show only
 * the menus and pages the staff member can use, while the gateway still decides what each call may do.
 */
public final class StaffAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Every signed-in member of staff has it: the desk's own pages. */
    static final String STAFF = "STAFF";
    public static final String PLAN_EDITOR = "PLAN_EDITOR";
    public static final String MODERATOR = "MODERATOR";
    public static final String OPERATOR = "OPERATOR";

    private final String credential;
    private final List<String> roles;
    private final OidcTokens oidc;

    private StaffAuthentication(String credential, Collection<String> roles, OidcTokens oidc) {
        super(authorities(roles));
        this.credential = credential;
        this.roles = List.copyOf(roles);
        this.oidc = oidc;
        setAuthenticated(true);
    }

    /** Signed in with an API key. */
    public static StaffAuthentication withKey(String key, Collection<String> roles) {
        return new StaffAuthentication(key, roles, null);
    }

    /** Signed in through the city's OIDC provider: its access token is the credential. */
    public static StaffAuthentication withOidc(OidcTokens tokens, Collection<String> roles) {
        return new StaffAuthentication(tokens.accessToken(), roles, tokens);
    }

    /** The same staff member with the provider's fresh tokens (after a refresh). */
    public StaffAuthentication refreshed(OidcTokens tokens) {
        return withOidc(tokens, roles);
    }

    /** What the desk sends to the gateway as {@code Authorization: Bearer}. */
    public String credential() {
        return credential;
    }

    /** The provider's tokens when signed in through OIDC, else null. */
    public OidcTokens oidc() {
        return oidc;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
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
        return "StaffAuthentication[roles=" + roles + ", credential hidden]";
    }

    private static List<GrantedAuthority> authorities(Collection<String> roles) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(STAFF));
        roles.forEach(role -> authorities.add(new SimpleGrantedAuthority(role)));
        return authorities;
    }
}
