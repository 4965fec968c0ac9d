#pragma once

// kqueue(2) and kevent(2) on Linux, for tests only: the subset that the kqueue backend
// (core/server/io/kqueuepoller.cpp) uses, emulated on epoll in kqueue_on_epoll.cpp, so
// that backend is compiled and runs the server suite here (FRAMESCOPE_IO=kqueue in a
// build with FRAMESCOPE_KQUEUE_EMULATION). Names, types and values follow FreeBSD's
// <sys/event.h>; the semantics follow its kqueue(2) manual page for sockets:
//  - EVFILT_READ and EVFILT_WRITE, one filter per direction and socket, level-triggered;
//  - EV_ADD adds a filter (enabled unless EV_DISABLE) or updates an existing one (udata;
//    EV_ENABLE / EV_DISABLE change its state, plain EV_ADD keeps it); EV_DELETE,
//    EV_ENABLE, EV_DISABLE on a filter that is not there fail with ENOENT;
//  - a change that fails is an EV_ERROR event (data = errno) when there is room in the
//    event list, else kevent() returns -1;
//  - EVFILT_READ: data = bytes to read, EV_EOF once the peer shut down its write side
//    (or reset); EVFILT_WRITE: data = room in the send buffer, EV_EOF once the socket can
//    no longer send. fflags stays 0: where FreeBSD puts the socket's pending error, reading
//    it here (SO_ERROR) would clear it, and the next read must still report it;
//  - a disabled filter reports nothing and does not make the kqueue readable.
// Not emulated: other filters, EV_ONESHOT, EV_CLEAR, EV_RECEIPT, and the knotes of a
// descriptor going away when it is closed (the poller removes a socket before closing it).

#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EVFILT_READ (-1)
#define EVFILT_WRITE (-2)

#define EV_ADD 0x0001
#define EV_DELETE 0x0002
#define EV_ENABLE 0x0004
#define EV_DISABLE 0x0008
#define EV_ONESHOT 0x0010
#define EV_CLEAR 0x0020
#define EV_RECEIPT 0x0040
#define EV_ERROR 0x4000
#define EV_EOF 0x8000

struct kevent
{
    uintptr_t ident;
    short filter;
    unsigned short flags;
    unsigned int fflags;
    intptr_t data;
    void *udata;
};

#define EV_SET(kevp, a, b, c, d, e, f)                                                             \
    do {                                                                                           \
        struct kevent *ev_set_ = (kevp);                                                           \
        ev_set_->ident = (a);                                                                      \
        ev_set_->filter = (b);                                                                     \
        ev_set_->flags = (c);                                                                      \
        ev_set_->fflags = (d);                                                                     \
        ev_set_->data = (e);                                                                       \
        ev_set_->udata = (f);                                                                      \
    } while (0)

int kqueue(void);
int kevent(int kq, const struct kevent *changelist, int nchanges, struct kevent *eventlist,
           int nevents, const struct timespec *timeout);

#ifdef __cplusplus
}
#endif
