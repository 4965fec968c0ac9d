// The I/O seam (core/server/io): every poller backend built here, and the epoll event
// dispatcher under Qt's own objects (timers, queued calls, socket notifiers, QTcpServer).

#include "server/io/poller.h"
#include "server/io/socketio.h"
#ifdef Q_OS_LINUX
#include "server/io/epolldispatcher.h"
#endif
#ifdef FRAMESCOPE_KQUEUE_EMULATION
#include <poll.h>
#include <sys/event.h> // tests/portability/kqueue-on-epoll
#endif

#include <QElapsedTimer>
#include <QMutex>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <sys/socket.h>
#include <unistd.h>

using namespace framescope;
using namespace framescope::io;

namespace {

struct Recorder : PollClient
{
    std::vector<ReadyEvent> events;
    void onReady(const ReadyEvent *ev, int count) override
    {
        events.insert(events.end(), ev, ev + count);
    }
    bool saw(void *key, quint32 flag) const
    {
        for (const ReadyEvent &e : events)
            if (e.key == key && (e.flags & flag))
                return true;
        return false;
    }
};

// A started thread running the given dispatcher (nullptr: Qt's), and an object living in
// it for queued calls into its loop.
struct LoopThread
{
    explicit LoopThread(QAbstractEventDispatcher *dispatcher)
    {
        if (dispatcher)
            thread.setEventDispatcher(dispatcher);
        context.moveToThread(&thread);
        thread.start();
    }
    ~LoopThread() { stop(); }
    // Ends the loop (interrupt() ends a blocking wait); false when the thread did not end.
    bool stop(int ms = 5000)
    {
        thread.quit();
        return thread.wait(ms);
    }
    QThread thread;
    QObject context;
};

// Runs `fn` in a new thread with the given dispatcher (nullptr: Qt's), returns when done.
template <typename Fn> void inThread(QAbstractEventDispatcher *dispatcher, Fn fn)
{
    LoopThread loop(dispatcher);
    QMetaObject::invokeMethod(&loop.context, fn, Qt::BlockingQueuedConnection);
    QVERIFY(loop.stop(10000));
}

// Runs the calling thread's event loop until `done` or 5 s.
template <typename Pred> bool spin(Pred done)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return done();
}

} // namespace

class TestIoBackends : public QObject
{
    Q_OBJECT

private slots:
    void selection();
    void pollers_data();
    void pollers();
#ifdef Q_OS_LINUX
    void dispatcherTimersAndPosts();
    void dispatcherNotifiersAndTcpServer();
    void dispatcherAttachesEpollPoller();
    void dispatcherSignalsReachReceivers();
#endif
#ifdef FRAMESCOPE_KQUEUE_EMULATION
    void kqueueEmulationFollowsKevent();
#endif
};

void TestIoBackends::selection()
{
    const QList<Backend> available = availableBackends();
    QVERIFY(available.contains(Backend::Portable));
#ifdef Q_OS_LINUX
    QCOMPARE(available.front(), Backend::Epoll);
#endif
    const QByteArray saved = qgetenv("FRAMESCOPE_IO");
    QString error;
    qputenv("FRAMESCOPE_IO", "portable");
    QCOMPARE(selectedBackend(&error), std::optional<Backend>(Backend::Portable));
    qputenv("FRAMESCOPE_IO", "iocp");
    QCOMPARE(selectedBackend(&error), std::nullopt);
    QVERIFY2(error.contains(QLatin1String("FRAMESCOPE_IO=iocp: unknown I/O backend")),
             qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("portable")), qPrintable(error));
#if defined(Q_OS_LINUX) && defined(FRAMESCOPE_KQUEUE_EMULATION)
    // The test builds' kqueue on epoll: selectable, after the native backend.
    QCOMPARE(available, (QList<Backend>{Backend::Epoll, Backend::Kqueue, Backend::Portable}));
    qputenv("FRAMESCOPE_IO", "kqueue");
    QCOMPARE(selectedBackend(&error), std::optional<Backend>(Backend::Kqueue));
#elif defined(Q_OS_LINUX)
    qputenv("FRAMESCOPE_IO", "kqueue");
    QCOMPARE(selectedBackend(&error), std::nullopt);
    QVERIFY2(error.contains(QLatin1String("not built for this platform")), qPrintable(error));
