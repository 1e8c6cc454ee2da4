package jp.renkei.gateway.access;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call what through the gateway: the first rule whose methods and path match decides; a path no rule names
 * is unknown (404). The README's authorization table is {@link #markdownTable()} of this very list, and a test keeps
 * the two equal. The services enforce their own rules again (defence in depth).
 */
public final class AccessMatrix {

    /** The outcome for one call. */
    public enum Decision { ALLOW, UNAUTHENTICATED, FORBIDDEN, UNKNOWN_PATH }

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    private static final Set<HttpMethod> ANY = Set.of();
    private static final String PARTNER_VARIABLE = "partnerId";

    /**
     * One row of the matrix.
     *
     * @param ownPartnerOnly a {@code PARTNER} caller is allowed only when the path's {@code {partnerId}} is its own
     */
    public record Rule(String label, Set<HttpMethod> methods, List<String> paths, Set<Role> roles,
                       boolean ownPartnerOnly) {

        boolean matches(HttpMethod method, PathContainer path) {
            return (methods.isEmpty() || methods.contains(method))
                    && patterns().stream().anyMatch(pattern -> pattern.matches(path));
        }

        List<PathPattern> patterns() {
            return COMPILED.computeIfAbsent(this,
                    rule -> rule.paths().stream().map(PathPatternParser.defaultInstance::parse).toList());
        }

        /** {@code ✓} allowed, {@code own} only for its own partner id, {@code —} refused. */
        public String cell(Role role) {
            if (roles.contains(Role.PUBLIC) || roles.contains(role)) {
                return role == Role.PARTNER && ownPartnerOnly ? "own" : "✓";
            }
            return "—";
        }
    }

    private static final Map<Rule, List<PathPattern>> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Set<Role> EVERYONE = EnumSet.of(Role.PUBLIC);
    private static final Rule SUBMIT_OPINION = rule("submit an opinion", Set.of(HttpMethod.POST),
            List.of("/api/consultations/{consultationId}/opinions"), EVERYONE);

