// A JsSIP web phone in headless Chromium (Debian's package), driven line by line from stdin so a
// JUnit test can check the gateway between steps. Prints one JSON event per line on stdout.
//
//   env: SBC_WSS_URL (wss://127.0.0.1:8443), SBC_SIP_URI (sip:alice@127.0.0.1), SBC_PASSWORD
//   stdin commands: "close" (close the page, dropping the WebSocket), "quit"
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const emit = (event) => console.log(JSON.stringify(event));
const deadline = setTimeout(() => { emit({ event: 'timeout' }); process.exit(3); }, 60_000);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         // the gateway's self-signed certificate, as a user would accept it once
         '--ignore-certificate-errors',
         '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
});
const page = await browser.newPage();
page.on('console', (m) => { if (m.type() === 'error') emit({ event: 'console', text: m.text() }); });
await page.setContent('<html><body>JsSIP test phone</body></html>');
await page.addScriptTag({ path: path.join(here, 'build', 'jssip.js') });

const result = await page.evaluate(({ url, uri, password }) => new Promise((resolve) => {
  const socket = new JsSIP.WebSocketInterface(url);
  const ua = new JsSIP.UA({ sockets: [socket], uri, password, register: true, register_expires: 300 });
  window.ua = ua;
  ua.on('registered', (e) => resolve({ event: 'registered', status: e.response.status_code,
    contact: e.response.getHeader('Contact') }));
  ua.on('registrationFailed', (e) => resolve({ event: 'registrationFailed', cause: e.cause,
    status: e.response ? e.response.status_code : null }));
  ua.start();
}), { url: process.env.SBC_WSS_URL, uri: process.env.SBC_SIP_URI, password: process.env.SBC_PASSWORD });
emit(result);

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() === 'close') {
    await page.close();
    emit({ event: 'closed' });
  } else if (line.trim() === 'quit') {
    break;
  }
}
await browser.close();
clearTimeout(deadline);
process.exit(result.event === 'registered' ? 0 : 1);