#endif
    qunsetenv("FRAMESCOPE_IO");
    QCOMPARE(selectedBackend(&error), std::optional<Backend>(available.front()));
    if (!saved.isEmpty())
        qputenv("FRAMESCOPE_IO", saved);
}

void TestIoBackends::pollers_data()
{
    QTest::addColumn<int>("backend");
    QTest::addColumn<bool>("ownDispatcher");
    for (Backend b : availableBackends()) {
        QTest::addRow("%s", backendName(b)) << int(b) << false;
        std::unique_ptr<QAbstractEventDispatcher> probe(createEventDispatcher(b));
        if (probe)
            QTest::addRow("%s-dispatcher", backendName(b)) << int(b) << true;
    }
}

// Readiness in both directions, interest changes, the peer's FIN, removal, errors: what the
// worker relies on, the same for every backend.
void TestIoBackends::pollers()
{
    QFETCH(int, backend);
    QFETCH(bool, ownDispatcher);
    const Backend b = Backend(backend);
    bool finished = false;
    inThread(ownDispatcher ? createEventDispatcher(b) : nullptr, [&] {
        int sv[2];
        QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
        prepareAccepted(sv[0], false);
        Recorder rec;
        std::unique_ptr<Poller> poller = createPoller(b, &rec);
        QVERIFY(poller);
        QCOMPARE(poller->backend(), b);
        QString error;
        QVERIFY2(poller->start(&error), qPrintable(error));
        alignas(8) static char keys[16];
        void *k = &keys[0];

        // Nothing to read yet: no event, even after the loop ran.
        poller->add(sv[0], WantRead, k);
        QTest::qWait(30);
        QVERIFY(rec.events.empty());

        // Data: readable, and again (level-triggered) until it is read.
        QCOMPARE(::write(sv[1], "abc", 3), ssize_t(3));
        QVERIFY(spin([&] { return rec.saw(k, Readable); }));
        rec.events.clear();
        QVERIFY(spin([&] { return rec.saw(k, Readable); }));
        char buf[8];
        const IoResult r = readSome(sv[0], buf, sizeof buf);
        QCOMPARE(r.bytes, qint64(3));
        QVERIFY(r.ok());
        const IoResult empty = readSome(sv[0], buf, sizeof buf);
        QCOMPARE(empty.error, IoError::WouldBlock);

        // Write interest only: writable, and no read events while data waits unread.
        QCOMPARE(::write(sv[1], "de", 2), ssize_t(2));
        poller->modify(sv[0], WantWrite, k);
        QTest::qWait(20);
        rec.events.clear();
        QVERIFY(spin([&] { return rec.saw(k, Writable); }));
        for (const ReadyEvent &e : rec.events)
            QVERIFY(!(e.flags & Readable));

        // The peer's FIN: readable, the data, then a read of 0.
        poller->modify(sv[0], WantRead, k);
        ::shutdown(sv[1], SHUT_WR);
        rec.events.clear();
        QVERIFY(spin([&] { return rec.saw(k, Readable); }));
        QCOMPARE(readSome(sv[0], buf, sizeof buf).bytes, qint64(2));
        QCOMPARE(readSome(sv[0], buf, sizeof buf).bytes, qint64(0));

        // A gather write goes out in order.
        const Buffer parts[] = {{"he", 2}, {"llo", 3}};
        QCOMPARE(writeGather(sv[0], parts, 2).bytes, qint64(5));
        QCOMPARE(::read(sv[1], buf, sizeof buf), ssize_t(5));
        QCOMPARE(QByteArray(buf, 5), QByteArray("hello"));

        // Removed: silent, although the socket is still readable (FIN).
        poller->remove(sv[0]);
        QTest::qWait(30);
        rec.events.clear();
        QTest::qWait(30);
        QVERIFY(rec.events.empty());

        // Writing to a peer that is gone: an error mapped to Reset, no SIGPIPE.
        ::close(sv[1]);
        IoResult w;
        for (int i = 0; i < 3 && w.ok(); ++i)
            w = writeSome(sv[0], "x", 1);
        QCOMPARE(w.error, IoError::Reset);
        QVERIFY(!errorString(w).isEmpty());
        closeSocket(sv[0], false);
        poller.reset();
        finished = true;
    });
    QVERIFY(finished);
}

