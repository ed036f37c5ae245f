// Debian's Chromium, headless, as every test page here runs it: fake media, the gateway's
// self-signed certificate accepted, nothing resolved or reached beyond loopback.
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           // the gateway's self-signed certificate, as a user would accept it once
           '--ignore-certificate-errors',
           // tests stay on loopback: no name resolves (Chromium's own Google services would look some up)
           '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE [::1], EXCLUDE ::1',
           '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
           ...(process.env.SBC_FAKE_AUDIO ? [`--use-file-for-fake-audio-capture=${process.env.SBC_FAKE_AUDIO}`] : []),
           // ICE host candidates on loopback too: the gateway's relay listens there in tests
           '--allow-loopback-in-peer-connection',
           // the remote audio plays in an <audio> element without a click (as after a user's "call")
           '--autoplay-policy=no-user-gesture-required',
           // the page and the gateway are both on loopback: no local-network permission prompt
           '--disable-features=LocalNetworkAccessChecks,WebRtcHideLocalIpsWithMdns'],
  });
}
