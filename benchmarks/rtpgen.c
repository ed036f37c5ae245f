/*
 * rtpgen: the RTP load generator of the media benchmarks, in C so that measuring does not cost
 * more than what is measured. Streams send 20 ms RTP frames in real time from their own UDP
 * sockets to a relay, and receive what the relay sends back. Arrival times come from the kernel
 * (SO_TIMESTAMPNS: when the datagram reached the socket), so a busy generator does not add its
 * own delays to the latency it reports.
 *
 *   rtpgen SPEC SECONDS [spin]
 *
 * With "spin" (when it has a core of its own) the generator polls its sockets instead of sleeping
 * in epoll: the relay's sends then find nobody to wake. Waking a sleeping receiver on another CPU
 * is a cost of loopback alone (a remote phone's wake-up happens on its own machine), and it would
 * otherwise be charged to the relay's sendto: about a fifth of its time.
 *
 * SPEC, one directive per line:
 *   frames NAME COUNT         then COUNT lines of payload hex: a cycle of frames to send
 *   stream IP PORT RPORT NAME PT TSSTEP SSRC PEER
 *                             a socket on IP:PORT connected to 127.0.0.1:RPORT, sending the NAME
 *                             frames with payload type PT, timestamps TSSTEP apart; what arrives
 *                             on it answers what stream PEER (0-based, -1: none) sent
 *   heldback N                frames per stream the relay never sends by design (rtpengine holds
 *                             back one per transcoded stream): not loss, and latency pairs the
 *                             k-th arrival with the (k+N)-th frame of the peer
 *
 * Streams are spread evenly over the 20 ms (stream i sends at i/N of it), as real calls are not in
 * phase: bursts of packets due at the same instant would measure the generator's queue, not the relay.
 * Prints one line: sent= received= lost= p50us= p90us= p99us= p999us= maxus= (latency over
 * every arrival after each stream's first 50). Bounded by SECONDS; loopback only.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_STREAMS 4096
#define MAX_SETS 8
#define MAX_FRAMES 64
#define FRAME_NS 20000000LL
#define WARMUP 50
#define RING 512

struct frames { char name[32]; int count; int len[MAX_FRAMES]; uint8_t data[MAX_FRAMES][1500]; };
struct stream {
    int fd, set, pt, tsstep, peer;
    uint32_t ssrc;
    long long sent_at[RING];   /* when frame f left, by f % RING */
    long received;
};

static struct frames sets[MAX_SETS];
static int nsets;
static struct stream streams[MAX_STREAMS];
static int nstreams;
static int heldback;
static long long *lat;         /* latency samples, ns */
static long nlat, maxlat;

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t); /* the clock SO_TIMESTAMPNS uses */
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void die(const char *what) { perror(what); exit(2); }

static int hexval(int c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

static void read_spec(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) die(path);
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        char word[32];
        if (sscanf(line, "%31s", word) != 1) continue;
        if (!strcmp(word, "frames")) {
            struct frames *s = &sets[nsets++];
            if (sscanf(line, "frames %31s %d", s->name, &s->count) != 2 || s->count > MAX_FRAMES) die("frames");
            for (int i = 0; i < s->count; i++) {
                if (!fgets(line, sizeof line, f)) die("frame hex");
                int n = 0;
                for (char *p = line; p[0] && p[1] && p[0] != '\n'; p += 2) s->data[i][n++] = hexval(p[0]) << 4 | hexval(p[1]);
                s->len[i] = n;
            }
        } else if (!strcmp(word, "stream")) {
            struct stream *s = &streams[nstreams];
            char ip[64], name[32];
            int port, rport;
            if (sscanf(line, "stream %63s %d %d %31s %d %d %u %d", ip, &port, &rport, name, &s->pt, &s->tsstep,
                       &s->ssrc, &s->peer) != 8) die("stream");
            s->set = -1;
            for (int i = 0; i < nsets; i++) if (!strcmp(sets[i].name, name)) s->set = i;
            if (s->set < 0) die("stream frames");
            s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
            int on = 1, buf = 256 * 1024;
            setsockopt(s->fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
            setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
            struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
            inet_pton(AF_INET, ip, &a.sin_addr);
            if (bind(s->fd, (struct sockaddr *) &a, sizeof a)) die("bind");
            struct sockaddr_in r = { .sin_family = AF_INET, .sin_port = htons(rport) };
            inet_pton(AF_INET, "127.0.0.1", &r.sin_addr);
            if (connect(s->fd, (struct sockaddr *) &r, sizeof r)) die("connect");
            nstreams++;
        } else if (!strcmp(word, "heldback")) {
            sscanf(line, "heldback %d", &heldback);
        }
    }
    fclose(f);
}

