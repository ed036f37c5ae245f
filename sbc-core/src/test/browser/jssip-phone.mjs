// A JsSIP web phone in headless Chromium (Debian's package), driven line by line from stdin so a
// JUnit test can check the gateway between steps. Prints one JSON event per line on stdout.
//
//   env: SBC_WSS_URL (wss://127.0.0.1:8443), SBC_SIP_URI (sip:alice@127.0.0.1), SBC_PASSWORD,
//        SBC_WSS_URL2: a second gateway node, JsSIP's fallback socket (weight 1 against 10): it
//        connects there when the first one fails, as a page given a cluster's addresses does
//        SBC_AUTO_ANSWER=1 to answer incoming calls
//        SBC_FAKE_AUDIO=file.wav for the fake microphone (Chromium loops it; default: its beep)
//        SBC_AUDIO_CODECS=opus,telephone-event keeps only these audio encodings in the SDP the page
//        offers (as a page that calls setCodecPreferences would; default: all Chromium offers)
//   stdin commands: "call TARGET", "callvideo TARGET" (audio and video, as JsSIP offers by default),
//                   "dtmf DIGITS" (by SIP INFO), "dtmf2833 DIGITS" (RFC 4733 in RTP, via RTCDTMFSender),
//                   "hold", "unhold", "stats", "hangup",
//                   "message TARGET TEXT..." (an out-of-dialog MESSAGE, JsSIP's ua.sendMessage),
//                   "drop" (the WebSocket breaks as on a network change; JsSIP reconnects and registers again),
//                   "close" (close the page, dropping the WebSocket), "quit"
//   call events: incoming, progress {status}, confirmed, hold, unhold, held and resumed (the
//                re-INVITE answered), ended {cause, originator},
//                failed {cause, status}, stats {dtlsState, iceState, audio packets and energy...},
//                dtmf {tone, duration} (a digit the far side sent, received by SIP INFO)
import { launchChromium } from './chromium.mjs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const emit = (event) => console.log(JSON.stringify(event));
const deadline = setTimeout(() => { emit({ event: 'timeout' }); process.exit(3); }, 90_000);

const browser = await launchChromium();
const page = await browser.newPage();
page.on('console', (m) => { if (m.type() === 'error') emit({ event: 'console', text: m.text() }); });
await page.exposeFunction('emitEvent', emit);
// getUserMedia needs a secure context, and Chromium's local-network checks want the page and the
// WebSocket on one origin: the page is served (by Playwright) as https://<gateway>/phone.html
const origin = process.env.SBC_WSS_URL.replace(/^wss:/, 'https:').replace(/^ws:/, 'http:').replace(/\/$/, '');
await page.route(`${origin}/phone.html`, (route) => route.fulfill({ contentType: 'text/html',
  body: '<html><body>JsSIP test phone</body></html>' }));
await page.goto(`${origin}/phone.html`);
await page.addScriptTag({ path: path.join(here, 'build', 'jssip.js') });

