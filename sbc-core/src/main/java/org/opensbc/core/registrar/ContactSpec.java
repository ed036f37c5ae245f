package org.opensbc.core.registrar;

/**
 * One Contact of a REGISTER, already taken apart.
 *
 * @param uri       the contact URI (addr-spec), e.g. "sip:alice@192.0.2.1:5060"
 * @param header    the Contact value to echo back, without its expires parameter
 * @param expires   the expires parameter, or -1 when absent
 * @param instance  the +sip.instance value (RFC 5626), or null
 * @param regId     the reg-id value (RFC 5626), or 0
 */
public record ContactSpec(String uri, String header, int expires, String instance, int regId) {

    /** Bindings of one AOR are keyed by instance and reg-id where given (RFC 5626), else by URI. */
    String bindingKey() {
        return instance != null ? instance + "#" + regId : uri;
    }
}
