package io.modelledger.console.access;

import io.modelledger.console.api.Api;
import io.modelledger.console.api.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API keys, for admins: the list (never a secret), issuing a key (its secret shown once, on the page the issuing post
 * redirects to, which no cache keeps), revoking one, and the requests for privileged keys that a second admin approves
 * (their owner made the key, so the console sends only its id and the SHA-256 of its secret). The API decides who may; the page only shows what it answers.
 */
@Controller
class AccessPages {

    private final Api api;

    AccessPages(Api api) {
        this.api = api;
    }

    @GetMapping("/access")
    String keys(Model model) {
        model.addAttribute("keys", api.get(Api.path("/api/access/keys")).getOrDefault("items", List.of()));
        try {
            model.addAttribute("requests", api.get(Api.path("/api/access/key-requests").query("status", "pending")).getOrDefault("items", List.of()));
        } catch (ApiException e) {
            // issuing and revoking keys must work even when the requests cannot be listed
            e.rethrowIfSignedOut();
            model.addAttribute("requests", List.of());
            model.addAttribute("requestsError", e);
        }
        model.addAttribute("roles", io.modelledger.contracts.access.Roles.ASSIGNABLE);
        return "access";
    }

    @PostMapping("/access/keys")
    String issue(@RequestParam(required = false) String name, @RequestParam(required = false) String owner,
                 @RequestParam(required = false) List<String> roles, @RequestParam(required = false) String keyId,
                 @RequestParam(required = false) String secretSha256, @RequestParam(required = false) String reason,
                 Model model, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name == null ? null : name.strip());
        body.put("owner", owner == null || owner.isBlank() ? null : owner.strip());
        body.put("roles", roles == null ? List.of() : roles);
        body.put("keyId", keyId == null || keyId.isBlank() ? null : keyId.strip());
        body.put("secretSha256", secretSha256 == null || secretSha256.isBlank() ? null : secretSha256.strip());
        try {
            Map<String, Object> answer = api.send("POST", Api.path("/api/access/keys"), body, reason);
            if ("pending".equals(answer.get("status"))) {
                // a privileged key its owner made: nothing to show, it works once a second admin approves the request
                redirect.addFlashAttribute("notice", "Key " + answer.get("keyId") + " asked for: it works once another admin approves it");
                return "redirect:/access";
            }
            // shown once, on the page this redirects to (a reload of that page issues nothing and shows nothing)
            redirect.addFlashAttribute("issued", answer);
            return "redirect:/access/keys/issued";
        } catch (ApiException e) {
            e.rethrowIfSignedOut();
            model.addAttribute("issueError", e);
            model.addAttribute("form", body);
            return keys(model);
        }
    }

    /** The one page that shows a secret: no cache keeps it, and it shows it only right after the issuing post. */
    @GetMapping("/access/keys/issued")
    String issued(Model model, HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        return model.containsAttribute("issued") ? "access-issued" : "redirect:/access";
    }

    /** A second admin approves a request for a privileged key (the key's aggregate refuses the admin who asked). */
    @PostMapping("/access/key-requests/{keyId}/approve")
    String approve(@PathVariable String keyId, @RequestParam(required = false) String reason, Model model, RedirectAttributes redirect) {
        try {
            api.send("POST", Api.path("/api/access/keys/{id}/approvals", keyId), null, reason);
        } catch (ApiException e) {
            e.rethrowIfSignedOut();
            model.addAttribute("requestError", e);
            return keys(model);
        }
        redirect.addFlashAttribute("notice", "Key " + keyId + " approved: it works from now on");
        return "redirect:/access";
    }

    @PostMapping("/access/keys/{keyId}/revoke")
    String revoke(@PathVariable String keyId, @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        api.send("DELETE", Api.path("/api/access/keys/{id}", keyId), null, reason);
        redirect.addFlashAttribute("notice", "Key " + keyId + " revoked: it stops working within 2 seconds on every gateway");
        return "redirect:/access";
    }
}
