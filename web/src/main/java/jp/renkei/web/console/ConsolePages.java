package jp.renkei.web.console;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.renkei.web.JapanTime;
import jp.renkei.web.api.ApiProblemException;
import jp.renkei.web.api.PageNotFoundException;
import jp.renkei.web.api.StaffApi;
import jp.renkei.web.api.StaffModels.Endpoint;
import jp.renkei.web.api.StaffModels.NewKey;
import jp.renkei.web.api.StaffModels.Partner;
import jp.renkei.web.desk.PageStatus;
import jp.renkei.web.desk.StaffActions;
import jp.renkei.web.security.StaffAuthentication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator console, through regional-sync-service's and the gateway's APIs: the partners, their endpoints' state
 * and backlog, each delivery with every attempt, and the levers (retry, recover, replay, pause, resume, rotate the
 * secret); the API keys (issue, list, revoke). A secret or a key is shown once, on the page that made it.
 */
@Controller
class ConsolePages {

    private static final String PARTNER = "[a-z0-9][a-z0-9-]{0,63}";
    private static final String ENDPOINT = "[a-z0-9][a-z0-9-]{0,79}";
    /** partner:endpoint:event[:replay-…], as regional-sync names its deliveries. */
    private static final String DELIVERY = "[0-9A-Za-z][0-9A-Za-z:._-]{0,299}";
    private static final String KEY = "[A-Za-z0-9_-]{1,64}";
    private static final int DELIVERY_LOG_PAGE = 50;
    private static final List<String> ROLES = List.of("PLAN_EDITOR", "MODERATOR", "OPERATOR", "PARTNER");

    /** A partner with its endpoints and backlog, one row of the console's overview. */
    record PartnerState(Partner partner, List<Endpoint> endpoints, jp.renkei.web.api.StaffModels.Backlog backlog) {
    }

    private final StaffApi api;

    ConsolePages(StaffApi api) {
        this.api = api;
    }

    @GetMapping("/desk/console")
    String overview(StaffAuthentication staff, Model model) {
        List<PartnerState> partners = new ArrayList<>();
        for (Partner partner : api.partners(staff.credential())) {
            partners.add(new PartnerState(partner, api.endpoints(staff.credential(), partner.id()),
                    api.backlog(staff.credential(), partner.id())));
        }
        model.addAttribute("partners", partners);
        return "console";
    }

    @GetMapping("/desk/console/partners/{partnerId}")
    String partner(StaffAuthentication staff, @PathVariable String partnerId,
                   @RequestParam(required = false) String status, Model model) {
        check(partnerId, PARTNER);
        String shown = status != null && List.of("PENDING", "DELIVERED", "FAILED", "SUPERSEDED").contains(status)
                ? status : null;
        Partner partner = api.partners(staff.credential()).stream().filter(p -> p.id().equals(partnerId)).findFirst()
                .orElseThrow(PageNotFoundException::new);
        model.addAttribute("partner", partner);
        model.addAttribute("endpoints", api.endpoints(staff.credential(), partnerId));
        model.addAttribute("backlog", api.backlog(staff.credential(), partnerId));
        model.addAttribute("status", shown);
        model.addAttribute("deliveries", api.deliveries(staff.credential(), partnerId, shown, DELIVERY_LOG_PAGE));
        return "console-partner";
    }

    @GetMapping("/desk/console/partners/{partnerId}/deliveries/{deliveryId}")
    String delivery(StaffAuthentication staff, @PathVariable String partnerId, @PathVariable String deliveryId,
                    Model model) {
        check(partnerId, PARTNER);
        check(deliveryId, DELIVERY);
        model.addAttribute("partnerId", partnerId);
        model.addAttribute("log", api.delivery(staff.credential(), partnerId, deliveryId));
        return "console-delivery";
    }

    @PostMapping("/desk/console/partners/{partnerId}/deliveries/{deliveryId}/retry")
    String retry(StaffAuthentication staff, @PathVariable String partnerId, @PathVariable String deliveryId,
                 RedirectAttributes redirect) {
        check(partnerId, PARTNER);
        check(deliveryId, DELIVERY);
        return act(redirect, "/desk/console/partners/" + partnerId + "/deliveries/" + deliveryId,
                "すぐに再送します。", () -> api.retry(staff.credential(), partnerId, deliveryId));
    }