#ifdef Q_OS_LINUX
// Qt's timers and queued calls on the epoll dispatcher.
void TestIoBackends::dispatcherTimersAndPosts()
{
    auto *dispatcher = new EpollDispatcher;
    LoopThread loop(dispatcher);

    std::atomic<int> ticks{0}, singleShots{0}, posts{0};
    std::atomic<qint64> singleShotMs{-1};
    QTimer *repeating = nullptr;
    QMetaObject::invokeMethod(
        &loop.context,
        [&] {
            QVERIFY(EpollDispatcher::current() == dispatcher);
            repeating = new QTimer;
            repeating->setInterval(10);
            QObject::connect(repeating, &QTimer::timeout, [&] { ++ticks; });
            repeating->start();
            auto *elapsed = new QElapsedTimer;
            elapsed->start();
            QTimer::singleShot(50, [&, elapsed] {
                singleShotMs = elapsed->elapsed();
                ++singleShots;
                delete elapsed;
            });
            QTimer::singleShot(0, [&] { ++singleShots; });
        },
        Qt::BlockingQueuedConnection);
    // Posts from another thread wake the wait.
    for (int i = 0; i < 100; ++i)
        QMetaObject::invokeMethod(
            &loop.context, [&] { ++posts; }, Qt::QueuedConnection);
    QTRY_COMPARE_WITH_TIMEOUT(posts.load(), 100, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(singleShots.load(), 2, 5000);
    QVERIFY2(singleShotMs.load() >= 50, qPrintable(QString::number(singleShotMs.load())));
    QTRY_VERIFY_WITH_TIMEOUT(ticks.load() >= 5, 5000);
    int remaining = -2;
    QMetaObject::invokeMethod(
        &loop.context,
        [&] {
            remaining = repeating->remainingTime();
            repeating->stop();
            delete repeating;
        },
        Qt::BlockingQueuedConnection);
    QVERIFY2(remaining >= 0 && remaining <= 10, qPrintable(QString::number(remaining)));
    const int stopped = ticks.load();
    QTest::qWait(50);
    QCOMPARE(ticks.load(), stopped);

    // The dispatcher keeps a bound on the earliest due time: with the earliest timer stopped
    // before it fired, the later one still fires on time, neither early nor never.
    std::atomic<qint64> laterMs{-1};
    QMetaObject::invokeMethod(
        &loop.context,
        [&] {
            auto *earlier = new QTimer;
            earlier->setSingleShot(true);
            QObject::connect(earlier, &QTimer::timeout, [&] { ++ticks; });
            earlier->start(20);
            auto *elapsed = new QElapsedTimer;
            elapsed->start();
            QTimer::singleShot(60, [&, elapsed] {
                laterMs = elapsed->elapsed();
                delete elapsed;
            });
            earlier->stop();
            delete earlier;
        },
        Qt::BlockingQueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(laterMs.load() >= 0, 5000);
    QVERIFY2(laterMs.load() >= 60, qPrintable(QString::number(laterMs.load())));
    QCOMPARE(ticks.load(), stopped);
    QVERIFY(loop.stop());
}

// The listening socket of worker 0 is a QTcpServer: its QSocketNotifier runs on the epoll
// dispatcher, and so does a QTcpSocket's.
void TestIoBackends::dispatcherNotifiersAndTcpServer()
{
    LoopThread loop(new EpollDispatcher);
    QTcpServer *server = nullptr;
    std::atomic<int> accepted{0};
    QByteArray received;
    QMutex mutex;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        &loop.context,
        [&] {
            server = new QTcpServer;
            QVERIFY(server->listen(QHostAddress::LocalHost));
            port = server->serverPort();
            QObject::connect(server, &QTcpServer::newConnection, [&] {
                while (QTcpSocket *s = server->nextPendingConnection()) {
                    ++accepted;
                    QObject::connect(s, &QTcpSocket::readyRead, [&, s] {
                        QMutexLocker locker(&mutex);
                        received += s->readAll();
                        s->write("pong");
                    });
                }
            });
        },
        Qt::BlockingQueuedConnection);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));
    client.write("ping");
    QVERIFY(client.waitForBytesWritten(5000));
    QVERIFY(client.waitForReadyRead(5000));
    QCOMPARE(client.readAll(), QByteArray("pong"));
    QCOMPARE(accepted.load(), 1);
    {
        QMutexLocker locker(&mutex);
        QCOMPARE(received, QByteArray("ping"));
    }
    QMetaObject::invokeMethod(
        &loop.context, [&] { delete server; }, Qt::BlockingQueuedConnection);
    QVERIFY(loop.stop());
}

