package io.modelledger.checks;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * Prompt injection and jailbreak phrasing found by pattern: the instruction overrides, persona switches, system-prompt
 * extraction requests, chat-template markers and exfiltration instructions that the attack literature names (see
 * {@code guard/injection-corpus.tsv} for the families and their sources). Patterns run with RE2/J, in time linear in
 * the text whatever it holds (the JDK's engine took quadratic time on a trigger word followed by 100,000 spaces), and
 * each only on texts holding one of its trigger words. They catch the canonical wordings; paraphrases are the
 * similarity half's job ({@link Guard}).
 */
public final class Injection {

    public record Finding(String type, int start, int end) {
    }

    private record Rule(String type, List<String> triggers, Pattern pattern) {
    }

    private static final String IGNORE = "(?:ignore|disregard|forget|override|bypass|skip|drop|abandon)";
    private static final String EARLIER = "(?:all |any |the |your |my |these |those |every )?(?:previous|prior|above|earlier|preceding|"
            + "initial|original|system|existing|current|old|safety|developer)?";
    private static final String RULES = "(?:instructions?|prompts?|rules|directives?|guidelines|guardrails|constraints|restrictions|"
            + "programming|policies|context|commands?)";

    private static final List<Rule> RULES_LIST = List.of(
            new Rule("instruction_override", List.of("ignore", "disregard", "forget", "override", "bypass", "skip", "drop", "abandon"), Pattern.compile(
                    "(?i)\\b" + IGNORE + "\\s+(?:all\\s+|any\\s+|everything\\s+)?(?:of\\s+)?" + EARLIER.replace(" ", "\\s+")
                            + "\\s*(?:\\w+\\s+){0,2}" + RULES + "\\b")),
            new Rule("instruction_override", List.of("instruction"), Pattern.compile(
                    "(?i)\\b(?:new|updated|real|actual|revised)\\s+(?:system\\s+)?instructions?\\s*(?:[:\\-]|are|follow)")),
            new Rule("persona_switch", List.of("do anything", "dan", "developer mode", "jailbr", "unfiltered", "uncensored", "unrestricted", "unaligned", "evil", "amoral", "unethical", "restrictions", "filters", "limitations", "guidelines", "censorship"), Pattern.compile(
                    "(?i)\\b(?:do\\s+anything\\s+now|\\bDAN\\b\\s+mode|developer\\s+mode\\s+(?:enabled|on|activated)|jailbr(?:ea|o)k(?:en)?\\s+mode|"
                            + "(?:you\\s+are|act\\s+as|pretend\\s+(?:to\\s+be|you\\s+are)|roleplay\\s+as)\\s+(?:an?\\s+)?(?:unfiltered|uncensored|"
                            + "unrestricted|unaligned|evil|amoral|unethical)|(?:no|without\\s+any|free\\s+of)\\s+(?:ethical\\s+|moral\\s+|content\\s+)?"
                            + "(?:restrictions|filters|limitations|guidelines|censorship)\\s+(?:at\\s+all|whatsoever|of\\s+any\\s+kind)?)")),
            new Rule("prompt_extraction", List.of("system", "initial", "hidden", "original", "secret", "developer", "internal"), Pattern.compile(
                    "(?i)\\b(?:reveal|show|print|repeat|output|display|tell\\s+me|give\\s+me|leak|dump|spell\\s+out|write\\s+out|recite)\\s+"
                            + "(?:me\\s+)?(?:all\\s+|verbatim\\s+)?(?:of\\s+)?(?:your|the)\\s+(?:full\\s+|entire\\s+|exact\\s+|complete\\s+)?"
                            + "(?:system|initial|hidden|original|secret|developer|internal)\\s+(?:prompt|instructions?|message|rules|configuration)")),
            new Rule("prompt_extraction", List.of("above", "before"), Pattern.compile(
                    "(?i)\\b(?:repeat|print|output)\\s+(?:all\\s+|everything\\s+|the\\s+(?:text|words)\\s+)?(?:above|before)\\s+"
                            + "(?:this|the\\s+(?:first|previous))")),
            new Rule("instruction_override", List.of("revoked", "cancel", "void", "null", "lifted", "suspended", "no longer", "treat", "consider", "regard", "to me now", "decode", "follow it as"), Pattern.compile(
                    "(?i)\\b(?:earlier|previous|prior|original|old|initial|existing)\\s+(?:\\w+\\s+)?(?:instructions|directives|rules|guidelines|prompt)"
                            + "\\s+(?:are|were|have\\s+been|is)\\s+(?:now\\s+)?(?:revoked|cancell?ed|void|null|lifted|suspended|no\\s+longer)|"
                            + "\\b(?:treat|consider|regard)\\s+(?:the\\s+text|this|it|what\\s+follows|the\\s+following)\\s+(?:\\w+\\s+){0,3}as\\s+"
                            + "(?:coming\\s+from|from|written\\s+by|sent\\s+by)\\s+(?:your|the)\\s+(?:developer|administrator|admin|operator|creator|"
                            + "system|owner)|\\byou\\s+(?:answer|report|belong)\\s+to\\s+me\\s+now|\\bdecode\\s+(?:this|it|the\\s+\\w+)\\s+and\\s+"
                            + "(?:then\\s+)?(?:do|follow|execute|obey|run|carry\\s+out)|follow\\s+it\\s+as\\s+(?:your\\s+)?(?:new|next)\\s+instruction")),
            new Rule("indirect_instruction", List.of("ai", "a.i.", "assistant", "llm", "chatbot", "language model", "agent", "ia", "ki"), Pattern.compile(
                    "(?i)\\b(?:note|message|instructions?|notice|directive|reminder)\\s+(?:to|for|pour|an|für|para)\\s+(?:any\\s+|the\\s+|all\\s+|l')?"
                            + "(?:ai|a\\.i\\.|assistant|assistants|llm|llms|chatbot|language\\s+model|agent|assistant\\s+ia|ia|ki)\\b|"
                            + "\\b(?:ai|assistant|llm)\\s+instructions?\\s*[:\\-]|\\b(?:if|when)\\s+(?:you\\s+are\\s+an?\\s+)?(?:ai|llm|assistant|"
                            + "language\\s+model)\\s+(?:is\\s+)?(?:reading|summari[sz]ing|processing|reads)")),
            new Rule("persona_switch", List.of("guardrail", "never decline", "never refuse", "refusal", "[", "start your", "start the", "ethical", "moral"), Pattern.compile(
                    "(?i)\\b(?:without|no|free\\s+of)\\s+(?:any\\s+)?guardrails\\b|\\bnever\\s+(?:declines?|refuses?)\\b|\\beach\\s+refusal\\b|"
                            + "\\[(?:LIBERATED|JAILBROKEN|DAN|UNFILTERED)\\]|\\bstart\\s+(?:your|the)\\s+(?:answer|reply|response)\\s+with\\s+[\"'“]"
                            + "(?:sure|absolutely|of\\s+course|certainly)|\\b(?:no|without)\\s+(?:ethical|moral)\\s+(?:caveats|constraints|limits|qualms)")),
            new Rule("filter_evasion", List.of("filter", "scanner", "moderat", "safety system", "classifier"), Pattern.compile(
                    "(?i)\\bso\\s+(?:that\\s+)?(?:the\\s+|your\\s+|any\\s+)?(?:\\w+\\s+)?(?:filters?|scanners?|moderators?|moderation|safety\\s+"
                            + "systems?|classifiers?)\\s+(?:can'?t|cannot|won'?t|doesn'?t|don'?t|skips?|misses|will\\s+not)")),
            new Rule("prompt_extraction", List.of("words", "lines", "characters", "tokens", "instructions", "prompt", "directives"), Pattern.compile(
                    "(?i)\\b(?:first|opening|initial)\\s+\\d{1,4}\\s+(?:words|lines|characters|tokens)\\s+of\\s+(?:your|the)\\s+"
                            + "(?:context|prompt|instructions|system)|\\byour\\s+(?:opening|initial|original|hidden|secret|system)\\s+"
                            + "(?:instructions|prompt|directives)\\b")),
            new Rule("template_marker", List.of("<|", "inst]", "<<sys", "<</sys", "system", "#"), Pattern.compile(
                    "(?im)<\\|im_start\\|>\\s*system|<\\|system\\|>|\\[/?INST\\]|<</?SYS>>|</?system>|^[ \\t]{0,8}#{2,8}[ \\t]{0,8}(?:system|new instructions)\\b")),
            new Rule("exfiltration", List.of("](", "send", "forward", "email", "post", "upload", "exfiltrate", "transmit", "copy"), Pattern.compile(
                    "(?i)!\\[[^\\]]{0,100}\\]\\(\\s*https?://[^)\\s]{1,300}[?&][\\w-]{1,40}=\\{?[^)\\s]{0,300}\\)|"
                            + "\\b(?:send|forward|email|post|upload|exfiltrate|transmit|copy)\\s+(?:all\\s+|every\\s+|the\\s+)?(?:of\\s+)?"
                            + "(?:the\\s+|this\\s+|my\\s+|their\\s+|user'?s?\\s+)?(?:\\w+\\s+){0,3}"
                            + "(?:conversation|chat\\s+history|emails?|messages|data|credentials|passwords|api\\s+keys|secrets|files)\\s+to\\s+"
                            + "(?:https?://|\\S+@\\S+)")));

    private Injection() {
    }

    public static List<Finding> find(String text) {
        List<Finding> findings = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return findings;
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (Rule rule : RULES_LIST) {
            if (rule.triggers().stream().noneMatch(lower::contains)) {
                continue;
            }
            Matcher m = rule.pattern().matcher(text);
            while (m.find()) {
                findings.add(new Finding(rule.type(), m.start(), m.end()));
            }
        }
        return findings;
    }
}