    /** {@code recover} (what failed for good since then) or {@code replay} (everything since then), from a JST time. */
    @PostMapping("/desk/console/partners/{partnerId}/{operation:recover|replay}")
    String resend(StaffAuthentication staff, @PathVariable String partnerId, @PathVariable String operation,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                  LocalDateTime since, RedirectAttributes redirect) {
        check(partnerId, PARTNER);
        String back = "/desk/console/partners/" + partnerId;
        if (since == null) {
            redirect.addFlashAttribute("refusal", "いつからかを入力してください（since）。");
            return "redirect:" + back;
        }
        return act(redirect, back, "recover".equals(operation) ? "失敗した配信を再送します。" : "履歴を再配信します。",
                () -> api.resend(staff.credential(), partnerId, operation, since.atZone(JapanTime.JAPAN).toInstant()));
    }

    @PostMapping("/desk/console/partners/{partnerId}/endpoints/{endpointId}/{operation:pause|resume}")
    String switchEndpoint(StaffAuthentication staff, @PathVariable String partnerId, @PathVariable String endpointId,
                          @PathVariable String operation, RedirectAttributes redirect) {
        check(partnerId, PARTNER);
        check(endpointId, ENDPOINT);
        return act(redirect, "/desk/console/partners/" + partnerId,
                "pause".equals(operation) ? "エンドポイント " + endpointId + " を一時停止しました。"
                        : "エンドポイント " + endpointId + " を再開しました。",
                () -> api.switchEndpoint(staff.credential(), partnerId, endpointId, operation));
    }

    /** The new secret is on this page only: the API never shows it again. */
    @PostMapping("/desk/console/partners/{partnerId}/endpoints/{endpointId}/rotate-secret")
    String rotateSecret(StaffAuthentication staff, @PathVariable String partnerId, @PathVariable String endpointId,
                        Model model) {
        check(partnerId, PARTNER);
        check(endpointId, ENDPOINT);
        model.addAttribute("partnerId", partnerId);
        model.addAttribute("rotated", api.rotateSecret(staff.credential(), partnerId, endpointId));
        return "console-secret";
    }

    @GetMapping("/desk/console/keys")
    String keys(StaffAuthentication staff, Model model) {
        return keysPage(staff, Map.of(), null, model);
    }

    @PostMapping("/desk/console/keys")
    String issueKey(StaffAuthentication staff, @RequestParam(required = false) String owner,
                    @RequestParam(name = "roles", required = false) List<String> roles,
                    @RequestParam(required = false) String partnerId,
                    @RequestParam(required = false) Integer validDays, Model model) {
        try {
            model.addAttribute("issued", api.issueKey(staff.credential(), new NewKey(owner,
                    roles == null ? List.of() : roles, partnerId == null || partnerId.isBlank() ? null : partnerId,
                    validDays)));
            return "console-key-issued";
        } catch (ApiProblemException e) {
            if (e.status() != HttpStatus.BAD_REQUEST.value()) {
                throw e;
            }
            Map<String, String> problems = new LinkedHashMap<>(e.fieldErrors());
            if (problems.isEmpty()) {
                problems.put("owner", e.getMessage() == null ? "発行できませんでした。" : e.getMessage());
            }
            PageStatus.set(HttpStatus.BAD_REQUEST);
            return keysPage(staff, problems, new NewKey(owner, roles, partnerId, validDays), model);
        }
    }

    @PostMapping("/desk/console/keys/{keyId}/revoke")
    String revokeKey(StaffAuthentication staff, @PathVariable String keyId, RedirectAttributes redirect) {
        check(keyId, KEY);
        return act(redirect, "/desk/console/keys", "キー rk_" + keyId + "… を取り消しました。",
                () -> api.revokeKey(staff.credential(), keyId));
    }

    private String keysPage(StaffAuthentication staff, Map<String, String> problems, NewKey typed, Model model) {
        model.addAttribute("keys", api.keys(staff.credential()));
        model.addAttribute("roles", ROLES);
        model.addAttribute("problems", problems);
        model.addAttribute("typed", typed == null ? new NewKey("", List.of(), "", 365) : typed);
        return "console-keys";
    }

    private static String act(RedirectAttributes redirect, String back, String done, Runnable action) {
        return StaffActions.run(action, done, back, redirect);
    }

    private static void check(String id, String pattern) {
        if (id == null || !id.matches(pattern)) {
            throw new PageNotFoundException();
        }
    }
}
