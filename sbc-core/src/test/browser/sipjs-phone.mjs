// A SIP.js web phone in headless Chromium (Debian's package), driven line by line from stdin so a
// JUnit test can check the gateway between steps. Prints one JSON event per line on stdout.
// Same launch, page and protocol as jssip-phone.mjs; the page uses SIP.js's own API (UserAgent,
// Registerer, Inviter, Messager) and does hold and DTMF the way SIP.js's SimpleUser/SessionManager
// do, so what the gateway gets is what a SIP.js web phone sends.
//
//   env: SBC_WSS_URL (wss://127.0.0.1:8443), SBC_SIP_URI (sip:alice@127.0.0.1), SBC_PASSWORD,
//        SBC_AUTO_ANSWER=1 to answer incoming calls
//        SBC_FAKE_AUDIO=file.wav for the fake microphone (Chromium loops it; default: its beep)
//        SBC_SIP_TRACE=1 writes every SIP message SIP.js sends and receives to stderr
//   stdin commands: "call TARGET", "hold", "unhold",
//                   "dtmf DIGITS" (one SIP INFO per digit, application/dtmf-relay, as SessionManager.sendDTMF),
//                   "dtmf2833 DIGITS" (RFC 4733 in RTP: sessionDescriptionHandler.sendDtmf),
//                   "message TARGET TEXT..." (out-of-dialog MESSAGE, text/plain, by Messager),
//                   "stats", "hangup", "reregister" (a registration refresh), "unregister", "quit"
//   events: registered {status, contact} / registrationFailed {status}, incoming {from},
//           progress {status}, confirmed (the session is Established), held and resumed {status,
//           direction: the answer's a= direction}, dtmf {tone, duration} (a digit received by INFO),
//           reinvite {status, offered, answered} (the far end's re-INVITE and SIP.js's answer),
//           dtmfSent {tone, status}, message {from, body, contentType} (a MESSAGE received, answered 200),
//           messageSent {status} / messageFailed {status, reason} (the final response to ours),
//           cancelled {status} (the INVITE's final response after "hangup" while ringing),
//           unregistered {status}, ended {originator: local|remote}, failed {cause, status},
//           stats {...} as jssip-phone.mjs, plus the selected ICE pair's addresses
import { launchChromium } from './chromium.mjs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const emit = (event) => console.log(JSON.stringify(event));
// a safety net for a test that dies without "quit" (one call here outlives a 45 s session refresh)
const deadline = setTimeout(() => { emit({ event: 'timeout' }); process.exit(3); }, 150_000);

const browser = await launchChromium();
const page = await browser.newPage();
const trace = process.env.SBC_SIP_TRACE === '1';
page.on('console', (m) => {
  if (m.type() === 'error') {
    emit({ event: 'console', text: m.text() });
  } else if (trace && m.text().startsWith('sip.Transport')) {
    process.stderr.write(`${m.text()}\n`);
  }
});
await page.exposeFunction('emitEvent', emit);
// getUserMedia needs a secure context, and Chromium's local-network checks want the page and the
// WebSocket on one origin: the page is served (by Playwright) as https://<gateway>/phone.html
const origin = process.env.SBC_WSS_URL.replace(/^wss:/, 'https:').replace(/^ws:/, 'http:').replace(/\/$/, '');
await page.route(`${origin}/phone.html`, (route) => route.fulfill({ contentType: 'text/html',
  body: '<html><body>SIP.js test phone</body></html>' }));
await page.goto(`${origin}/phone.html`);
await page.addScriptTag({ path: path.join(here, 'build', 'sipjs.js') });