// On the epoll dispatcher the poller shares its set; elsewhere it has one of its own.
void TestIoBackends::dispatcherAttachesEpollPoller()
{
    bool checked = false;
    inThread(new EpollDispatcher, [&] {
        Recorder rec;
        auto poller = createPoller(Backend::Epoll, &rec);
        QString error;
        QVERIFY(poller->start(&error));
        QCOMPARE(poller->pollNow(), -1); // the dispatcher's wait hands events out
        checked = true;
    });
    QVERIFY(checked);
    Recorder rec;
    auto standalone = createPoller(Backend::Epoll, &rec);
    QString error;
    QVERIFY(standalone->start(&error));
    QCOMPARE(standalone->pollNow(), 0);
}

// awake() and aboutToBlock() are emitted only while someone listens (an emission without
// receivers was two QMetaObject::activate calls per wake-up): a receiver connected from
// another thread gets both on the next wake-ups. Disconnecting it must not deadlock (Qt
// calls disconnectNotify() with its connection lock held, and a first version asked
// isSignalConnected() there), and the loop runs on without it.
void TestIoBackends::dispatcherSignalsReachReceivers()
{
    auto *dispatcher = new EpollDispatcher;
    LoopThread loop(dispatcher);
    auto wakeUps = [&](int n) {
        for (int i = 0; i < n; ++i)
            QMetaObject::invokeMethod(
                &loop.context, [] {}, Qt::BlockingQueuedConnection);
    };
    std::atomic<int> awake{0}, aboutToBlock{0};
    QMetaObject::Connection a = QObject::connect(dispatcher, &QAbstractEventDispatcher::awake,
                                                 dispatcher, [&] { ++awake; });
    QMetaObject::Connection b = QObject::connect(
        dispatcher, &QAbstractEventDispatcher::aboutToBlock, dispatcher, [&] { ++aboutToBlock; });
    wakeUps(5);
    QTRY_VERIFY_WITH_TIMEOUT(awake.load() >= 5 && aboutToBlock.load() >= 5, 5000);
    QObject::disconnect(a);
    QObject::disconnect(b);
    wakeUps(1); // a wake-up that may have begun before the disconnect
    const int awakeAfter = awake.load(), blockAfter = aboutToBlock.load();
    wakeUps(5);
    QCOMPARE(awake.load(), awakeAfter);
    QCOMPARE(aboutToBlock.load(), blockAfter);
    QVERIFY(loop.stop());
}
#endif

