package org.opensbc.core.b2bua;

import javax.sip.address.URI;

/**
 * One destination of a call's outgoing INVITE: the Request-URI to put on it, the To it shows, and
 * where it is actually sent.
 *
 * @param natted the target sits behind NAT (its contact address is unreachable; never switch
 *               it from UDP to TCP, there is nothing listening)
 */
record CallTarget(URI requestUri, URI toUri, NextHop hop, boolean natted) { }
