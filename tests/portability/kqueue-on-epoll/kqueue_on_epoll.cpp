// kqueue(2) on epoll, for tests on Linux: see sys/event.h here for what is emulated.
//
// A kqueue is an epoll descriptor, so it is readable while events are pending, as a real
// kqueue is (the kqueue backend watches it with a QSocketNotifier). Each queue keeps, per
// socket, the two filters' state; the socket is in the epoll set with the union of its
// enabled filters, and out of it while none is enabled (epoll reports a hang-up whatever
// the interest, which would keep the queue readable for a filter that is disabled).

#include "sys/event.h"

#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <linux/sockios.h>
#include <mutex>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <unordered_map>

namespace {

struct Filter
{
    bool added = false;
    bool enabled = false;
    void *udata = nullptr;
};

struct Knotes
{
    Filter read;
    Filter write;
    bool inEpoll = false;
};

struct Queue
{
    std::unordered_map<int, Knotes> sockets;
};

std::mutex &lock()
{
    static std::mutex m;
    return m;
}

std::unordered_map<int, Queue> &queues()
{
    static std::unordered_map<int, Queue> q;
    return q;
}

// Puts the socket into the epoll set with its enabled filters, or takes it out. Returns 0
// or an errno value.
int sync(int kq, Queue &q, int fd, Knotes &k)
{
    const uint32_t want = ((k.read.added && k.read.enabled) ? uint32_t(EPOLLIN | EPOLLRDHUP) : 0u) |
                          ((k.write.added && k.write.enabled) ? uint32_t(EPOLLOUT) : 0u);
    if (want == 0) {
        if (k.inEpoll)
            epoll_ctl(kq, EPOLL_CTL_DEL, fd, nullptr); // EBADF: closed already, gone anyway
        k.inEpoll = false;
        if (!k.read.added && !k.write.added)
            q.sockets.erase(fd);
        return 0;
    }
    epoll_event ev{};
    ev.events = want;
    ev.data.fd = fd;
    int rc = epoll_ctl(kq, k.inEpoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev);
    if (rc != 0 && errno == ENOENT) // closed and the number reused: a new socket
        rc = epoll_ctl(kq, EPOLL_CTL_ADD, fd, &ev);
    else if (rc != 0 && errno == EEXIST)
        rc = epoll_ctl(kq, EPOLL_CTL_MOD, fd, &ev);
    if (rc != 0)
        return errno;
    k.inEpoll = true;
    return 0;
}

// One change of the change list; 0 or an errno value.
int apply(int kq, Queue &q, const struct kevent &change)
{
    if (change.filter != EVFILT_READ && change.filter != EVFILT_WRITE)
        return EINVAL;
    if (change.ident > uintptr_t(INT_MAX))
        return EBADF;
    const int fd = int(change.ident);
    const bool read = change.filter == EVFILT_READ;
    if (change.flags & EV_ADD) {
        if (fcntl(fd, F_GETFD) < 0)
            return EBADF;
        Knotes &k = q.sockets[fd];
        Filter &f = read ? k.read : k.write;
        if (!f.added) {
            f.added = true;
            f.enabled = !(change.flags & EV_DISABLE);
        } else if (change.flags & EV_DISABLE) {
            f.enabled = false;
        } else if (change.flags & EV_ENABLE) {
            f.enabled = true;
        }
        f.udata = change.udata;
        return sync(kq, q, fd, k);
    }
    const auto it = q.sockets.find(fd);
    Filter *f = it == q.sockets.end() ? nullptr : (read ? &it->second.read : &it->second.write);
    if (!f || !f->added)
        return (change.flags & (EV_DELETE | EV_ENABLE | EV_DISABLE)) ? ENOENT : EINVAL;
    if (change.flags & EV_DELETE)
        *f = Filter{};
    else if (change.flags & EV_DISABLE)
        f->enabled = false;
    else if (change.flags & EV_ENABLE)
        f->enabled = true;
    else
        return EINVAL;
    return sync(kq, q, fd, it->second);
}

intptr_t readable(int fd)
{
    int n = 0;
    return ioctl(fd, FIONREAD, &n) == 0 ? n : 0;
}

intptr_t roomToSend(int fd)
{
    int size = 0;
    socklen_t len = sizeof size;
    int queued = 0;
    if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, &len) != 0 ||
        ioctl(fd, SIOCOUTQ, &queued) != 0)
        return 0;
    return size > queued ? size - queued : 0;
}

} // namespace

extern "C" int kqueue(void)
{
    const int kq = epoll_create1(EPOLL_CLOEXEC);
    if (kq < 0)
        return -1;
    std::lock_guard<std::mutex> guard(lock());
    queues()[kq] = Queue{}; // a number an earlier, closed queue had starts empty
    return kq;
}

extern "C" int kevent(int kq, const struct kevent *changelist, int nchanges,
                      struct kevent *eventlist, int nevents, const struct timespec *timeout)
{
    int out = 0;
    {
        std::lock_guard<std::mutex> guard(lock());
        const auto q = queues().find(kq);
        if (q == queues().end()) {
            errno = EBADF;
            return -1;
        }
        for (int i = 0; i < nchanges; ++i) {
            const int error = apply(kq, q->second, changelist[i]);
            if (error == 0)
                continue;
            if (out >= nevents) {
                errno = error;
                return -1;
            }
            eventlist[out] = changelist[i];
            eventlist[out].flags = EV_ERROR;
            eventlist[out].data = error;
            ++out;
        }
    }
    // Errors are returned at once, without waiting (as FreeBSD does).
    if (out > 0 || nevents <= 0)
        return out;

    const int timeoutMs =
        timeout ? int(timeout->tv_sec * 1000 + (timeout->tv_nsec + 999999) / 1000000) : -1;
    epoll_event ready[256];
    const int max = nevents < 256 ? nevents : 256;
    do {
        const int n = epoll_wait(kq, ready, max, timeoutMs);
        if (n < 0)
            return -1;
        std::lock_guard<std::mutex> guard(lock());
        Queue &q = queues()[kq];
        for (int i = 0; i < n && out < nevents; ++i) {
            const auto it = q.sockets.find(ready[i].data.fd);
            if (it == q.sockets.end())
                continue; // removed by another thread since the wait
            const int fd = it->first;
            const Knotes &k = it->second;
            const uint32_t e = ready[i].events;
            if (k.read.added && k.read.enabled &&
                (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) {
                struct kevent &ev = eventlist[out++];
                EV_SET(&ev, uintptr_t(fd), EVFILT_READ, (e & (EPOLLRDHUP | EPOLLHUP)) ? EV_EOF : 0,
                       0, readable(fd), k.read.udata);
            }
            if (out < nevents && k.write.added && k.write.enabled &&
                (e & (EPOLLOUT | EPOLLHUP | EPOLLERR))) {
                struct kevent &ev = eventlist[out++];
                EV_SET(&ev, uintptr_t(fd), EVFILT_WRITE, (e & (EPOLLHUP | EPOLLERR)) ? EV_EOF : 0,
                       0, roomToSend(fd), k.write.udata);
            }
            // What did not fit is reported by the next call: readiness is level-triggered.
        }
    } while (out == 0 && !timeout); // no timeout: wait until something is reported
    return out;
}
