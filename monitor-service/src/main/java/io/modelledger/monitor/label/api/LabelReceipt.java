package io.modelledger.monitor.label.api;

import io.modelledger.monitor.telemetry.api.Rejection;

import java.util.List;

/** How many labels were kept, and those refused with reasons (an unknown inference id, another deployment's). */
public record LabelReceipt(int accepted, List<Rejection> rejected) {
}
