/*
 * udp-reflector: the least work a userspace RTP relay can do, as the floor the media benchmark
 * measures relays against. Each call has two sockets; what arrives on one leaves from the other
 * towards that side's generator address, one recvfrom and one sendto per packet, no parsing, no
 * latching, no checks. Its CPU per packet is what the kernel charges for those two system calls
 * on this machine (on loopback the sender also pays for the delivery), so no relay that reads
 * and writes each packet with its own system calls can do much better.
 *
 *   udp-reflector BASE CALLS SECONDS SIDE_A_IP SIDE_B_IP PEER_BASE
 *
 * Call i listens on 127.0.0.1 ports BASE+4i (side A sends there) and BASE+4i+2 (side B), and sends
 * to SIDE_A_IP:PEER_BASE+2i and SIDE_B_IP:PEER_BASE+2i: the addresses rtpgen's streams bind.
 * Ends after SECONDS; loopback only.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>

struct side { int fd; struct sockaddr_in to; };

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: udp-reflector BASE CALLS SECONDS SIDE_A_IP SIDE_B_IP PEER_BASE\n");
        return 2;
    }
    int base = atoi(argv[1]), calls = atoi(argv[2]), seconds = atoi(argv[3]), peer_base = atoi(argv[6]);
    struct side *sides = calloc(2 * calls, sizeof *sides);
    int ep = epoll_create1(0);
    for (int i = 0; i < 2 * calls; i++) {
        struct side *s = &sides[i];
        s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons(base + 2 * i) };
        inet_pton(AF_INET, "127.0.0.1", &local.sin_addr);
        if (bind(s->fd, (struct sockaddr *) &local, sizeof local)) { perror("bind"); return 1; }
        /* side i sends to its own generator stream: A for even sockets, B for odd ones */
        s->to = (struct sockaddr_in) { .sin_family = AF_INET, .sin_port = htons(peer_base + 2 * (i / 2)) };
        inet_pton(AF_INET, i % 2 ? argv[5] : argv[4], &s->to.sin_addr);
        struct epoll_event e = { .events = EPOLLIN, .data.u32 = i };
        if (epoll_ctl(ep, EPOLL_CTL_ADD, s->fd, &e)) { perror("epoll_ctl"); return 1; }
    }
    struct epoll_event ready[256];
    char packet[2048];
    for (time_t end = time(NULL) + seconds; time(NULL) < end;) {
        int n = epoll_wait(ep, ready, 256, 100);
        for (int j = 0; j < n; j++) {
            int i = ready[j].data.u32;
            ssize_t len = recvfrom(sides[i].fd, packet, sizeof packet, 0, NULL, NULL);
            if (len > 0) {
                struct side *out = &sides[i ^ 1];
                sendto(out->fd, packet, len, 0, (struct sockaddr *) &out->to, sizeof out->to);
            }
        }
    }
    return 0;
}
