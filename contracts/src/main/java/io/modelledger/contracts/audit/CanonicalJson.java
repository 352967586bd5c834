package io.modelledger.contracts.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson setup of the audit's shared forms (entries, bundles, checkpoints, keys): map keys written in
 * sorted order, so equal content always serialises, and hashes or signs, the same. The offline verifier uses it
 * too, so it must not change in a way that changes the bytes of any form.
 */
final class CanonicalJson {

    static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private CanonicalJson() {
    }
}