    public static final List<Rule> RULES = List.of(
            // progress (進捗管理): the public sees published evaluations only, drafts are staff-only at plan-service
            rule("read progress: indicators, actuals, evaluations, roll-ups, CSV", READS,
                    List.of("/api/plans/{planId}/progress", "/api/plans/{planId}/progress.csv",
                            "/api/plans/{planId}/progress/rollup", "/api/plans/{planId}/measures/{measureId}/progress",
                            "/api/plans/{planId}/measures/{measureId}/indicators/**",
                            "/api/plans/{planId}/measures/{measureId}/evaluations/**"), EVERYONE),
            rule("manage progress: define, revise, retire indicators; record, correct actuals; draft, publish "
                    + "evaluations", WRITES, List.of("/api/plans/{planId}/measures/{measureId}/indicators/**",
                    "/api/plans/{planId}/measures/{measureId}/evaluations/**"), EnumSet.of(Role.PLAN_EDITOR)),
            rule("read the plans, measures, revisions, search", READS, List.of("/api/plans/**"), EVERYONE),
            // joint plans (issue #14): a partner's key reaches these two writes of any plan; plan-service, which knows
            // the plan's co-owners, refuses (403) a partner that does not co-own it
            rule("revise or patch a measure (PARTNER: only of a joint plan it co-owns, checked by plan-service)",
                    Set.of(HttpMethod.PUT, HttpMethod.PATCH), List.of("/api/plans/{planId}/measures/{measureId}"),
                    EnumSet.of(Role.PLAN_EDITOR, Role.PARTNER)),
            rule("approve a measure's version (a co-owner of its joint plan, checked by plan-service; the owner "
                    + "approves by adopting)", Set.of(HttpMethod.POST),
                    List.of("/api/plans/{planId}/measures/{measureId}/approvals"), EnumSet.of(Role.PARTNER)),
            rule("change the plans (create, revise, patch, status, archive)", WRITES, List.of("/api/plans/**"),
                    EnumSet.of(Role.PLAN_EDITOR)),
            SUBMIT_OPINION,
            // a case not yet open is 404 for the public at consultation-service (object level)
            rule("read open and closed consultations and published results", READS, List.of("/api/consultations",
                    "/api/consultations/{consultationId}", "/api/consultations/{consultationId}/results",
                    "/api/consultations/{consultationId}/results.csv"), EVERYONE),
            rule("create, extend and abandon consultations (they open on their date)", Set.of(HttpMethod.POST),
                    List.of("/api/consultations", "/api/consultations/{consultationId}/deadline",
                            "/api/consultations/{consultationId}/abandon"), EnumSet.of(Role.PLAN_EDITOR, Role.MODERATOR)),
            // the first path is the one GatewayAuthenticationTest tries: not one a public rule above also matches
            rule("moderate: opinions and their submitters, groups, the city's views, publishing results, audit", ANY,
                    List.of("/api/consultations/{consultationId}/opinions/**", "/api/consultations/**"),
                    EnumSet.of(Role.MODERATOR)),
            rule("read published hearing records and the yearly report", READS,
                    List.of("/api/hearings/published", "/api/hearings/report"), EVERYONE),
            rule("keep the hearing records (every record, intake, answer, close)", ANY, List.of("/api/hearings/**"),
                    EnumSet.of(Role.MODERATOR)),
            rule("list and register partners", ANY, List.of("/api/partners"), EnumSet.of(Role.OPERATOR)),
            // partners answer back (issue #14, part 2): what a partner says is its own to say, an operator only reads
            // it (the row below); the city's side is the plan editors'
            new Rule("a partner's response to an event it received: submit, change", WRITES,
                    List.of("/api/partners/{partnerId}/responses/**"), EnumSet.of(Role.PARTNER), true),
            rule("partners' responses per measure and version, the city's answers, requests for views (意見照会)", ANY,
                    List.of("/api/collaboration/**"), EnumSet.of(Role.PLAN_EDITOR)),
            new Rule("a partner's endpoints, subscriptions, deliveries, feed, responses (read)", ANY,
                    List.of("/api/partners/{partnerId}/**"), EnumSet.of(Role.OPERATOR, Role.PARTNER), true),
            rule("who am I: the caller's subject, roles and partner as the gateway sees them", READS,
                    List.of("/api/me"), EVERYONE),
            rule("issue, list and revoke API keys", ANY, List.of("/api/keys/**"), EnumSet.of(Role.OPERATOR)),
            rule("API docs, the internal token's public keys, health", READS, List.of("/swagger-ui.html",
                    "/swagger-ui/**", "/v3/api-docs/**", "/webjars/**", "/api-docs/**", "/internal/jwks.json",
                    "/actuator/health/**", "/actuator/info"), EVERYONE),
            rule("metrics", READS, List.of("/actuator/prometheus"), EnumSet.of(Role.OPERATOR)),
            // last: the web module's pages and their forms (which carry their own CSRF token)
            // the staff desk's pages (/desk/**) need no API key here: the web module signs staff in and sends each of
            // their API calls back through this gateway with the staff member's own key
            rule("the web pages: plan, search, consultations, opinion form, Atom feeds, staff desk",
                    Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST), List.of("/", "/measures/**", "/search",
                            "/consultations", "/consultations/**", "/feeds/**", "/assets/**", "/desk", "/desk/**"),
                    EVERYONE));

    private AccessMatrix() {
    }

    private static Rule rule(String label, Set<HttpMethod> methods, List<String> paths, Set<Role> roles) {
        return new Rule(label, methods, paths, roles, false);
    }

    /**
     * Whether the call submits an opinion, judged as {@link #decide} judges it: on the decoded path segments, so an
     * encoded spelling ({@code %6Fpinions}) is the same call.
     */
    public static boolean isOpinionSubmission(HttpMethod method, String path) {
        return SUBMIT_OPINION.matches(method, PathContainer.parsePath(path));
    }

    public static Decision decide(HttpMethod method, String path, Caller caller) {
        PathContainer container = PathContainer.parsePath(path);
        for (Rule rule : RULES) {
            if (rule.matches(method, container)) {
                return allows(rule, container, caller) ? Decision.ALLOW
                        : caller.isAnonymous() ? Decision.UNAUTHENTICATED : Decision.FORBIDDEN;
            }
        }
        return Decision.UNKNOWN_PATH;
    }

    private static boolean allows(Rule rule, PathContainer path, Caller caller) {
        for (Role role : rule.roles()) {
            if (role == Role.PARTNER && rule.ownPartnerOnly()) {
                if (caller.has(Role.PARTNER) && caller.partnerId() != null
                        && caller.partnerId().equals(partnerIdIn(rule, path))) {
                    return true;
                }
            } else if (caller.has(role)) {
                return true;
            }
        }
        return false;
    }

    private static String partnerIdIn(Rule rule, PathContainer path) {
        return rule.patterns().stream().map(pattern -> pattern.matchAndExtract(path))
                .filter(java.util.Objects::nonNull)
                .map(match -> match.getUriVariables().get(PARTNER_VARIABLE))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** The matrix as the README shows it: one row per rule, one column per role. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| what | method | path |");
        for (Role role : Role.values()) {
            table.append(' ').append(role.claim()).append(" |");
        }
        table.append("\n|---|---|---|").append("---|".repeat(Role.values().length)).append('\n');
        for (Rule rule : RULES) {
            table.append("| ").append(rule.label()).append(" | ").append(methods(rule.methods())).append(" | ")
                    .append(rule.paths().stream().map(path -> "`" + path + "`").collect(Collectors.joining(", ")))
                    .append(" |");
            for (Role role : Role.values()) {
                table.append(' ').append(rule.cell(role)).append(" |");
            }
            table.append('\n');
        }
        return table.toString();
    }

    private static String methods(Set<HttpMethod> methods) {
        if (methods.isEmpty()) {
            return "any";
        }
        Map<HttpMethod, Integer> order = Map.of(HttpMethod.GET, 0, HttpMethod.HEAD, 1, HttpMethod.POST, 2,
                HttpMethod.PUT, 3, HttpMethod.PATCH, 4, HttpMethod.DELETE, 5);
        return methods.stream().sorted(java.util.Comparator.comparing(order::get)).map(HttpMethod::name)
                .collect(Collectors.joining(", "));
    }
}