#ifdef FRAMESCOPE_KQUEUE_EMULATION
// The kqueue backend's pass on Linux proves something only if the emulation under it keeps
// kqueue(2)'s rules for sockets (sys/event.h there lists them): checked here, rule by rule.
void TestIoBackends::kqueueEmulationFollowsKevent()
{
    int sv[2];
    QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    const int kq = kqueue();
    QVERIFY(kq >= 0);
    const timespec zero{0, 0};
    struct kevent out[4];
    int keyA = 0, keyB = 0;
    auto change = [&](short filter, unsigned short flags, void *udata) {
        struct kevent ch;
        EV_SET(&ch, uintptr_t(sv[0]), filter, flags, 0, 0, udata);
        return kevent(kq, &ch, 1, nullptr, 0, nullptr);
    };
    auto queueReadable = [&] {
        pollfd p{kq, POLLIN, 0};
        return ::poll(&p, 1, 0) == 1;
    };

    // Added disabled: data waits, yet no event, and the queue is not readable.
    QCOMPARE(change(EVFILT_READ, EV_ADD | EV_DISABLE, &keyA), 0);
    QCOMPARE(::write(sv[1], "abc", 3), ssize_t(3));
    QCOMPARE(kevent(kq, nullptr, 0, out, 4, &zero), 0);
    QVERIFY(!queueReadable());
    // Plain EV_ADD keeps it disabled but takes the new udata; EV_ENABLE turns it on.
    QCOMPARE(change(EVFILT_READ, EV_ADD, &keyB), 0);
    QCOMPARE(kevent(kq, nullptr, 0, out, 4, &zero), 0);
    QCOMPARE(change(EVFILT_READ, EV_ENABLE, nullptr), 0);
    QVERIFY(queueReadable());
    QCOMPARE(kevent(kq, nullptr, 0, out, 4, &zero), 1);
    QCOMPARE(out[0].filter, short(EVFILT_READ));
    QCOMPARE(out[0].udata, static_cast<void *>(&keyB));
    QCOMPARE(out[0].data, intptr_t(3));
    QCOMPARE(out[0].flags & EV_EOF, 0);
    // Level-triggered: reported again while unread.
    QCOMPARE(kevent(kq, nullptr, 0, out, 4, &zero), 1);

    // The write filter is separate: one event per filter, each with its own udata.
    QCOMPARE(change(EVFILT_WRITE, EV_ADD, &keyA), 0);
    QCOMPARE(kevent(kq, nullptr, 0, out, 4, &zero), 2);
    const bool readFirst = out[0].filter == EVFILT_READ;
    const struct kevent &w = readFirst ? out[1] : out[0];
    QCOMPARE(w.filter, short(EVFILT_WRITE));
    QCOMPARE(w.udata, static_cast<void *>(&keyA));
    QVERIFY(w.data > 0);
    QCOMPARE(change(EVFILT_WRITE, EV_DELETE, nullptr), 0);

    // The peer's FIN: EV_EOF on the read filter, with the bytes still to read.
    ::shutdown(sv[1], SHUT_WR);
    QCOMPARE(kevent(kq, nullptr, 0, out, 4, &zero), 1);
    QVERIFY(out[0].flags & EV_EOF);
    QCOMPARE(out[0].data, intptr_t(3));

    // A change on a filter that is not there: an EV_ERROR event when there is room, else -1.
    struct kevent del;
    EV_SET(&del, uintptr_t(sv[0]), EVFILT_WRITE, EV_DELETE, 0, 0, nullptr);
    QCOMPARE(kevent(kq, &del, 1, out, 4, &zero), 1);
    QVERIFY(out[0].flags & EV_ERROR);
    QCOMPARE(out[0].data, intptr_t(ENOENT));
    errno = 0;
    QCOMPARE(kevent(kq, &del, 1, nullptr, 0, nullptr), -1);
    QCOMPARE(errno, ENOENT);
    struct kevent bad;
    EV_SET(&bad, uintptr_t(sv[0]), short(-9), EV_ADD, 0, 0, nullptr); // not emulated
    QCOMPARE(kevent(kq, &bad, 1, out, 4, &zero), 1);
    QCOMPARE(out[0].data, intptr_t(EINVAL));
    struct kevent enable;
    EV_SET(&enable, uintptr_t(sv[0]), EVFILT_WRITE, EV_ENABLE, 0, 0, nullptr);
    QCOMPARE(kevent(kq, &enable, 1, out, 4, &zero), 1);
    QCOMPARE(out[0].data, intptr_t(ENOENT));

    // Deleted: silent although still readable.
    QCOMPARE(change(EVFILT_READ, EV_DELETE, nullptr), 0);
    QCOMPARE(kevent(kq, nullptr, 0, out, 4, &zero), 0);
    QVERIFY(!queueReadable());

    // The peer gone: the write filter reports EV_EOF (the socket can no longer send).
    ::close(sv[1]);
    QCOMPARE(change(EVFILT_WRITE, EV_ADD, &keyA), 0);
    QCOMPARE(kevent(kq, nullptr, 0, out, 4, &zero), 1);
    QCOMPARE(out[0].filter, short(EVFILT_WRITE));
    QVERIFY(out[0].flags & EV_EOF);
    ::close(kq);
    ::close(sv[0]);
}
#endif

QTEST_GUILESS_MAIN(TestIoBackends)
#include "tst_iobackends.moc"