const result = await page.evaluate(({ url, uri, password, autoAnswer, trace }) => new Promise((resolve) => {
  const { UserAgent, Registerer, Inviter, Messager, SessionState } = SIP;
  const emit = (event) => window.emitEvent(event);
  const direction = (sdp) => (/a=(sendrecv|sendonly|recvonly|inactive)/.exec(sdp || '') || [])[1] || null;
  const constraints = { audio: true, video: false };

  // One call at a time, as a softphone page would have it.
  const track = (session) => {
    window.session = session;
    window.hangupByUs = false;
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        // Like a softphone page: play what arrives (Chromium decodes, and measures, only rendered audio).
        const audio = new Audio();
        audio.srcObject = session.sessionDescriptionHandler.remoteMediaStream;
        audio.play().catch((err) => emit({ event: 'console', text: String(err) }));
        emit({ event: 'confirmed' });
      } else if (state === SessionState.Terminated) {
        emit({ event: 'ended', originator: window.hangupByUs ? 'local' : 'remote' });
      }
    });
    session.delegate = {
      // a re-INVITE from the far end, already answered by SIP.js (its SDH picks the answer's direction)
      onInvite: (request, response, statusCode) => emit({ event: 'reinvite', status: statusCode,
        offered: direction(request.body), answered: direction(response) }), // the response is the message text
      // DTMF by INFO, parsed as SessionManager does (Signal= and Duration= lines of application/dtmf-relay)
      onInfo: (info) => {
        const type = info.request.getHeader('content-type') || '';
        const body = info.request.body || '';
        const tone = (/^Signal\s*=\s*([0-9A-D#*])/m.exec(body) || [])[1];
        const duration = (/^Duration\s*=\s*([0-9]{1,5})/m.exec(body) || [])[1];
        if (!/^application\/dtmf-relay/i.test(type) || !tone) {
          emit({ event: 'infoRejected', contentType: type, body });
          info.reject();
          return;
        }
        info.accept();
        emit({ event: 'dtmf', tone, duration: duration ? Number(duration) : null });
      },
    };
  };

  const ua = new UserAgent({
    uri: UserAgent.makeURI(uri),
    authorizationUsername: UserAgent.makeURI(uri).user,
    authorizationPassword: password,
    transportOptions: { server: url },
    logBuiltinEnabled: false,
    // SIP.js logs every message it sends and receives on "sip.Transport" at debug level
    logLevel: trace ? 'debug' : 'warn',
    logConnector: trace ? (level, category, label, content) => {
      if (category === 'sip.Transport') { console.log(`${category} ${content}`); }
    } : undefined,
    // No STUN/TURN servers (SIP.js's default asks Google's STUN): the gateway's relay is the only peer.
    sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] } },
    delegate: {
      onInvite: (invitation) => {
        if (window.session && window.session.state !== SessionState.Terminated) {
          invitation.reject({ statusCode: 486 });
          return;
        }
        track(invitation);
        emit({ event: 'incoming', from: invitation.remoteIdentity.uri.toString() });
        if (autoAnswer) {
          invitation.accept({ sessionDescriptionHandlerOptions: { constraints } })
            .catch((e) => emit({ event: 'failed', cause: `accept: ${e}` }));
        }
      },
      // Out-of-dialog MESSAGE: answered 200, then shown (SessionManager's onMessageReceived).
      onMessage: (message) => {
        message.accept();
        emit({ event: 'message', from: message.request.from.uri.toString(), body: message.request.body,
          contentType: message.request.getHeader('content-type') || null });
      },
    },
  });
  window.ua = ua;

  window.call = (target) => {
    const inviter = new Inviter(ua, UserAgent.makeURI(target), { sessionDescriptionHandlerOptions: { constraints } });
    track(inviter);
    inviter.invite({ requestDelegate: {
      onProgress: (r) => emit({ event: 'progress', status: r.message.statusCode }),
      // after our CANCEL the INVITE ends with 487: what the user asked for, not a failure
      onReject: (r) => emit({ event: window.hangupByUs ? 'cancelled' : 'failed', cause: r.message.reasonPhrase,
        status: r.message.statusCode }),
    } }).catch((e) => emit({ event: 'failed', cause: `invite: ${e}` }));
  };

  // Hold as SessionManager.setHold: a re-INVITE whose offer the SDH makes sendonly (hold) or sendrecv.
  window.hold = (hold) => {
    const session = window.session;
    const done = hold ? 'held' : 'resumed';
    session.sessionDescriptionHandlerOptionsReInvite = { ...session.sessionDescriptionHandlerOptionsReInvite, hold };
    return session.invite({ requestDelegate: {
      onAccept: (r) => emit({ event: done, status: r.message.statusCode, direction: direction(r.message.body) }),
      onReject: (r) => emit({ event: 'failed', cause: `${done}: ${r.message.reasonPhrase}`, status: r.message.statusCode }),
    } }).catch((e) => emit({ event: 'failed', cause: `${done}: ${e}` }));
  };

  // DTMF as SessionManager.sendDTMF: one INFO per digit, Duration=2000 (its fixed value), one at a time.
  window.dtmf = async (digits) => {
    for (const tone of digits) {
      await new Promise((sent) => window.session.info({
        requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay',
          content: `Signal=${tone}\r\nDuration=2000` } },
        requestDelegate: {
          onAccept: (r) => { emit({ event: 'dtmfSent', tone, status: r.message.statusCode }); sent(); },
          onReject: (r) => { emit({ event: 'failed', cause: `INFO ${tone}: ${r.message.reasonPhrase}`, status: r.message.statusCode }); sent(); },
        },
      }).catch((e) => { emit({ event: 'failed', cause: `INFO: ${e}` }); sent(); }));
    }
  };

  window.dtmf2833 = (digits) => {
    if (!window.session.sessionDescriptionHandler.sendDtmf(digits)) {
      emit({ event: 'failed', cause: 'sendDtmf refused (no RTCDTMFSender?)' });
    }
  };

  window.hangup = () => {
    const session = window.session;
    window.hangupByUs = true;
    if (session.state === SessionState.Established) {
      return session.bye();
    }
    return session instanceof Inviter ? session.cancel() : session.reject();
  };

  window.message = (target, text) => new Messager(ua, UserAgent.makeURI(target), text, 'text/plain').message({
    requestDelegate: {
      onAccept: (r) => emit({ event: 'messageSent', status: r.message.statusCode }),
      onReject: (r) => emit({ event: 'messageFailed', status: r.message.statusCode, reason: r.message.reasonPhrase }),
    },
  }).catch((e) => emit({ event: 'messageFailed', status: null, reason: String(e) }));

  // What a user would look at in chrome://webrtc-internals: is the transport up, does audio arrive.
  window.stats = async () => {
    const result = { event: 'stats' };
    const stats = await window.session.sessionDescriptionHandler.peerConnection.getStats();
    stats.forEach((s) => {
      if (s.type === 'transport') {
        Object.assign(result, { dtlsState: s.dtlsState, iceState: s.iceState, srtpCipher: s.srtpCipher,
          dtlsRole: s.dtlsRole, selectedPair: s.selectedCandidatePairId });
      } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        Object.assign(result, { audioPacketsReceived: s.packetsReceived, totalAudioEnergy: s.totalAudioEnergy,
          audioPacketsLost: s.packetsLost, audioCodecId: s.codecId });
      } else if (s.type === 'outbound-rtp' && s.kind === 'audio') {
        result.audioPacketsSent = s.packetsSent;
      }
    });
    const pair = stats.get(result.selectedPair);
    stats.forEach((s) => {
      if (s.id === result.audioCodecId) {
        result.audioCodec = s.mimeType;
      } else if (pair && s.id === pair.localCandidateId) {
        result.localAddress = `${s.address}:${s.port}`;
      } else if (pair && s.id === pair.remoteCandidateId) {
        result.remoteAddress = `${s.address}:${s.port}`;
      }
    });
    return result;
  };

  const registerer = new Registerer(ua, { expires: 300 });
  // what SIP.js's refresh timer does (Registerer.register() again on the same request)
  window.reregister = () => registerer.register({ requestDelegate: {
    onAccept: (r) => emit({ event: 'registered', status: r.message.statusCode }),
    onReject: (r) => emit({ event: 'failed', cause: `re-register: ${r.message.reasonPhrase}`, status: r.message.statusCode }),
  } }).catch((e) => emit({ event: 'failed', cause: `re-register: ${e}` }));
  window.unregister = () => registerer.unregister({ requestDelegate: {
    onAccept: (r) => emit({ event: 'unregistered', status: r.message.statusCode }),
    onReject: (r) => emit({ event: 'failed', cause: `unregister: ${r.message.reasonPhrase}`, status: r.message.statusCode }),
  } }).catch((e) => emit({ event: 'failed', cause: `unregister: ${e}` }));
  ua.start().then(() => registerer.register({ requestDelegate: {
    onAccept: (r) => resolve({ event: 'registered', status: r.message.statusCode,
      contact: r.message.getHeader('contact') }),
    onReject: (r) => resolve({ event: 'registrationFailed', status: r.message.statusCode }),
  } })).catch((e) => resolve({ event: 'registrationFailed', status: null, cause: String(e) }));
}), { url: process.env.SBC_WSS_URL, uri: process.env.SBC_SIP_URI, password: process.env.SBC_PASSWORD,
  autoAnswer: process.env.SBC_AUTO_ANSWER === '1', trace });
emit(result);

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const [command, argument, ...rest] = line.trim().split(/\s+/);
  if (command === 'call') {
    await page.evaluate((target) => window.call(target), argument);
  } else if (command === 'stats') {
    emit(await page.evaluate(() => window.stats()));
  } else if (command === 'hold' || command === 'unhold') {
    await page.evaluate((hold) => window.hold(hold), command === 'hold');
  } else if (command === 'dtmf') {
    await page.evaluate((digits) => window.dtmf(digits), argument);
  } else if (command === 'dtmf2833') {
    await page.evaluate((digits) => window.dtmf2833(digits), argument);
  } else if (command === 'hangup') {
    await page.evaluate(() => window.hangup());
  } else if (command === 'message') {
    await page.evaluate(([target, text]) => window.message(target, text), [argument, rest.join(' ')]);
  } else if (command === 'reregister') {
    await page.evaluate(() => window.reregister());
  } else if (command === 'unregister') {
    await page.evaluate(() => window.unregister());
  } else if (command === 'quit') {
    break;
  }
}
await browser.close();
clearTimeout(deadline);
process.exit(result.event === 'registered' ? 0 : 1);
