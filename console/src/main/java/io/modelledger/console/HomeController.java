package io.modelledger.console;

import io.modelledger.console.api.Api;
import io.modelledger.console.approvals.Inbox;
import io.modelledger.console.session.ConsoleUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page: what waits for the signed-in person, and the way to every other page. */
@Controller
class HomeController {

    private final Api api;
    private final Inbox inbox;

    HomeController(Api api, Inbox inbox) {
        this.api = api;
        this.inbox = inbox;
    }

    @GetMapping("/")
    String home(Model model) {
        ConsoleUser me = ConsoleUser.current();
        model.addAttribute("models", api.get(Api.path("/api/registry/models").query("limit", 10)).get("items"));
        var pending = inbox.pending(me);
        // policy changes wait for admins only: nobody else's home page asks for them
        long changes = 0;
        if (me.hasRole("admin")) {
            try {
                changes = inbox.pendingChanges(me).stream().filter(Inbox.Change::canDecide).count();
            } catch (io.modelledger.console.api.ApiException e) {
                e.rethrowIfSignedOut(); // the inbox page says what is missing; the home page counts what it can
            }
        }
        model.addAttribute("waiting", pending.stream().filter(Inbox.Item::canApprove).count() + changes);
        model.addAttribute("mine", pending.stream().filter(Inbox.Item::mine).count());
        return "home";
    }
}