/* Reads everything waiting on stream i, each datagram stamped by the kernel on arrival. */
static void drain(int i) {
    struct stream *s = &streams[i];
    uint8_t data[2048];
    char control[256];
    for (;;) {
        struct iovec iov = { data, sizeof data };
        struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
        if (recvmsg(s->fd, &m, 0) < 0) return;
        long long arrived = 0;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
                struct timespec t;
                memcpy(&t, CMSG_DATA(c), sizeof t);
                arrived = t.tv_sec * 1000000000LL + t.tv_nsec;
            }
        }
        long k = s->received++;
        if (s->peer >= 0 && k >= WARMUP && arrived && nlat < maxlat) {
            lat[nlat++] = arrived - streams[s->peer].sent_at[(k + heldback) % RING];
        }
    }
}

static int cmp(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: rtpgen SPEC SECONDS [spin]\n"); return 2; }
    int spin = argc > 3 && !strcmp(argv[3], "spin");
    read_spec(argv[1]);
    int frames = atoi(argv[2]) * 50;
    maxlat = (long) nstreams * frames;
    lat = malloc(sizeof *lat * (maxlat + 1));
    int ep = epoll_create1(0);
    for (int i = 0; i < nstreams; i++) {
        struct epoll_event e = { .events = EPOLLIN, .data.u32 = i };
        if (epoll_ctl(ep, EPOLL_CTL_ADD, streams[i].fd, &e)) die("epoll_ctl");
    }
    uint8_t packet[1600];
    struct epoll_event ready[256];
    long long start = now_ns() + 50000000LL;
    long sent = 0;
    for (int f = 0; f < frames; f++) {
        for (int i = 0; i < nstreams; i++) {
            long long due = start + f * FRAME_NS + i * FRAME_NS / nstreams;
            for (long long wait; (wait = due - now_ns()) > 0;) {
                int n = epoll_wait(ep, ready, 256, spin ? 0 : (int) ((wait + 999999) / 1000000));
                for (int j = 0; j < n; j++) drain(ready[j].data.u32);
            }
            struct stream *s = &streams[i];
            struct frames *set = &sets[s->set];
            int len = set->len[f % set->count];
            packet[0] = 0x80;
            packet[1] = (uint8_t) s->pt;
            packet[2] = (uint8_t) (f >> 8);
            packet[3] = (uint8_t) f;
            uint32_t ts = htonl((uint32_t) f * (uint32_t) s->tsstep), ssrc = htonl(s->ssrc);
            memcpy(packet + 4, &ts, 4);
            memcpy(packet + 8, &ssrc, 4);
            memcpy(packet + 12, set->data[f % set->count], len);
            s->sent_at[f % RING] = now_ns();
            if (send(s->fd, packet, 12 + len, 0) > 0) sent++;
        }
    }
    for (long long end = now_ns() + 300000000LL; now_ns() < end;) { /* what is still on its way */
        int n = epoll_wait(ep, ready, 256, 10);
        for (int j = 0; j < n; j++) drain(ready[j].data.u32);
    }
    long received = 0;
    for (int i = 0; i < nstreams; i++) received += streams[i].received;
    long expected = sent - (long) nstreams * heldback;
    qsort(lat, nlat, sizeof *lat, cmp);
#define PCT(p) (nlat ? lat[(long) ((nlat - 1) * (p))] / 1000 : -1)
    printf("sent=%ld received=%ld lost=%ld p50us=%lld p90us=%lld p99us=%lld p999us=%lld maxus=%lld\n", sent, received,
           expected > received ? expected - received : 0, PCT(0.5), PCT(0.9), PCT(0.99), PCT(0.999), PCT(1.0));
    return 0;
}