const result = await page.evaluate(({ url, url2, uri, password }) => new Promise((resolve) => {
  const socket = new JsSIP.WebSocketInterface(url);
  const sockets = url2 ? [{ socket, weight: 10 }, { socket: new JsSIP.WebSocketInterface(url2), weight: 1 }] : [socket];
  const ua = new JsSIP.UA({ sockets, uri, password, register: true, register_expires: 300 });
  window.ua = ua;
  // one call at a time, as a softphone page would have it
  const track = (session) => {
    window.session = session;
    // JsSIP waits for ICE gathering to finish before sending the SDP, which can take tens of
    // seconds on a host with unreachable interfaces; the first candidate is enough here.
    session.on('icecandidate', (e) => e.ready());
    session.on('sending', () => window.emitEvent({ event: 'sending' }));
    if (window.audioCodecs) {
      session.on('sdp', (e) => { if (e.originator === 'local' && e.type === 'offer') { e.sdp = window.keepCodecs(e.sdp, window.audioCodecs); } });
    }
    // Like a softphone page: play what arrives (Chromium decodes, and measures, only rendered audio).
    const play = (pc) => pc.addEventListener('track', (e) => {
      const audio = new Audio();
      audio.srcObject = e.streams[0] || new MediaStream([e.track]);
      audio.play().catch((err) => window.emitEvent({ event: 'console', text: String(err) }));
    });
    if (session.connection) {
      play(session.connection);
    }
    session.on('peerconnection', (e) => {
      play(e.peerconnection);
      window.emitEvent({ event: 'peerconnection' });
    });
    session.on('getusermediafailed', (e) => window.emitEvent({ event: 'gum-failed', error: String(e) }));
    session.on('progress', (e) => window.emitEvent({ event: 'progress', status: e.response ? e.response.status_code : null }));
    session.on('confirmed', () => window.emitEvent({ event: 'confirmed' }));
    session.on('hold', (e) => window.emitEvent({ event: 'hold', originator: e.originator }));
    session.on('unhold', (e) => window.emitEvent({ event: 'unhold', originator: e.originator }));
    session.on('newDTMF', (e) => { if (e.originator === 'remote') {
      window.emitEvent({ event: 'dtmf', tone: e.dtmf.tone, duration: e.dtmf.duration });
    } });
    session.on('ended', (e) => window.emitEvent({ event: 'ended', cause: e.cause, originator: e.originator }));
    session.on('failed', (e) => window.emitEvent({ event: 'failed', cause: e.cause, originator: e.originator,
      status: e.message && e.message.status_code ? e.message.status_code : null }));
  };
  ua.on('newRTCSession', (e) => {
    if (e.originator !== 'remote') {
      return;
    }
    track(e.session);
    window.emitEvent({ event: 'incoming', from: e.request.from.uri.toString() });
    if (window.autoAnswer) {
      e.session.answer({ mediaConstraints: { audio: true, video: false }, pcConfig: { iceServers: [] } });
    }
  });
  // Keeps only the named encodings (lower case) on the audio m= line, with their attribute lines.
  window.keepCodecs = (sdp, names) => {
    const lines = sdp.split('\r\n');
    const rtpmap = new Map();
    lines.forEach((l) => { const m = /^a=rtpmap:(\d+) ([^/]+)/.exec(l); if (m) { rtpmap.set(m[1], m[2].toLowerCase()); } });
    let audio = false;
    const dropped = new Set();
    return lines.filter((l) => {
      if (l.startsWith('m=')) {
        audio = l.startsWith('m=audio');
        if (audio) {
          const parts = l.split(' ');
          parts.slice(3).filter((pt) => !names.includes(rtpmap.get(pt))).forEach((pt) => dropped.add(pt));
        }
        return true;
      }
      const attr = /^a=(rtpmap|fmtp|rtcp-fb):(\d+)/.exec(l);
      return !(audio && attr && dropped.has(attr[2]));
    }).map((l) => (l.startsWith('m=audio') ? l.split(' ').filter((p, i) => i < 3 || !dropped.has(p)).join(' ') : l))
      .join('\r\n');
  };
  // No STUN/TURN servers: the gateway's relay is the only peer (and tests never leave loopback).
  const pcConfig = { iceServers: [] };
  window.call = (target, video) => track(ua.call(target, { mediaConstraints: { audio: true, video }, pcConfig }));
  // What a user would look at in chrome://webrtc-internals: is the transport up, does audio arrive.
  window.stats = async () => {
    const result = { event: 'stats' };
    (await window.session.connection.getStats()).forEach((s) => {
      if (s.type === 'transport') {
        Object.assign(result, { dtlsState: s.dtlsState, iceState: s.iceState, srtpCipher: s.srtpCipher,
          dtlsRole: s.dtlsRole, selectedPair: s.selectedCandidatePairId });
      } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        Object.assign(result, { audioPacketsReceived: s.packetsReceived, totalAudioEnergy: s.totalAudioEnergy,
          audioPacketsLost: s.packetsLost, audioCodecId: s.codecId });
      } else if (s.type === 'outbound-rtp' && s.kind === 'audio') {
        result.audioPacketsSent = s.packetsSent;
      } else if (s.type === 'inbound-rtp' && s.kind === 'video') {
        result.videoPacketsReceived = s.packetsReceived;
      }
    });
    const codecs = await window.session.connection.getStats();
    codecs.forEach((s) => { if (s.id === result.audioCodecId) { result.audioCodec = s.mimeType; } });
    // the far end of the ICE pair in use: which of the relay's host candidates (IPv4 or IPv6) won
    const pair = [...codecs.values()].find((s) => s.type === 'candidate-pair' && s.id === result.selectedPair);
    const remote = pair && codecs.get(pair.remoteCandidateId);
    if (remote) {
      Object.assign(result, { selectedRemoteAddress: remote.address || remote.ip, selectedRemotePort: remote.port,
        selectedRemoteType: remote.candidateType });
    }
    const local = pair && codecs.get(pair.localCandidateId);
    if (local) {
      result.selectedLocalAddress = local.address || local.ip;
    }
    return result;
  };
  ua.on('newMessage', (e) => { if (e.originator === 'remote') {
    window.emitEvent({ event: 'message', from: e.request.from.uri.toString(), body: e.request.body,
      contentType: e.request.getHeader('Content-Type') });
  } });
  window.sendMessage = (target, text) => ua.sendMessage(target, text, { eventHandlers: {
    succeeded: (e) => window.emitEvent({ event: 'messageSent', status: e.response.status_code }),
    failed: (e) => window.emitEvent({ event: 'messageFailed', cause: e.cause,
      status: e.message && e.message.status_code ? e.message.status_code : null }),
  } });
  // after the first registration, every later one (a refresh, or after a reconnection) is an event
  let first = true;
  ua.on('registered', (e) => {
    if (!first) {
      window.emitEvent({ event: 'reregistered', status: e.response.status_code });
    }
    first = false;
  });
  // the transport's ups and downs after the first connection (a test of reconnection awaits them)
  let dropped = false;
  ua.on('disconnected', () => { dropped = true; window.emitEvent({ event: 'disconnected' }); });
  ua.on('connected', () => { if (dropped) { window.emitEvent({ event: 'connected' }); } });
  ua.on('registered', (e) => resolve({ event: 'registered', status: e.response.status_code,
    contact: e.response.getHeader('Contact'), require: e.response.getHeader('Require'),
    flowTimer: e.response.getHeader('Flow-Timer') }));
  ua.on('registrationFailed', (e) => resolve({ event: 'registrationFailed', cause: e.cause,
    status: e.response ? e.response.status_code : null }));
  ua.start();
}), { url: process.env.SBC_WSS_URL, url2: process.env.SBC_WSS_URL2 || '', uri: process.env.SBC_SIP_URI,
  password: process.env.SBC_PASSWORD });
