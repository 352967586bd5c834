package io.modelledger.audit.api;

/**
 * One page of an export, as stored now: the whole trail in chain order up to {@code head} (so every link can
 * be checked) when the filter is {@link AuditFilter#NONE}, else the entries matching it in store order.
 * {@code cursor} starts at 0 and is the {@code next} of the page before; answered with an {@link ExportPage}.
 */
public record FindExportPage(AuditFilter filter, ChainHead head, long cursor) {
}