await page.evaluate((on) => { window.autoAnswer = on; }, process.env.SBC_AUTO_ANSWER === '1');
await page.evaluate((codecs) => { window.audioCodecs = codecs ? codecs.toLowerCase().split(',') : null; },
  process.env.SBC_AUDIO_CODECS || '');
emit(result);

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const [command, argument] = line.trim().split(/\s+/, 2);
  if (command === 'call' || command === 'callvideo') {
    await page.evaluate(([target, video]) => window.call(target, video), [argument, command === 'callvideo']);
  } else if (command === 'stats') {
    emit(await page.evaluate(() => window.stats()));
  } else if (command === 'hold' || command === 'unhold') {
    // JsSIP calls back when the re-INVITE is answered: "held" / "resumed" (one re-offer at a time)
    const done = command === 'hold' ? 'held' : 'resumed';
    const started = await page.evaluate(([verb, done]) => window.session[verb]({},
      () => window.emitEvent({ event: done })), [command, done]);
    if (!started) {
      emit({ event: 'failed', cause: `${command} refused by JsSIP (a re-offer pending?)` });
    }
  } else if (command === 'dtmf') {
    await page.evaluate((digits) => window.session.sendDTMF(digits, { transportType: 'INFO' }), argument);
  } else if (command === 'dtmf2833') {
    await page.evaluate((digits) => window.session.sendDTMF(digits, { transportType: 'RFC2833' }), argument);
  } else if (command === 'message') {
    const text = line.trim().split(/\s+/).slice(2).join(' ');
    await page.evaluate(([target, body]) => window.sendMessage(target, body), [argument, text]);
  } else if (command === 'drop') {
    // what a network change does to the socket: it just goes (JsSIP's own transport then recovers)
    await page.evaluate(() => window.ua._transport.socket._ws.close());
  } else if (command === 'hangup') {
    await page.evaluate(() => window.session.terminate());
  } else if (line.trim() === 'close') {
    await page.close();
    emit({ event: 'closed' });
  } else if (line.trim() === 'quit') {
    break;
  }
}
await browser.close();
clearTimeout(deadline);
process.exit(result.event === 'registered' ? 0 : 1);
